import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Parses JSON text into a `TraceValue` (objects as maps with string keys, arrays as lists), with `file:line:column` errors; used for JSON Lines traces.
public enum JSONParser {
  /// Parses one JSON value that must fill `text`.
  public static func parse(_ text: String, file: String = "<json>") throws -> TraceValue {
    let bytes = Array(text.utf8)
    var scanner = ByteScanner(bytes: bytes, file: file)
    return try parseDocument(&scanner)
  }

  static func parseDocument(_ scanner: inout ByteScanner) throws -> TraceValue {
    scanner.skipSpaces()
    let value = try parseValue(&scanner)
    scanner.skipSpaces()
    guard scanner.atEnd else { throw scanner.error(expected: "the end of the JSON value") }
    return value
  }

  static func parseValue(_ s: inout ByteScanner) throws -> TraceValue {
    guard let byte = s.peek else { throw s.error(expected: "a JSON value") }
    switch byte {
    case UInt8(ascii: "{"):
      return try nested(&s) { s in
        s.advance()
        var pairs: [TraceValue.Pair] = []
        s.skipSpaces()
        if s.peek == UInt8(ascii: "}") {
          s.advance()
          return .map(pairs)
        }
        while true {
          s.skipSpaces()
          guard s.peek == UInt8(ascii: "\"") else { throw s.error(expected: "a string key") }
          let key = try parseString(&s)
          s.skipSpaces()
          try s.expect(UInt8(ascii: ":"), "':' after an object key")
          s.skipSpaces()
          pairs.append(TraceValue.Pair(.string(key), try parseValue(&s)))
          s.skipSpaces()
          if s.peek == UInt8(ascii: ",") {
            s.advance()
            continue
          }
          try s.expect(UInt8(ascii: "}"), "',' or '}' in an object")
          return .map(pairs)
        }
      }
    case UInt8(ascii: "["):
      return try nested(&s) { s in
        s.advance()
        var items: [TraceValue] = []
        s.skipSpaces()
        if s.peek == UInt8(ascii: "]") {
          s.advance()
          return .list(items)
        }
        while true {
          s.skipSpaces()
          items.append(try parseValue(&s))
          s.skipSpaces()
          if s.peek == UInt8(ascii: ",") {
            s.advance()
            continue
          }
          try s.expect(UInt8(ascii: "]"), "',' or ']' in an array")
          return .list(items)
        }
      }
    case UInt8(ascii: "\""): return .string(try parseString(&s))
    case UInt8(ascii: "t"): return try literal(&s, "true", .bool(true))
    case UInt8(ascii: "f"): return try literal(&s, "false", .bool(false))
    case UInt8(ascii: "n"): return try literal(&s, "null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber(&s)
    default: throw s.error(expected: "a JSON value")
    }
  }

  private static func nested(_ s: inout ByteScanner, _ body: (inout ByteScanner) throws -> TraceValue) throws
    -> TraceValue
  {
    guard s.depth < ByteScanner.maxDepth else {
      throw s.error(expected: "at most \(ByteScanner.maxDepth) levels of nesting", found: "deeper nesting")
    }
    s.depth += 1
    defer { s.depth -= 1 }
    return try body(&s)
  }

  private static func literal(_ s: inout ByteScanner, _ word: String, _ value: TraceValue) throws
    -> TraceValue
  {
    for byte in word.utf8 {
      guard s.peek == byte else { throw s.error(expected: "'\(word)'") }
      s.advance()
    }
    return value
  }

  private static func parseNumber(_ s: inout ByteScanner) throws -> TraceValue {
    let start = s.index
    let startMark = s.mark
    let negative = s.peek == UInt8(ascii: "-")
    if negative { s.advance() }
    guard let first = s.peek, first >= 0x30 && first <= 0x39 else { throw s.error(expected: "a digit") }
    // Short integers, the common case (times, values), are read on the way.
    var integer = 0
    var digits = 0
    while let d = s.peek, d >= 0x30 && d <= 0x39 {
      if digits < 18 { integer = integer * 10 + Int(d - 0x30) }
      digits += 1
      s.advance()
    }
    let next = s.peek
    if digits <= 18 && next != UInt8(ascii: ".") && next != UInt8(ascii: "e") && next != UInt8(ascii: "E") {
      return .int(negative ? -integer : integer)
    }
    if s.peek == UInt8(ascii: ".") {
      s.advance()
      guard let d = s.peek, d >= 0x30 && d <= 0x39 else { throw s.error(expected: "a digit after '.'") }
      while let d = s.peek, d >= 0x30 && d <= 0x39 { s.advance() }
    }
    if s.peek == UInt8(ascii: "e") || s.peek == UInt8(ascii: "E") {
      s.advance()
      if s.peek == UInt8(ascii: "+") || s.peek == UInt8(ascii: "-") { s.advance() }
      guard let d = s.peek, d >= 0x30 && d <= 0x39 else { throw s.error(expected: "a digit in the exponent") }
      while let d = s.peek, d >= 0x30 && d <= 0x39 { s.advance() }
    }
    // Exactly, never through a Double: two different numbers must not read as one value.
    do {
      switch try ExactNumber.value(s.bytes[start..<s.index], plusSign: false, emptyFraction: false) {
      case .int(let integer): return .int(integer)
      case .number(let text): return .number(text)
      }
    } catch {
      let text = String(decoding: s.bytes[start..<s.index].prefix(40), as: UTF8.self)
      throw s.error(
        at: startMark, expected: "a number with an exponent that fits in 64 bits", found: "'\(text)'")
    }
  }

  static func parseString(_ s: inout ByteScanner) throws -> String {
    try s.expect(UInt8(ascii: "\""), "'\"'")
    var out: [UInt8] = []
    while true {
      guard let byte = s.peek, byte != 0x0A else { throw s.error(expected: "'\"' closing the string") }
      if byte == UInt8(ascii: "\"") {
        s.advance()
        break
      }
      if byte < 0x20 { throw s.error(expected: "a character or an escape in a string") }
      if byte != UInt8(ascii: "\\") {
        out.append(byte)
        s.advance()
        continue
      }
      s.advance()
      guard let escape = s.peek else { throw s.error(expected: "an escape character") }
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        // Where the escape starts, for an error: at its backslash.
        var escape = s
        escape.index -= 1
        s.advance()
        var code = try hexQuad(&s)
        // A lone surrogate is no character; replacing it (with U+FFFD) would make different
        // strings equal, so it is an error.
        if code >= 0xDC00 && code <= 0xDFFF {
          throw escape.error(
            expected: "a character escape", found: "a lone low surrogate \\u\(String(code, radix: 16))")
        }
        if code >= 0xD800 && code <= 0xDBFF {
          // A surrogate pair: one character written as two escapes.
          var low: UInt32 = 0
          if s.peek == UInt8(ascii: "\\"), s.index + 1 < s.end, s.bytes[s.index + 1] == UInt8(ascii: "u") {
            var next = s
            next.advance()
            next.advance()
            low = try hexQuad(&next)
            if low >= 0xDC00 && low <= 0xDFFF { s = next }
          }
          guard low >= 0xDC00 && low <= 0xDFFF else {
            throw s.error(
              expected: "a low surrogate escape \\uDC00-\\uDFFF after \\u\(String(code, radix: 16))")
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = UnicodeScalar(code) else {
          throw escape.error(expected: "a character escape", found: "\\u\(String(code, radix: 16))")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        continue
      default: throw s.error(expected: "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
      }
      s.advance()
    }
    // ASCII is valid UTF-8; the generic validating initializer costs more than the parse.
    if out.allSatisfy({ $0 < 0x80 }) { return String(decoding: out, as: UTF8.self) }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw s.error(expected: "UTF-8 text in a string", found: "invalid UTF-8")
    }
    return text
  }

  /// The four hex digits of a `\\u` escape.
  private static func hexQuad(_ s: inout ByteScanner) throws -> UInt32 {
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let h = s.peek, let digit = hexValue(h) else { throw s.error(expected: "4 hex digits after \\u") }
      code = code * 16 + digit
      s.advance()
    }
    return code
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    default: return nil
    }
  }
}
