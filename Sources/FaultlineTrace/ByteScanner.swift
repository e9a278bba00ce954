import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// A cursor over a file's bytes that knows its line and column, for `file:line:column` errors.
struct ByteScanner {
  let bytes: [UInt8]
  let file: String
  /// The index of the next byte.
  var index: Int
  /// The end of the region being scanned (a line, or the whole file).
  var end: Int
  /// The 1-based line of `index`.
  var line: Int
  /// The index where `line` starts.
  var lineStart: Int
  /// How deeply nested the value being read is; bounded so hostile input cannot exhaust the stack.
  var depth = 0
  static let maxDepth = 256
  /// The last column `trackedColumn()` counted, so the next one on the same line counts on from it.
  private var columnCache = (lineStart: -1, index: 0, column: 1)

  /// Where a token starts, kept so that an error about it can name its column. Columns are
  /// counted only when an error is reported: counting them for every token would make a long line
  /// cost time quadratic in its length.
  struct Mark {
    var index: Int
    var line: Int
    var lineStart: Int
  }

  init(bytes: [UInt8], file: String, start: Int = 0, end: Int? = nil, line: Int = 1, lineStart: Int = 0) {
    self.bytes = bytes
    self.file = file
    self.index = start
    self.end = end ?? bytes.count
    self.line = line
    self.lineStart = lineStart
  }

  var atEnd: Bool { index >= end }
  var peek: UInt8? { index < end ? bytes[index] : nil }

  /// The 1-based column of `index`, counting characters, not bytes. It costs the length of the
  /// line so far: for errors, and for values that need one, through `trackedColumn()`.
  var column: Int { column(of: mark) }

  /// The cursor's position, for an error about the token that starts here.
  var mark: Mark { Mark(index: index, line: line, lineStart: lineStart) }

  /// The 1-based column of a mark, counting characters, not bytes.
  func column(of mark: Mark) -> Int { characters(from: mark.lineStart, to: mark.index) + 1 }

  private func characters(from start: Int, to end: Int) -> Int {
    var count = 0
    var i = start
    while i < end && i < bytes.count {
      // Continuation bytes of a UTF-8 sequence do not start a character.
      if bytes[i] & 0xC0 != 0x80 { count += 1 }
      i += 1
    }
    return count
  }

  /// The column of `index`, counted on from the column asked for last when it is on the same
  /// line: for a decoder that records the column of every value of a long line.
  mutating func trackedColumn() -> Int {
    let column: Int
    if columnCache.lineStart == lineStart && columnCache.index <= index {
      column = columnCache.column + characters(from: columnCache.index, to: index)
    } else {
      column = characters(from: lineStart, to: index) + 1
    }
    columnCache = (lineStart, index, column)
    return column
  }

  mutating func advance() {
    if index < end {
      if bytes[index] == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      }
      index += 1
    }
  }

  /// What is at the cursor, for the "found" half of an error message.
  var foundDescription: String {
    guard let byte = peek else { return index >= bytes.count ? "end of file" : "end of line" }
    switch byte {
    case UInt8(ascii: "\n"): return "end of line"
    case 0x21...0x7E: return "'" + String(UnicodeScalar(byte)) + "'"
    case UInt8(ascii: " "): return "a space"
    case UInt8(ascii: "\t"): return "a tab"
    default:
      if byte >= 0x80 {
        var end = index + 1
        while end < self.end && end < index + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
        if let text = String(validating: bytes[index..<end], as: UTF8.self), byte >= 0xC2 {
          return "'" + text + "'"
        }
      }
      let hex = String(byte, radix: 16, uppercase: true)
      return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }
  }

  func error(expected: String, found: String? = nil) -> FaultlineError {
    .malformedInput(
      file: file, line: line, column: column, expected: expected, found: found ?? foundDescription)
  }

  /// An error about the token that starts at `mark`.
  func error(at mark: Mark, expected: String, found: String) -> FaultlineError {
    .malformedInput(file: file, line: mark.line, column: column(of: mark), expected: expected, found: found)
  }

  mutating func skipSpaces() {
    while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { advance() }
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws {
    guard peek == byte else { throw error(expected: what) }
    advance()
  }

  /// Reads an optionally signed decimal integer; overflow is an error, not a trap.
  mutating func readInteger() throws -> Int {
    let startIndex = index
    let start = mark
    var negative = false
    if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") {
      negative = peek == UInt8(ascii: "-")
      advance()
    }
    guard let first = peek, first >= 0x30 && first <= 0x39 else {
      index = startIndex
      throw error(expected: "a digit")
    }
    var value = 0
    while let byte = peek, byte >= 0x30 && byte <= 0x39 {
      let digit = Int(byte - 0x30)
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) =
        negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
      if o1 || o2 {
        throw error(at: start, expected: "an integer that fits in 64 bits", found: "a larger number")
      }
      value = sum
      advance()
    }
    return value
  }
}
