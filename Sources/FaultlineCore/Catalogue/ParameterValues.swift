/// Validated parameter values, in the model's declared order.
public struct ParameterValues: Sendable {
  /// The name and canonical value of each parameter.
  public var pairs: [(String, String)]

  /// Creates values from pairs.
  public init(_ pairs: [(String, String)]) { self.pairs = pairs }

  /// The value of an integer parameter; 0 when the catalogue did not declare it.
  public func integer(_ name: String) -> Int {
    pairs.first { $0.0 == name }.flatMap { Int($0.1) } ?? 0
  }

  /// Whether a flag parameter is on.
  public func flag(_ name: String) -> Bool { string(name) == "on" }

  /// The value of a parameter as given.
  public func string(_ name: String) -> String {
    pairs.first { $0.0 == name }?.1 ?? ""
  }
}
