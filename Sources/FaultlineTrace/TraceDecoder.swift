import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads trace files in every supported format, detecting the format when asked.
public enum TraceDecoder {
  /// Reads and decodes the file at `path`.
  public static func decode(path: String, format: TraceFormat? = nil) throws -> Trace {
    let source = try TraceSource(
      path: path, stop: StopCondition(), maxLineBytes: VerifyOptions.defaultMaxLineBytes)
    return try decode(bytes: source.readAll(), file: path, format: format)
  }

  /// Decodes bytes; `file` names them in errors. A nil format is detected from the content.
  public static func decode(bytes: [UInt8], file: String, format: TraceFormat? = nil) throws -> Trace {
    try decode(bytes: bytes, file: file, format: format, stop: StopCondition())
  }

  /// Decodes bytes, polling `stop` every few thousand lines or operations.
  static func decode(bytes: [UInt8], file: String, format: TraceFormat?, stop: StopCondition) throws -> Trace
  {
    var bytes = bytes
    skipByteOrderMark(&bytes)
    let chosen = try format ?? detect(bytes: bytes, file: file)
    switch chosen {
    case .jsonl: return try JSONLinesDecoder.decode(bytes, file: file, stop: stop)
    case .jepsenEDN, .porcupineKV:
      return try EDNHistoryDecoder.decode(bytes, file: file, format: chosen, stop: stop)
    case .jepsenLog: return try JepsenLogDecoder.decode(bytes, file: file, stop: stop)
    }
  }

  /// The format of the content, from its first meaningful characters.
  public static func detect(bytes: [UInt8], file: String) throws -> TraceFormat {
    var s = ByteScanner(bytes: bytes, file: file, start: startsWithByteOrderMark(bytes) ? 3 : 0)
    EDNParser.skip(&s)
    guard let first = s.peek else {
      throw s.error(expected: "a trace (JSON Lines, Jepsen EDN, Jepsen log or Porcupine kv)")
    }
    var lineEnd = s.index
    while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
    let line = bytes[s.index..<lineEnd]
    switch first {
    case UInt8(ascii: "{"):
      var t = s
      t.advance()
      EDNParser.skip(&t)
      if t.peek == UInt8(ascii: "\"") || t.peek == UInt8(ascii: "}") { return .jsonl }
      return containsKeyKeyword(line) ? .porcupineKV : .jepsenEDN
    case UInt8(ascii: "["), UInt8(ascii: "("):
      return .jepsenEDN
    default:
      if JepsenLogDecoder.looksLikeLogLine(line) { return .jepsenLog }
      throw s.error(expected: "a trace (JSON Lines, Jepsen EDN, Jepsen log or Porcupine kv)")
    }
  }

  /// Whether `bytes` start with the UTF-8 byte-order mark some editors write at the top of a file.
  static func startsWithByteOrderMark(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// Drops a leading byte-order mark: it is not part of the trace, and columns on the first line
  /// then count what an editor shows.
  static func skipByteOrderMark(_ bytes: inout [UInt8]) {
    if startsWithByteOrderMark(bytes) { bytes.removeSubrange(0..<3) }
  }

  private static func containsKeyKeyword(_ line: ArraySlice<UInt8>) -> Bool {
    let needle = Array(":key ".utf8)
    guard line.count >= needle.count else { return false }
    var i = line.startIndex
    while i + needle.count <= line.endIndex {
      if line[i..<(i + needle.count)].elementsEqual(needle) { return true }
      i += 1
    }
    return false
  }
}
