#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
