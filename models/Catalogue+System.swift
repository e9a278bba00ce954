import Faultline

/// The catalogue entries of the models written on the `System` layer.
extension Catalogue {
  /// The network semantics a `--network` value names.
  static let networks: [(String, NetworkSemantics)] = [
    ("fifo", .fifo), ("unordered", .unordered), ("duplicating", .duplicating), ("lossy", .lossy),
  ]

  static func network(_ name: String) -> NetworkSemantics {
    networks.first { $0.0 == name }?.1 ?? .unordered
  }

  /// The `--symmetry` flag: interchangeable processes count once per orbit.
  static let symmetryParameter = ModelParameter.flag(
    "symmetry", "count states up to renaming interchangeable processes (orbits); paths stay concrete")

  static let twoPhaseCommitSystem = ModelEntry(
    name: "two-phase-commit-system",
    summary: "Two-phase commit written on the System layer: processes, a chosen network, crash points",
    parameters: [
      .integer("participants", default: 3, in: 1...8, "number of participants (resource managers)"),
      .integer(
        "crashes", default: 0, in: 0...9, "most crashes of any processes, each possibly in mid-broadcast"),
      .choice(
        "network", default: "duplicating", among: networks.map(\.0),
        "fifo, unordered, duplicating (TwoPhase's message set) or lossy (unordered, may lose)"),
      symmetryParameter,
    ],
    variants: TwoPhaseCommitSystemVariant.self,
    check: {
      (variant: TwoPhaseCommitSystemVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      try checkTwoPhaseCommitSystem(
        variant: variant.rawValue, values: values, request: request, name: "two-phase-commit-system")
    })

  /// Checks two-phase commit on the System layer.
  static func checkTwoPhaseCommitSystem(
    variant: String, values: ParameterValues, request: CheckRequest, name: String
  ) throws(FaultlineError) -> CheckOutcome {
    let crashes = values.integer("crashes")
    let network = values.string("network")
    let model = try TwoPhaseCommitSystem.make(
      participants: values.integer("participants"), crashes: crashes,
      network: network.isEmpty ? .duplicating : Self.network(network), crashDuringSends: crashes > 0,
      symmetry: values.flag("symmetry"))
    return try CheckOutcome.explore(model, name: name, variant: variant, parameters: values, request: request)
  }
}

/// The versions of `two-phase-commit-system` in the catalogue, the correct one first.
public enum TwoPhaseCommitSystemVariant: String, CatalogueVariant {
  /// The protocol as specified
  case correct

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "the protocol as specified"
    }
  }

}
