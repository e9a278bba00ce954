import Faultline

/// The built-in protocol models, by the names the command line uses.
public enum Catalogue {
  /// Every built-in model, in the order `faultline list` shows them.
  public static let entries: [ModelEntry] =
    [
      twoPhaseCommit, twoPhaseCommitSystem, floodingConsensus, uniformConsensus, rotatingCoordinator,
      paxosLamport, byzantineGenerals, primaryBackup, chainReplication,
    ] + multicastEntries

  /// The model called `name`, or an error that names the closest ones.
  public static func entry(named name: String) throws(FaultlineError) -> ModelEntry {
    if let entry = entries.first(where: { $0.name == name }) { return entry }
    throw .unknownName(
      kind: "model", name: name, suggestions: NameSuggestion.closest(to: name, among: entries.map(\.name)))
  }

  static let twoPhaseCommit = ModelEntry(
    name: "two-phase-commit",
    summary: "Two-phase commit (Lamport and Gray's TwoPhase) with crash-stop coordinator and participants",
    parameters: [
      .integer(
        "participants", default: 3, in: 1...TwoPhaseCommit.maxParticipants,
        "number of participants (resource managers)"),
      .integer(
        "crashes", default: 0, in: 0...TwoPhaseCommit.maxParticipants + 1,
        "most crash-stop failures of any processes in one run"),
      .flag(
        "recovery", "crashed processes may recover from their logs (votes, decisions); crashes still count"),
      symmetryParameter,
    ],
    variants: [
      ModelVariant("correct", expected: .holds, "the protocol as specified"),
      ModelVariant(
        "commit-without-all-votes", expected: .violated, "the coordinator commits after any yes vote"),
      ModelVariant(
        "abort-after-prepare", expected: .violated, "a participant that voted yes may still abort on its own"
      ),
      ModelVariant(
        "recovery-decides-alone", expected: .violated,
        "a participant recovering with a yes vote aborts on its own (implies --recovery, 1+ crash)"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try TwoPhaseCommit(
        participants: values.integer("participants"), crashes: values.integer("crashes"),
        recovery: values.flag("recovery"), variant: TwoPhaseCommit.Variant(rawValue: variant) ?? .correct,
        symmetric: values.flag("symmetry"))
      // Report the values in force: `recovery-decides-alone` implies recovery and a crash.
      let effective = values.setting("crashes", to: .integer(model.crashes))
        .setting("recovery", to: .flag(model.recovery))
      return try CheckOutcome.explore(
        model, name: "two-phase-commit", variant: variant, parameters: effective, request: request)
    })

  static let paxosLamport = ModelEntry(
    name: "paxos-lamport",
    summary: "Lamport's Paxos consensus in message-set style: 3 acceptors, 2 values, majority quorums",
    parameters: [
      .integer(
        "max-ballot", default: 1, in: 0...PaxosLamport.largestMaxBallot,
        "highest ballot number (ballots are 0 to this)")
    ],
    variants: [
      ModelVariant("correct", expected: .holds, "the protocol as specified"),
      ModelVariant(
        "phase2a-ignores-votes", expected: .violated,
        "a leader proposes any value, even when a promise reports a vote"),
      ModelVariant(
        "acceptor-accepts-below-promise", expected: .violated,
        "an acceptor votes for a proposal below the ballot it promised"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try PaxosLamport(
        maxBallot: values.integer("max-ballot"), variant: PaxosLamport.Variant(rawValue: variant) ?? .correct)
      return try CheckOutcome.explore(
        model, name: "paxos-lamport", variant: variant, parameters: values, request: request)
    })

  static let byzantineGenerals = ModelEntry(
    name: "byzantine-generals",
    summary: "Lamport, Shostak and Pease's oral messages OM(1) with one traitor, commander or lieutenant",
    parameters: [
      .integer(
        "generals", default: 4, in: ByzantineGenerals.generalsRange,
        "number of generals, the commander included; with 3, one traitor is too many")
    ],
    variants: [
      ModelVariant("correct", expected: .holds, "OM(1) as published (violated with --generals 3)"),
      ModelVariant(
        "skip-relay", expected: .violated, "lieutenants obey the commander without comparing notes (OM(0))"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try ByzantineGenerals(
        generals: values.integer("generals"),
        variant: ByzantineGenerals.Variant(rawValue: variant) ?? .correct)
      return try CheckOutcome.explore(
        model, name: "byzantine-generals", variant: variant, parameters: values, request: request)
    })
}
