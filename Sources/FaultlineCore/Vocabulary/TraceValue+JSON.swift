/// The value as JSON: how reports, `--trace-out` and JSON Lines traces write it.
extension TraceValue {
  /// A map with string keys, in order: a JSON object.
  public static func object(_ pairs: [(String, TraceValue)]) -> TraceValue {
    .map(pairs.map { Pair(.string($0.0), $0.1) })
  }

  /// The keys, by their text, and values of a map, in order: a JSON object's fields; nil when
  /// this is not a map.
  public var objectFields: [(String, TraceValue)]? {
    guard case .map(let pairs) = self else { return nil }
    return pairs.map { ($0.key.text, $0.value) }
  }

  /// A measured quantity (seconds, a rate) as a number: a whole one as `.int`, any other by its
  /// exact decimal text, as a trace's number is read; `null` when it is not finite.
  public static func decimal(_ value: Double) -> TraceValue {
    guard value.isFinite else { return .null }
    if value == value.rounded(), abs(value) < 1e15 { return .int(Int(value)) }
    return (try? ExactNumber.value(Array(String(value).utf8)))?.traceValue ?? .null
  }

  /// Renders the value as JSON, deterministically: maps as objects in their order (a key that
  /// is not a string by its text), keywords as strings with their colon; `indent` > 0
  /// pretty-prints with `"key": value` spacing.
  public func rendered(indent: Int = 2) -> String {
    var out = ""
    writeJSON(into: &out, indent: indent, level: 0)
    return out
  }

  private func writeJSON(into out: inout String, indent: Int, level: Int) {
    let newline = indent > 0 ? "\n" : ""
    let pad = { (n: Int) in String(repeating: " ", count: indent * n) }
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .number(let text): out += text
    case .string(let s): Self.writeJSONString(s, into: &out)
    case .keyword(let k): Self.writeJSONString(":" + k, into: &out)
    case .list(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[" + newline
      for (i, item) in items.enumerated() {
        out += pad(level + 1)
        item.writeJSON(into: &out, indent: indent, level: level + 1)
        out += (i + 1 < items.count ? "," : "") + newline
      }
      out += pad(level) + "]"
    case .map(let pairs):
      if pairs.isEmpty {
        out += "{}"
        return
      }
      out += "{" + newline
      for (i, pair) in pairs.enumerated() {
        out += pad(level + 1)
        Self.writeJSONString(pair.key.text, into: &out)
        out += indent > 0 ? ": " : ":"
        pair.value.writeJSON(into: &out, indent: indent, level: level + 1)
        out += (i + 1 < pairs.count ? "," : "") + newline
      }
      out += pad(level) + "}"
    }
  }

  private static func writeJSONString(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

extension TraceValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral {
  /// A string: `"t1"` or `"p\(n)"` where a trace value is expected.
  public init(stringLiteral value: String) { self = .string(value) }

  /// An integer: `3` where a trace value is expected.
  public init(integerLiteral value: Int) { self = .int(value) }
}
