/// How to check a model: the explorer's options, or a path to replay instead of exploring.
public struct CheckRequest: Sendable {
  /// Strategy and limits for exploration.
  public var options: ExplorerOptions
  /// When set, replay these choices (a counterexample's `replay` string) instead of exploring.
  public var replay: [Int]?

  /// Creates a request.
  public init(options: ExplorerOptions = ExplorerOptions(), replay: [Int]? = nil) {
    self.options = options
    self.replay = replay
  }
}
