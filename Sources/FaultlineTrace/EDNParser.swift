import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Reads EDN (the data notation of Jepsen histories) into `TraceValue`s: maps, vectors, lists,
/// sets, nil, booleans, integers, floats, strings, keywords and symbols, with `;` comments.
enum EDNParser {
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",")
  }

  static func isDelimiter(_ byte: UInt8) -> Bool {
    isSpace(byte) || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "[")
      || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ";")
  }

  /// Skips whitespace, commas and comments.
  static func skip(_ s: inout ByteScanner) {
    while let byte = s.peek {
      if isSpace(byte) {
        s.advance()
      } else if byte == UInt8(ascii: ";") {
        while let b = s.peek, b != 0x0A { s.advance() }
      } else {
        return
      }
    }
  }

  /// Reads one value at the cursor.
  static func parseValue(_ s: inout ByteScanner) throws -> TraceValue {
    skip(&s)
    guard let byte = s.peek else { throw s.error(expected: "an EDN value") }
    switch byte {
    case UInt8(ascii: "{"):
      let items = try collection(&s, close: UInt8(ascii: "}"), what: "'}' closing the map")
      guard items.count % 2 == 0 else {
        throw s.error(expected: "a value for every key of the map", found: "\(items.count) forms")
      }
      return .map(stride(from: 0, to: items.count, by: 2).map { TraceValue.Pair(items[$0], items[$0 + 1]) })
    case UInt8(ascii: "["):
      return .list(try collection(&s, close: UInt8(ascii: "]"), what: "']' closing the vector"))
    case UInt8(ascii: "("):
      return .list(try collection(&s, close: UInt8(ascii: ")"), what: "')' closing the list"))
    case UInt8(ascii: "#"):
      s.advance()
      guard s.peek == UInt8(ascii: "{") else { throw s.error(expected: "'{' after '#' (a set)") }
      return .list(try collection(&s, close: UInt8(ascii: "}"), what: "'}' closing the set"))
    case UInt8(ascii: "\""): return .string(try parseString(&s))
    case UInt8(ascii: ":"):
      s.advance()
      let name = token(&s)
      guard !name.isEmpty else { throw s.error(expected: "a keyword name after ':'") }
      return .keyword(name)
    case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
      throw s.error(expected: "an EDN value")
    default:
      return try atom(&s)
    }
  }

  private static func collection(_ s: inout ByteScanner, close: UInt8, what: String) throws -> [TraceValue] {
    guard s.depth < ByteScanner.maxDepth else {
      throw s.error(expected: "at most \(ByteScanner.maxDepth) levels of nesting", found: "deeper nesting")
    }
    s.depth += 1
    defer { s.depth -= 1 }
    s.advance()
    var items: [TraceValue] = []
    while true {
      skip(&s)
      guard let byte = s.peek else { throw s.error(expected: what) }
      if byte == close {
        s.advance()
        return items
      }
      if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") {
        throw s.error(expected: what)
      }
      items.append(try parseValue(&s))
    }
  }

  private static func token(_ s: inout ByteScanner) -> String {
    let start = s.index
    while let byte = s.peek, !isDelimiter(byte) { s.advance() }
    return String(decoding: s.bytes[start..<s.index], as: UTF8.self)
  }

  private static func atom(_ s: inout ByteScanner) throws -> TraceValue {
    let start = s.mark
    let first = s.peek ?? 0
    let next = s.index + 1 < s.end ? s.bytes[s.index + 1] : 0
    let numeric =
      (first >= 0x30 && first <= 0x39)
      || ((first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && next >= 0x30 && next <= 0x39)
    if numeric {
      let save = s
      if let value = try? s.readInteger(), s.peek.map(isDelimiter) ?? true { return .int(value) }
      s = save
    }
    let word = token(&s)
    switch word {
    case "nil": return .null
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "": throw s.error(expected: "an EDN value")
    default:
      if numeric {
        // Exactly, never through a Double; `N` marks a big integer and `M` a big decimal.
        var digits = Array(word.utf8)[...]
        if let last = digits.last, last == UInt8(ascii: "N") || last == UInt8(ascii: "M") {
          digits.removeLast()
        }
        do {
          return try ExactNumber.value(digits).traceValue
        } catch {
          let expected =
            error == .exponentTooLarge ? "a number with an exponent that fits in 64 bits" : "a number"
          throw s.error(at: start, expected: expected, found: "'\(word.prefix(40))'")
        }
      }
      guard word.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F }) else {
        throw s.error(at: start, expected: "an EDN value", found: "'\(word.prefix(20))'")
      }
      // A symbol: kept as a string so it still compares by name.
      return .string(word)
    }
  }

  static func parseString(_ s: inout ByteScanner) throws -> String {
    try s.expect(UInt8(ascii: "\""), "'\"'")
    var out: [UInt8] = []
    while true {
      // EDN strings may span lines.
      guard let byte = s.peek else { throw s.error(expected: "'\"' closing the string") }
      s.advance()
      if byte == UInt8(ascii: "\"") { break }
      if byte != UInt8(ascii: "\\") {
        out.append(byte)
        continue
      }
      guard let escape = s.peek else { throw s.error(expected: "an escape character") }
      switch escape {
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escape)
      default: throw s.error(expected: "a valid escape (\\\" \\\\ \\n \\r \\t)")
      }
      s.advance()
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw s.error(expected: "UTF-8 text in a string", found: "invalid UTF-8")
    }
    return text
  }
}
