#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Creates statistics; the figures a search did not measure default to nothing.
  public init(
    distinctStates: Int, generatedStates: Int, maxDepth: Int, seconds: Double, tableBytes: Int,
    exact: Bool = false, peakMemoryBytes: Int? = nil, workers: Int = 1
  ) {
    self.distinctStates = distinctStates
    self.generatedStates = generatedStates
    self.maxDepth = maxDepth
    self.seconds = seconds
    self.tableBytes = tableBytes
    self.exact = exact
    self.peakMemoryBytes = peakMemoryBytes
    self.workers = workers
  }

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
