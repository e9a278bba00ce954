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
    throw NameSuggestion.unknown("model", name, among: entries.map(\.name))
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
    variants: TwoPhaseCommit.Variant.self,
    check: {
      (variant: TwoPhaseCommit.Variant, values: ParameterValues, request: CheckRequest) throws(FaultlineError)
      in
      let model = try TwoPhaseCommit(
        participants: values.integer("participants"), crashes: values.integer("crashes"),
        recovery: values.flag("recovery"), variant: variant,
        symmetric: values.flag("symmetry"))
      // Report the values in force: `recovery-decides-alone` implies recovery and a crash.
      let effective = values.setting("crashes", to: .integer(model.crashes))
        .setting("recovery", to: .flag(model.recovery))
      return try CheckOutcome.explore(
        model, name: "two-phase-commit", variant: variant.rawValue, parameters: effective, request: request)
    })

  static let paxosLamport = ModelEntry(
    name: "paxos-lamport",
    summary: "Lamport's Paxos (Paxos.tla) on the System layer: a leader per ballot, 3 acceptors, 2 values",
    parameters: [
      .integer(
        "max-ballot", default: 1, in: 0...PaxosLamport.largestMaxBallot,
        "highest ballot number (ballots are 0 to this)")
    ],
    variants: PaxosLamportProcess.Variant.self,
    check: {
      (variant: PaxosLamportProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try PaxosLamport.make(maxBallot: values.integer("max-ballot"), variant: variant)
      return try CheckOutcome.explore(
        model, name: "paxos-lamport", variant: variant.rawValue, parameters: values, request: request)
    })

  static let byzantineGenerals = ModelEntry(
    name: "byzantine-generals",
    summary: "Lamport, Shostak and Pease's oral messages OM(1) with one traitor, commander or lieutenant",
    parameters: [
      .integer(
        "generals", default: 4, in: ByzantineGenerals.generalsRange,
        "number of generals, the commander included; with 3, one traitor is too many")
    ],
    variants: ByzantineGenerals.Variant.self,
    check: {
      (variant: ByzantineGenerals.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try ByzantineGenerals(
        generals: values.integer("generals"),
        variant: variant)
      return try CheckOutcome.explore(
        model, name: "byzantine-generals", variant: variant.rawValue, parameters: values, request: request)
    })
}

extension TwoPhaseCommit.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "the protocol as specified"
    case .commitWithoutAllVotes: "the coordinator commits after any yes vote"
    case .abortAfterPrepare: "a participant that voted yes may still abort on its own"
    case .recoveryDecidesAlone:
      "a participant recovering with a yes vote aborts on its own (implies --recovery, 1+ crash)"
    }
  }

}

extension PaxosLamportProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "the protocol as specified"
    case .phase2aIgnoresVotes: "a leader proposes any value, even when a promise reports a vote"
    case .acceptorAcceptsBelowPromise: "an acceptor votes for a proposal below the ballot it promised"
    }
  }

}

extension ByzantineGenerals.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "OM(1) as published (violated with --generals 3)"
    case .skipRelay: "lieutenants obey the commander without comparing notes (OM(0))"
    }
  }

}
