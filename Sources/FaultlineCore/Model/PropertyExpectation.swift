/// What the explorer expects of a property's predicate.
public enum PropertyExpectation: String, Sendable, CaseIterable {
  /// The predicate holds in every reachable state (an invariant).
  case always
  /// The predicate holds in at least one reachable state (a reachability sanity check).
  case sometimes
  // `eventually` (liveness over infinite paths) is planned; it needs cycle detection.
}
