/// A typed parameter of a model: its name, the values it accepts, its default and what it means.
public struct ModelParameter: Sendable {
  /// The values a parameter accepts.
  public enum Kind: Sendable, Equatable {
    /// An integer within a range.
    case integer(ClosedRange<Int>)
    /// One of a fixed list of names.
    case choice([String])
    /// On or off: `--NAME` alone turns it on.
    case flag
  }

  /// The name, used as `--NAME` on the command line and as the key of `ParameterValues`.
  public var name: String
  /// The value used when none is given.
  public var defaultValue: ParameterValue
  /// One line saying what it controls.
  public var summary: String
  /// The values it accepts.
  public var kind: Kind

  init(name: String, defaultValue: ParameterValue, summary: String, kind: Kind) {
    self.name = name
    self.defaultValue = defaultValue
    self.summary = summary
    self.kind = kind
  }

  /// An integer parameter that accepts `range`.
  public static func integer(
    _ name: String, default value: Int, in range: ClosedRange<Int>, _ summary: String
  ) -> ModelParameter {
    ModelParameter(name: name, defaultValue: .integer(value), summary: summary, kind: .integer(range))
  }

  /// An on/off parameter, off unless given.
  public static func flag(_ name: String, _ summary: String) -> ModelParameter {
    ModelParameter(name: name, defaultValue: .flag(false), summary: summary, kind: .flag)
  }

  /// A parameter that takes one of `names`.
  public static func choice(
    _ name: String, default value: String, among names: [String], _ summary: String
  ) -> ModelParameter {
    ModelParameter(name: name, defaultValue: .choice(value), summary: summary, kind: .choice(names))
  }

  /// Checks that `value` is of the parameter's kind and within its range, and returns it.
  public func validate(_ value: ParameterValue) throws(FaultlineError) -> ParameterValue {
    switch (kind, value) {
    case (.integer(let range), .integer(let number)) where range.contains(number):
      return value
    case (.flag, .flag):
      return value
    case (.choice(let names), .choice(let name)) where names.contains(name):
      return value
    default:
      throw .invalidParameter(name: name, value: value.description, expected: expected)
    }
  }

  /// Reads a value written as text (`3`, `on`, `fifo`), as the command line gives it.
  public func parse(_ text: String) throws(FaultlineError) -> ParameterValue {
    switch kind {
    case .integer:
      guard let number = Int(text) else {
        throw .invalidParameter(name: name, value: text, expected: expected)
      }
      return try validate(.integer(number))
    case .flag:
      guard text == "on" || text == "off" else {
        throw .invalidParameter(name: name, value: text, expected: expected)
      }
      return .flag(text == "on")
    case .choice:
      return try validate(.choice(text))
    }
  }

  /// The values it accepts, in words.
  public var expected: String {
    switch kind {
    case .integer(let range): "an integer from \(range.lowerBound) to \(range.upperBound)"
    case .flag: "on or off"
    case .choice(let names): "one of " + names.joined(separator: ", ")
    }
  }
}
