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
  /// Threads for breadth-first search; 1 is fully deterministic, more give the same counts
  /// and verdicts (and shortest counterexamples of the same length) faster.
  public var workers: Int = 1
  /// Store whole states instead of fingerprints, so no collision can hide a state (more memory;
  /// single-threaded).
  public var exact: Bool = false
  /// Polled about every thousand states; returning true stops the search as incomplete.
  public var isCancelled: (@Sendable () -> Bool)? = nil
  /// Called about once a second with the search's progress, from the exploring thread.
  public var progress: (@Sendable (Progress) -> Void)? = nil

  /// The default random walk length, when `maxDepth` is not set.
  public static let defaultWalkDepth = 100

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

/// A snapshot of a running search, for progress reports.
public struct Progress: Sendable {
  /// Distinct states found so far.
  public var distinctStates: Int
  /// The depth being explored.
  public var depth: Int
  /// States found but not yet expanded.
  public var frontier: Int
  /// Seconds since the search started.
  public var seconds: Double

  /// Creates a snapshot.
  public init(distinctStates: Int, depth: Int, frontier: Int, seconds: Double) {
    self.distinctStates = distinctStates
    self.depth = depth
    self.frontier = frontier
    self.seconds = seconds
  }
}

/// Figures about a finished exploration.
public struct Statistics: Sendable, Equatable {
  /// Distinct states found (by fingerprint).
  public var distinctStates: Int
  /// Successor states generated, counting duplicates (TLC's "states generated", less the
  /// initial states).
  public var generatedStates: Int
  /// The number of steps from an initial state to the deepest state found.
  public var maxDepth: Int
  /// Wall-clock seconds the exploration took.
  public var seconds: Double
  /// Bytes held by the visited-state table at the end.
  public var tableBytes: Int
  /// Whether states were stored whole (`exact`) rather than as fingerprints.
  public var exact: Bool = false
  /// The process's peak resident memory when the search ended, where the system reports it.
  public var peakMemoryBytes: Int? = nil
  /// The threads that explored.
  public var workers: Int = 1

  /// Peak resident memory divided by distinct states.
  public var bytesPerState: Double? {
    guard let peak = peakMemoryBytes, distinctStates > 0 else { return nil }
    return Double(peak) / Double(distinctStates)
  }

  /// The probability that a fingerprint collision hid at least one state: about n²/2⁶⁵ for n
  /// distinct 64-bit fingerprints (TLC's "optimistic" estimate); zero in exact mode.
  public var collisionProbability: Double {
    if exact { return 0 }
    let n = Double(distinctStates)
    return -expm1(-n * (n - 1) / 2 / 18_446_744_073_709_551_616.0)
  }

  /// Distinct states found per second.
  public var statesPerSecond: Double { seconds > 0 ? Double(distinctStates) / seconds : 0 }
}

/// The outcome of exploring a model: the verdict, figures, and the typed paths behind it.
public struct Exploration<M: Model>: Sendable {
  /// Holds, violated (with counterexamples) or incomplete (with the limit that was reached).
  public var verdict: Verdict
  /// Figures about the search.
  public var statistics: Statistics
  /// The path to each violated `always` property, by property name.
  public var counterexamples: [String: Path<M>]
  /// A path to each `sometimes` property that was reached, by property name.
  public var examples: [String: Path<M>]
}

/// A small, fast, seedable generator (SplitMix64), so random walks replay from their seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator from a seed.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
