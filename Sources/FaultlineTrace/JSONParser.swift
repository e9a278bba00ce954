import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Parses JSON text into `JSONValue`, with `file:line:column` errors; used for JSON Lines traces.
public enum JSONParser {
  /// Parses one JSON value that must fill `text`.
  public static func parse(_ text: String, file: String = "<json>") throws -> JSONValue {
    let bytes = Array(text.utf8)
    var scanner = ByteScanner(bytes: bytes, file: file)
    return try parseDocument(&scanner)
  }

  static func parseDocument(_ scanner: inout ByteScanner) throws -> JSONValue {
    scanner.skipSpaces()
    let value = try parseValue(&scanner)
    scanner.skipSpaces()
    guard scanner.atEnd else { throw scanner.error(expected: "the end of the JSON value") }
    return value
  }

  static func parseValue(_ s: inout ByteScanner) throws -> JSONValue {
    guard let byte = s.peek else { throw s.error(expected: "a JSON value") }
    switch byte {
    case UInt8(ascii: "{"):
      return try nested(&s) { s in
        s.advance()
        var pairs: [(String, JSONValue)] = []
        s.skipSpaces()
        if s.peek == UInt8(ascii: "}") {
          s.advance()
          return .object(pairs)
        }
        while true {
          s.skipSpaces()
          guard s.peek == UInt8(ascii: "\"") else { throw s.error(expected: "a string key") }
          let key = try parseString(&s)
          s.skipSpaces()
          try s.expect(UInt8(ascii: ":"), "':' after an object key")
          s.skipSpaces()
          pairs.append((key, try parseValue(&s)))
          s.skipSpaces()
          if s.peek == UInt8(ascii: ",") {
            s.advance()
            continue
          }
          try s.expect(UInt8(ascii: "}"), "',' or '}' in an object")
          return .object(pairs)
        }
      }
    case UInt8(ascii: "["):
      return try nested(&s) { s in
        s.advance()
        var items: [JSONValue] = []
        s.skipSpaces()
        if s.peek == UInt8(ascii: "]") {
          s.advance()
          return .array(items)
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
          return .array(items)
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

  private static func nested(_ s: inout ByteScanner, _ body: (inout ByteScanner) throws -> JSONValue) throws
    -> JSONValue
  {
    guard s.depth < ByteScanner.maxDepth else {
      throw s.error(expected: "at most \(ByteScanner.maxDepth) levels of nesting", found: "deeper nesting")
    }
    s.depth += 1
    defer { s.depth -= 1 }
    return try body(&s)
  }

  private static func literal(_ s: inout ByteScanner, _ word: String, _ value: JSONValue) throws -> JSONValue
  {
    for byte in word.utf8 {
      guard s.peek == byte else { throw s.error(expected: "'\(word)'") }
      s.advance()
    }
    return value
  }

  private static func parseNumber(_ s: inout ByteScanner) throws -> JSONValue {
    let start = s.index
    let integer = try s.readIntegerOrNil()
    var isDouble = false
    if s.peek == UInt8(ascii: ".") {
      isDouble = true
      s.advance()
      guard let d = s.peek, d >= 0x30 && d <= 0x39 else { throw s.error(expected: "a digit after '.'") }
      while let d = s.peek, d >= 0x30 && d <= 0x39 { s.advance() }
    }
    if s.peek == UInt8(ascii: "e") || s.peek == UInt8(ascii: "E") {
      isDouble = true
      s.advance()
      if s.peek == UInt8(ascii: "+") || s.peek == UInt8(ascii: "-") { s.advance() }
      guard let d = s.peek, d >= 0x30 && d <= 0x39 else { throw s.error(expected: "a digit in the exponent") }
      while let d = s.peek, d >= 0x30 && d <= 0x39 { s.advance() }
    }
    if !isDouble, let integer { return .int(integer) }
    let text = String(decoding: s.bytes[start..<s.index], as: UTF8.self)
    guard let value = Double(text) else { throw s.error(expected: "a number", found: "'\(text)'") }
    return .double(value)
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
        s.advance()
        var code: UInt32 = 0
        for _ in 0..<4 {
          guard let h = s.peek, let digit = hexValue(h) else {
            throw s.error(expected: "4 hex digits after \\u")
          }
          code = code * 16 + digit
          s.advance()
        }
        // Lone surrogates become U+FFFD rather than an error: the text is only shown to people.
        let scalar = UnicodeScalar(code) ?? "\u{FFFD}"
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

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    default: return nil
    }
  }
}

extension ByteScanner {
  /// Reads digits as an Int, or consumes them and returns nil when they overflow (JSON numbers
  /// that large are read as doubles).
  mutating func readIntegerOrNil() throws -> Int? {
    let save = (index, line, lineStart)
    do {
      return try readInteger()
    } catch {
      (index, line, lineStart) = save
      if peek == UInt8(ascii: "-") { advance() }
      guard let d = peek, d >= 0x30 && d <= 0x39 else { throw self.error(expected: "a digit") }
      while let d = peek, d >= 0x30 && d <= 0x39 { advance() }
      return nil
    }
  }
}
