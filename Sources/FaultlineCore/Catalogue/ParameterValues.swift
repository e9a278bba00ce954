/// Validated parameter values, in the model's declared order.
public struct ParameterValues: Sendable {
  /// The name and value of each parameter.
  public var pairs: [(String, ParameterValue)]
  /// The parameters the caller gave; the others have their defaults.
  public var given: Set<String> = []

  /// Creates values from pairs; `given` names those the caller set.
  public init(_ pairs: [(String, ParameterValue)], given: Set<String> = []) {
    self.pairs = pairs
    self.given = given
  }

  /// Whether the caller set the parameter called `name` rather than leaving its default, for a
  /// model that must refuse a value it cannot use but may ignore a default it does not need.
  public func isGiven(_ name: String) -> Bool { given.contains(name) }

  /// The value of the parameter called `name`, if the model declared it.
  public subscript(name: String) -> ParameterValue? {
    pairs.first { $0.0 == name }?.1
  }

  /// The value of an integer parameter; 0 when the catalogue did not declare it.
  public func integer(_ name: String) -> Int {
    if case .integer(let value) = self[name] { return value }
    return 0
  }

  /// Whether a flag parameter is on.
  public func flag(_ name: String) -> Bool {
    if case .flag(let on) = self[name] { return on }
    return false
  }

  /// The name chosen for a choice parameter; empty when the catalogue did not declare it.
  public func string(_ name: String) -> String {
    if case .choice(let value) = self[name] { return value }
    return ""
  }

  /// The same values without the parameter called `name`, for a variant to which it does not
  /// apply: reports and replay lines then leave it out.
  public func removing(_ name: String) -> ParameterValues {
    ParameterValues(pairs.filter { $0.0 != name }, given: given.subtracting([name]))
  }

  /// Each parameter with its value as the command line writes it.
  public var described: [(String, String)] { pairs.map { ($0.0, $0.1.description) } }

  /// The same values with `name` set to `value`.
  public func setting(_ name: String, to value: ParameterValue) -> ParameterValues {
    ParameterValues(pairs.map { $0.0 == name ? ($0.0, value) : $0 }, given: given)
  }
}
