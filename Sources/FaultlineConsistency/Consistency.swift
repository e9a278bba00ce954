import FaultlineCore

/// The consistency condition a recorded history is checked for.
public enum Consistency: String, CaseIterable, Sendable {
  /// Some order of the operations allowed by the spec respects real time: an operation that
  /// returned before another was invoked takes effect first.
  case linearizable
  /// Some order allowed by the spec respects each process's own order, but not real time: a
  /// read may be stale, as long as every process sees one order.
  case sequential
}
