import Foundation

/// Reads trace files in every supported format, detecting the format when asked.
public enum TraceDecoder {
  /// Reads and decodes the file at `path`.
  public static func decode(path: String, format: TraceFormat? = nil) throws -> Trace {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let reason =
        !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied"
      throw FaultlineError.unreadableFile(path: path, reason: reason)
    }
    return try decode(bytes: [UInt8](data), file: path, format: format)
  }

  /// Decodes bytes; `file` names them in errors. A nil format is detected from the content.
  public static func decode(bytes: [UInt8], file: String, format: TraceFormat? = nil) throws -> Trace {
    let chosen = try format ?? detect(bytes: bytes, file: file)
    switch chosen {
    case .jsonl: return try JSONLinesDecoder.decode(bytes, file: file)
    case .jepsenEDN, .porcupineKV: return try EDNHistoryDecoder.decode(bytes, file: file, format: chosen)
    case .jepsenLog: return try JepsenLogDecoder.decode(bytes, file: file)
    }
  }

  /// The format of the content, from its first meaningful characters.
  public static func detect(bytes: [UInt8], file: String) throws -> TraceFormat {
    var s = ByteScanner(bytes: bytes, file: file)
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
