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
    try decode(bytes: readFile(path), file: path, format: format)
  }

  /// The bytes of the file at `path`, read with the C library: Foundation would add its start-up
  /// time to every `verify` process.
  static func readFile(_ path: String) throws -> [UInt8] {
    let (file, size) = try open(path)
    defer { fclose(file) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while try read(file, path: path, into: &chunk, appendingTo: &bytes) {}
    return bytes
  }

  /// The open file and its size, or an error that says why it cannot be read.
  static func open(_ path: String) throws -> (file: UnsafeMutablePointer<FILE>, size: Int) {
    guard let file = fopen(path, "rb") else {
      let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
      throw FaultlineError.unreadableFile(path: path, reason: reason)
    }
    var status = stat()
    if fstat(fileno(file), &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
      fclose(file)
      throw FaultlineError.unreadableFile(path: path, reason: "it is a directory")
    }
    return (file, max(0, Int(status.st_size)))
  }

  /// Appends the next chunk of the file to `bytes`; false at the end of the file.
  static func read(
    _ file: UnsafeMutablePointer<FILE>, path: String, into chunk: inout [UInt8],
    appendingTo bytes: inout [UInt8]
  ) throws -> Bool {
    let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
    if count < chunk.count {
      if ferror(file) != 0 {
        throw FaultlineError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
      }
      return false
    }
    return true
  }

  /// Decodes bytes; `file` names them in errors. A nil format is detected from the content.
  public static func decode(bytes: [UInt8], file: String, format: TraceFormat? = nil) throws -> Trace {
    var bytes = bytes
    skipByteOrderMark(&bytes)
    let chosen = try format ?? detect(bytes: bytes, file: file)
    switch chosen {
    case .jsonl: return try JSONLinesDecoder.decode(bytes, file: file)
    case .jepsenEDN, .porcupineKV: return try EDNHistoryDecoder.decode(bytes, file: file, format: chosen)
    case .jepsenLog: return try JepsenLogDecoder.decode(bytes, file: file)
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
