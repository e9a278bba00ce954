#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How an exploration walks the state space, and when it gives up.
public struct ExplorerOptions: Sendable {
  /// The order in which states are visited.
  public enum Strategy: String, Sendable, CaseIterable {
    /// Breadth-first: exhaustive, and every counterexample is a shortest one.
    case breadthFirst = "bfs"
    /// Depth-first: exhaustive, with a smaller frontier; counterexamples may be long.
    case depthFirst = "dfs"
    /// Random walks from a seed: finds bugs in large spaces, never proves a property.
    case random = "random"
  }

  /// The order in which states are visited.
  public var strategy: Strategy = .breadthFirst
  /// Stop, incomplete, once this many distinct states have been found.
  public var maxStates: Int? = nil
  /// Do not expand states this many steps from an initial state; also each random walk's length.
  public var maxDepth: Int? = nil
  /// Stop, incomplete, after this many seconds.
  public var timeLimit: Double? = nil
  /// The seed of random simulation.
  public var seed: UInt64 = 1
  /// The number of random walks.
  public var walks: Int = 1000
  /// Threads for breadth-first search; any number gives the same states, counts, paths and
  /// verdicts as one, faster.
  public var workers: Int = 1
  /// Store whole states instead of fingerprints, so no collision can hide a state (more memory;
  /// single-threaded).
  public var exact: Bool = false
  /// Whether liveness properties (`eventually`, `leadsTo`) are checked after the safety
  /// search. When false they are reported as not checked, and the verdict covers the other
  /// properties only: for measuring the safety search alone.
  public var checksLiveness: Bool = true
  /// Polled with the clock (every state to every 1,024 states, by how long states take);
  /// returning true stops the search as incomplete.
  public var isCancelled: (@Sendable () -> Bool)? = nil
  /// Called about once a second with the search's progress, from the exploring thread.
  public var progress: (@Sendable (Progress) -> Void)? = nil

  /// The default random walk length, when `maxDepth` is not set.
  public static let defaultWalkDepth = 100
  /// The largest `maxStates` accepted: 2⁴⁰ states would not fit in memory anyway.
  public static let largestStateLimit = 1 << 40
  /// The largest `maxDepth` accepted.
  public static let largestDepthLimit = Int(Int32.max)
  /// The most random walks accepted.
  public static let largestWalkCount = 1 << 32
  /// The most worker threads accepted.
  public static let mostWorkers = 256

  /// Checks every limit against its accepted range, so that no product of them can overflow.
  public func validate() throws(FaultlineError) {
    func check(_ name: String, _ value: Int?, _ range: ClosedRange<Int>) throws(FaultlineError) {
      guard let value, !range.contains(value) else { return }
      throw .invalidValue(
        option: name, value: String(value),
        expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
    }
    try check("maxStates", maxStates, 1...Self.largestStateLimit)
    try check("maxDepth", maxDepth, 0...Self.largestDepthLimit)
    try check("walks", walks, 1...Self.largestWalkCount)
    try check("workers", workers, 1...Self.mostWorkers)
    if let timeLimit, !(timeLimit > 0) {
      throw .invalidValue(
        option: "timeLimit", value: String(timeLimit), expected: "a positive number of seconds")
    }
  }

  /// Creates options; every limit is off by default.
  public init(
    strategy: Strategy = .breadthFirst, maxStates: Int? = nil, maxDepth: Int? = nil,
    timeLimit: Double? = nil, seed: UInt64 = 1, walks: Int = 1000
  ) {
    self.strategy = strategy
    self.maxStates = maxStates
    self.maxDepth = maxDepth
    self.timeLimit = timeLimit
    self.seed = seed
    self.walks = walks
  }
}
