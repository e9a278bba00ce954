/// A named parameter of a model, with its default and the values it accepts.
public struct ModelParameter: Sendable {
  /// The values a parameter accepts.
  public enum Kind: Sendable {
    /// An integer within a range.
    case integer(ClosedRange<Int>)
    /// One of a fixed list of names.
    case choice([String])
    /// On or off: `--NAME` alone turns it on.
    case flag
  }

  /// The name, used as `--NAME`.
  public var name: String
  /// The value used when none is given.
  public var defaultValue: String
  /// One line saying what it controls.
  public var summary: String
  /// The values it accepts.
  public var kind: Kind

  /// Creates a parameter.
  public init(_ name: String, default defaultValue: String, _ summary: String, kind: Kind) {
    self.name = name
    self.defaultValue = defaultValue
    self.summary = summary
    self.kind = kind
  }

  /// Checks `raw` against the parameter's kind and returns it in canonical form.
  public func validate(_ raw: String) throws(FaultlineError) -> String {
    switch kind {
    case .integer(let range):
      guard let value = Int(raw), range.contains(value) else {
        throw .invalidParameter(
          name: name, value: raw,
          expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
      }
      return String(value)
    case .flag:
      guard raw == "on" || raw == "off" else {
        throw .invalidParameter(name: name, value: raw, expected: "on or off")
      }
      return raw
    case .choice(let names):
      guard names.contains(raw) else {
        throw .invalidParameter(
          name: name, value: raw, expected: "one of " + names.joined(separator: ", "))
      }
      return raw
    }
  }
}
