import Faultline

/// The built-in protocol models, by the names the command line uses.
public enum Catalogue {
  /// Every built-in model, in the order `faultline list` shows them.
  public static let entries: [ModelEntry] =
    [
      twoPhaseCommit, threePhaseCommit, floodingConsensus, uniformConsensus, rotatingCoordinator,
      paxosLamport, byzantineGenerals, primaryBackup, chainReplication, quorumReplication, rpc,
      checkpointRecovery,
      stateMachineReplication,
    ] + multicastEntries

  /// The model called `name`, or an error that names the closest ones.
  public static func entry(named name: String) throws(FaultlineError) -> ModelEntry {
    if let entry = entries.first(where: { $0.name == name }) { return entry }
    throw NameSuggestion.unknown("model", name, among: entries.map(\.name))
  }

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
    summary: "Lamport, Shostak and Pease's oral messages OM(m) against m traitors, in synchronous rounds",
    parameters: [
      .integer(
        "generals", default: 4, in: ByzantineGenerals.generalsRange,
        "number of generals, the commander included; OM(m) needs more than 3m"),
      .integer(
        "traitors", default: 1, in: ByzantineGenerals.traitorsRange,
        "number of traitors m, commander or lieutenants, at most generals - 2; the algorithm run is OM(m)"),
    ],
    variants: ByzantineGenerals.Variant.self,
    check: {
      (variant: ByzantineGenerals.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try ByzantineGenerals(
        generals: values.integer("generals"), traitors: values.integer("traitors"), variant: variant)
      return try CheckOutcome.explore(
        model, name: "byzantine-generals", variant: variant.rawValue, parameters: values, request: request)
    })
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
    case .correct: "OM(m) as published (violated with 3m generals or fewer)"
    case .skipRelay: "lieutenants obey the commander without comparing notes (OM(0))"
    case .oneRoundShort: "OM(m - 1) against m traitors: one round of relays too few (with one traitor, OM(0))"
    }
  }

}
