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
  /// The path to each violated `always` property, and the lasso (or the path to a state with
  /// no successor) of each violated liveness property, by property name.
  public var counterexamples: [String: Path<M>]
  /// A path to each `sometimes` property that was reached, by property name.
  public var examples: [String: Path<M>]
  /// Whether the liveness properties were decided: the search was exhaustive, no invariant was
  /// violated, and the liveness check ran to the end. When false, none of them is known to hold.
  public var livenessChecked: Bool = false
  /// The liveness properties the check could not decide because a behaviour reaches the model's
  /// own bound (`Model.bound(reachedIn:)`) before their goal, each with the reason: no
  /// violation was found, and none is known to hold.
  public var undeterminedLiveness: [String: String] = [:]
}
