/// A value read from a trace file, in a shape shared by every format (JSON, EDN, Jepsen logs).
public enum TraceValue: Hashable, Sendable, CustomStringConvertible {
  /// JSON `null`, EDN `nil`.
  case null
  /// A boolean.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A number that is not an integer fitting in 64 bits (`1.5`, `18446744073709551616`, `1e999`),
  /// by the canonical text of its exact decimal value: equal numbers have equal text, so `1.50`
  /// and `15e-1` are both `"1.5"`, and a number equal to a 64-bit integer (`1.0`) is `.int`.
  case number(String)
  /// A string.
  case string(String)
  /// An EDN keyword, without its leading colon.
  case keyword(String)
  /// A JSON array, EDN vector, list or set.
  case list([TraceValue])
  /// A JSON object or EDN map, in file order.
  case map([Pair])

  /// One key and value of a map.
  public struct Pair: Hashable, Sendable {
    /// The key.
    public var key: TraceValue
    /// The value.
    public var value: TraceValue

    /// Creates a pair.
    public init(_ key: TraceValue, _ value: TraceValue) {
      self.key = key
      self.value = value
    }
  }

  /// The value under a string or keyword key named `name`, when this is a map that has it.
  public subscript(name: String) -> TraceValue? {
    guard case .map(let pairs) = self else { return nil }
    for pair in pairs {
      switch pair.key {
      case .string(let key) where key == name, .keyword(let key) where key == name: return pair.value
      default: continue
      }
    }
    return nil
  }

  /// The text of a string or keyword, or the rendering of anything else.
  public var text: String {
    switch self {
    case .string(let s), .keyword(let s): return s
    default: return description
    }
  }

  /// The value as written in traces and witnesses: EDN-like, `nil`, `:kw`, `"s"`, `[1 2]`.
  public var description: String {
    switch self {
    case .null: return "nil"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let text): return text
    case .string(let s): return "\"" + s + "\""
    case .keyword(let k): return ":" + k
    case .list(let items): return "[" + items.map(\.description).joined(separator: " ") + "]"
    case .map(let pairs):
      return "{" + pairs.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "}"
    }
  }
}
