/// A named piece of a state and its rendered value.
public struct StateVariable: Sendable, Equatable {
  /// The variable's name, for example `rm[2]` or `tm.prepared`.
  public var name: String
  /// The variable's value, rendered for people.
  public var value: String

  /// Creates a state variable.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}
