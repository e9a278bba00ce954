#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
