import Faultline

/// The built-in protocol models, by the names the command line uses.
public enum Catalogue {
  /// Every built-in model, in the order `faultline list` shows them.
  public static let entries: [ModelEntry] = [
    twoPhaseCommit, twoPhaseCommitSystem, floodingConsensus, uniformConsensus, rotatingCoordinator,
  ]

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
      ModelParameter(
        "participants", default: "3", "number of participants (resource managers)",
        kind: .integer(1...TwoPhaseCommit.maxParticipants)),
      ModelParameter(
        "crashes", default: "0", "most crash-stop failures of any processes in one run",
        kind: .integer(0...TwoPhaseCommit.maxParticipants + 1)),
      symmetryParameter,
    ],
    variants: [
      ModelVariant("correct", expected: "holds", "the protocol as specified"),
      ModelVariant(
        "commit-without-all-votes", expected: "violated", "the coordinator commits after any yes vote"),
      ModelVariant(
        "abort-after-prepare", expected: "violated", "a participant that voted yes may still abort on its own"
      ),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try TwoPhaseCommit(
        participants: values.integer("participants"), crashes: values.integer("crashes"),
        variant: TwoPhaseCommit.Variant(rawValue: variant) ?? .correct, symmetric: values.flag("symmetry"))
      return try CheckOutcome.explore(
        model, name: "two-phase-commit", variant: variant, parameters: values, request: request)
    })
}
