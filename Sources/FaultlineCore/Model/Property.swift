/// A named predicate over states with an expectation about where it must be true.
public struct Property<State>: Sendable {
  /// What the explorer expects of the predicate.
  public typealias Expectation = PropertyExpectation

  /// The property's name, as reports print it.
  public var name: String
  /// Where the predicate must be true.
  public var expectation: Expectation
  /// The predicate itself.
  public var condition: @Sendable (State) -> Bool

  /// Creates a property.
  public init(_ name: String, _ expectation: Expectation, _ condition: @escaping @Sendable (State) -> Bool) {
    self.name = name
    self.expectation = expectation
    self.condition = condition
  }

  /// An invariant: `condition` must hold in every reachable state.
  public static func always(_ name: String, _ condition: @escaping @Sendable (State) -> Bool) -> Self {
    Self(name, .always, condition)
  }

  /// A sanity check: some reachable state must satisfy `condition`.
  public static func sometimes(_ name: String, _ condition: @escaping @Sendable (State) -> Bool) -> Self {
    Self(name, .sometimes, condition)
  }
}
