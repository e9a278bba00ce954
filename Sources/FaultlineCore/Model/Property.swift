/// A named predicate over states with an expectation about where it must be true.
///
/// Safety expectations (`always`, `sometimes`) look at `condition` alone. Liveness expectations
/// (`eventually`, `leadsTo`) are about the model's fair behaviours: the infinite paths of its
/// state graph, and the finite ones that end in a state with no successor, where the system
/// stays forever. Which actions a behaviour may not ignore is the model's `fairness(of:)`.
public struct Property<State>: Sendable {
  /// What the explorer expects of the predicate.
  public typealias Expectation = PropertyExpectation

  /// The property's name, as reports print it.
  public var name: String
  /// Where the predicate must be true.
  public var expectation: Expectation
  /// The predicate itself; for `leadsTo`, what must follow the trigger.
  public var condition: @Sendable (State) -> Bool
  /// For `leadsTo`, the predicate that `condition` must follow; nil means every state is a
  /// trigger. Unused by the other expectations.
  public var trigger: (@Sendable (State) -> Bool)?

  /// Creates a property.
  public init(_ name: String, _ expectation: Expectation, _ condition: @escaping @Sendable (State) -> Bool) {
    self.name = name
    self.expectation = expectation
    self.condition = condition
    self.trigger = nil
  }

  /// An invariant: `condition` must hold in every reachable state.
  public static func always(_ name: String, _ condition: @escaping @Sendable (State) -> Bool) -> Self {
    Self(name, .always, condition)
  }

  /// A sanity check: some reachable state must satisfy `condition`.
  public static func sometimes(_ name: String, _ condition: @escaping @Sendable (State) -> Bool) -> Self {
    Self(name, .sometimes, condition)
  }

  /// Liveness: every fair behaviour reaches a state where `condition` holds.
  ///
  /// Fairness is what the model declares with `fairness(of:)` (none by default), so a cycle of
  /// states where `condition` is false violates it unless it leaves a fair action waiting, and
  /// so does a state with no successor where it is false. Checked only after an exhaustive
  /// search; the counterexample is a lasso: a path, then a cycle that repeats forever.
  public static func eventually(_ name: String, _ condition: @escaping @Sendable (State) -> Bool) -> Self {
    Self(name, .eventually, condition)
  }

  /// Liveness, P ~> Q: on every fair behaviour, whenever `trigger` holds, `condition` holds in
  /// that state or a later one.
  ///
  /// It assumes the fairness the model declares with `fairness(of:)`, as `eventually` does, and
  /// is violated by a reachable state where `trigger` holds and `condition` does not, from which
  /// a fair behaviour keeps `condition` false forever (a fair cycle or a state with no successor).
  public static func leadsTo(
    _ name: String, _ trigger: @escaping @Sendable (State) -> Bool,
    _ condition: @escaping @Sendable (State) -> Bool
  ) -> Self {
    var property = Self(name, .leadsTo, condition)
    property.trigger = trigger
    return property
  }
}
