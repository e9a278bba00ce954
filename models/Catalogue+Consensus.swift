import Faultline

/// The catalogue entries of the consensus models.
extension Catalogue {
  static let floodingConsensus = ModelEntry(
    name: "flooding-consensus",
    summary: "Flooding consensus in rounds with a perfect failure detector; crashes may strike in mid-flood",
    parameters: [
      .integer(
        "processes", default: 3, in: 1...5, "number of processes; process i proposes min(i, values - 1)"),
      .integer(
        "crashes", default: 1, in: 0...4,
        "most crashes, each possibly in mid-broadcast (fewer than processes)"),
      .integer(
        "values", default: 0, in: 0...8, "number of distinct proposals; 0 (the default): one per process"),
      .choice(
        "network", default: "fifo", among: networks.map(\.0),
        "fifo (reliable, in order per link), unordered, duplicating or lossy"),
    ] + DetectorSetting.parameters(assumed: .perfect, falseSuspicions: 0...2),
    variants: FloodingConsensusVariant.self,
    check: {
      (variant: FloodingConsensusVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let processes = values.integer("processes")
      let distinct = values.integer("values") == 0 ? processes : values.integer("values")
      let setting = try DetectorSetting(values, assumed: .perfect)
      let model = try FloodingConsensus.make(
        processes: processes, crashes: values.integer("crashes"), values: distinct,
        decidesEarly: variant == .decideEarly, network: setting.network(network(values.string("network"))),
        detector: setting.detector)
      // Report the number of values in force, not the 0 that stands for "one per process".
      let effective = values.setting("values", to: .integer(distinct))
      return try setting.explore(
        model, name: "flooding-consensus", variant: variant.rawValue, parameters: effective, request: request)
    })

  static let uniformConsensus = ModelEntry(
    name: "uniform-consensus",
    summary:
      "Uniform consensus by rank (hierarchical) with a perfect failure detector; crashes in mid-broadcast",
    parameters: [
      .integer("processes", default: 3, in: 1...5, "number of processes; process i proposes i"),
      .integer(
        "crashes", default: 1, in: 0...4,
        "most crashes, each possibly in mid-broadcast (fewer than processes)"),
      .choice(
        "network", default: "unordered", among: networks.map(\.0), "fifo, unordered, duplicating or lossy"),
      .choice(
        "agreement", default: "uniform", among: UniformConsensus.Agreement.allCases.map(\.rawValue),
        "uniform (also crashed processes agree) or regular (only correct processes must agree)"),
    ] + DetectorSetting.parameters(assumed: .perfect, falseSuspicions: 0...2),
    variants: UniformConsensusVariant.self,
    check: {
      (variant: UniformConsensusVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let setting = try DetectorSetting(values, assumed: .perfect)
      let model = try UniformConsensus.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        uniform: variant == .uniform, network: setting.network(network(values.string("network"))),
        agreement: UniformConsensus.Agreement(rawValue: values.string("agreement")) ?? .uniform,
        detector: setting.detector)
      return try setting.explore(
        model, name: "uniform-consensus", variant: variant.rawValue, parameters: values, request: request)
    })

  static let rotatingCoordinator = ModelEntry(
    name: "rotating-coordinator",
    summary: "Chandra–Toueg consensus: rotating coordinator, ◇S failure detector, a majority correct",
    parameters: [
      .integer("processes", default: 3, in: 2...5, "number of processes; process i proposes i"),
      .integer(
        "crashes", default: 1, in: 0...2,
        "most crashes, each possibly in mid-broadcast (a minority of processes)"),
      .integer(
        "rounds", default: 5, in: 1...8,
        "rounds each process runs before it only listens (too few leave termination undetermined)"),
      .choice(
        "network", default: "fifo", among: networks.map(\.0),
        "fifo (reliable, in order per link), unordered, duplicating or lossy"),
    ]
      + DetectorSetting.parameters(
        assumed: .eventuallyStrong, falseSuspicions: 0...8, defaultFalseSuspicions: 1, partitions: nil),
    variants: RotatingCoordinatorVariant.self,
    check: {
      (variant: RotatingCoordinatorVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let setting = try DetectorSetting(values, assumed: .eventuallyStrong)
      let model = try RotatingCoordinator.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        detector: setting.detector, rounds: values.integer("rounds"),
        majority: variant == .majority, network: network(values.string("network")))
      return try setting.explore(
        model, name: "rotating-coordinator", variant: variant.rawValue, parameters: values, request: request)
    })
}

/// The versions of `flooding-consensus` in the catalogue, the correct one first.
public enum FloodingConsensusVariant: String, CatalogueVariant {
  /// Decides the smallest known proposal once a round heard from the same processes as the one before
  case correct
  /// Decides at the end of the first round even if someone crashed in mid-flood: agreement breaks
  case decideEarly = "decide-early"

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct:
      "decides the smallest known proposal once a round heard from the same processes as the one before"
    case .decideEarly:
      "decides at the end of the first round even if someone crashed in mid-flood: agreement breaks"
    }
  }

}

/// The versions of `uniform-consensus` in the catalogue, the correct one first.
public enum UniformConsensusVariant: String, CatalogueVariant {
  /// The leader decides only once every unsuspected process adopted its value
  case uniform
  /// The leader decides at once, then tells the others: correct processes agree, crashed ones need not
  case nonUniform = "non-uniform"

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .uniform: "the leader decides only once every unsuspected process adopted its value"
    case .nonUniform:
      "the leader decides at once, then tells the others: correct processes agree, crashed ones need not"
    }
  }

}

/// The versions of `rotating-coordinator` in the catalogue, the correct one first.
public enum RotatingCoordinatorVariant: String, CatalogueVariant {
  /// The coordinator waits for a majority of estimates and of replies
  case majority
  /// The coordinator waits for only ⌊n/2⌋ estimates and replies: quorums need not intersect
  case minorityQuorum = "minority-quorum"

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .majority: "the coordinator waits for a majority of estimates and of replies"
    case .minorityQuorum:
      "the coordinator waits for only ⌊n/2⌋ estimates and replies: quorums need not intersect"
    }
  }

}
