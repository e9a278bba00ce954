/// How to check a model: the explorer's options, or a path to replay instead of exploring.
public struct CheckRequest: Sendable {
  /// Strategy and limits for exploration.
  public var options: ExplorerOptions
  /// When set, replay these choices (a counterexample's `replay` string) instead of exploring.
  public var replay: [Int]?
  /// When set, search for a behaviour that explains this log instead of exploring
  /// (`faultline verify LOG --model NAME`).
  public var conformance: ConformanceLog?
  /// With `conformance`, the most hidden steps between two logged events; nil for no bound.
  public var hiddenStepLimit: Int?

  /// Creates a request.
  public init(
    options: ExplorerOptions = ExplorerOptions(), replay: [Int]? = nil, conformance: ConformanceLog? = nil,
    hiddenStepLimit: Int? = nil
  ) {
    self.options = options
    self.replay = replay
    self.conformance = conformance
    self.hiddenStepLimit = hiddenStepLimit
  }
}
