/// The value of a model parameter: an integer, a switch, or one of a list of names.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByStringLiteral
{
  /// A whole number, for counts and bounds.
  case integer(Int)
  /// On or off.
  case flag(Bool)
  /// One of the names the parameter lists.
  case choice(String)

  /// Creates an integer value.
  public init(integerLiteral value: Int) { self = .integer(value) }
  /// Creates a flag value.
  public init(booleanLiteral value: Bool) { self = .flag(value) }
  /// Creates a choice value.
  public init(stringLiteral value: String) { self = .choice(value) }

  /// As the command line writes it: `3`, `on`, `fifo`.
  public var description: String {
    switch self {
    case .integer(let value): String(value)
    case .flag(let on): on ? "on" : "off"
    case .choice(let name): name
    }
  }
}
