/// What the explorer expects of a property's predicate.
///
/// `always` and `sometimes` are decided by the states the search reaches; `eventually` and
/// `leadsTo` are liveness: they are about infinite behaviours, decided after an exhaustive search
/// by looking for fair cycles and deadlocks in the explored graph (docs/model-api.md).
public enum PropertyExpectation: String, Sendable, CaseIterable {
  /// The predicate holds in every reachable state (an invariant).
  case always
  /// The predicate holds in at least one reachable state (a reachability sanity check).
  case sometimes
  /// Every fair behaviour reaches a state where the predicate holds.
  case eventually
  /// On every fair behaviour, whenever the trigger holds, the predicate holds then or later.
  case leadsTo

  /// Whether the expectation is about infinite behaviours rather than single states.
  public var isLiveness: Bool { self == .eventually || self == .leadsTo }
}
