import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Finds a transaction's micro-operation in the file's bytes, for an error's column: decoders
/// keep values, not positions, so the file is searched again only when something is wrong.
struct MicroOperationLocator: Sendable {
  let bytes: [UInt8]
  /// The 0-based offset at which each 1-based line starts.
  private let lineStarts: [Int]

  init(bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
    lineStarts = starts
  }

  /// The line and column of micro-operation `micro` (or of the whole value, for -1) of the
  /// transaction whose map starts on `line`: the value is the first `[` after `:value` (EDN) or
  /// `"txn"` (JSON Lines) from that line on.
  func locate(line: Int, micro: Int) -> (line: Int, column: Int)? {
    guard line >= 1 && line <= lineStarts.count else { return nil }
    var i = lineStarts[line - 1]
    guard let field = find(Array(":value".utf8), from: i) ?? find(Array("\"txn\"".utf8), from: i) else {
      return nil
    }
    i = field
    while i < bytes.count && bytes[i] != UInt8(ascii: "[") { i += 1 }
    guard i < bytes.count else { return nil }
    if micro < 0 { return position(i) }
    // Walk the vector's elements at depth one, skipping strings.
    i += 1
    var index = -1
    var depth = 0
    var inString = false
    var previousWasSeparator = true
    while i < bytes.count {
      let byte = bytes[i]
      if inString {
        if byte == UInt8(ascii: "\\") { i += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
        i += 1
        continue
      }
      let separator =
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",")
      if depth == 0 && !separator && previousWasSeparator && byte != UInt8(ascii: "]") {
        index += 1
        if index == micro { return position(i) }
      }
      switch byte {
      case UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: ")"), UInt8(ascii: "}"):
        if depth == 0 { return nil }
        depth -= 1
      case UInt8(ascii: "\""): inString = true
      default: break
      }
      previousWasSeparator =
        separator || (depth == 0 && (byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")")))
      i += 1
    }
    return nil
  }

  private func find(_ needle: [UInt8], from start: Int) -> Int? {
    var i = start
    while i + needle.count <= bytes.count {
      if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
        return i + needle.count
      }
      i += 1
    }
    return nil
  }

  private func position(_ offset: Int) -> (line: Int, column: Int) {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    // Columns count characters, not bytes: UTF-8 continuation bytes do not start one.
    let column = bytes[lineStarts[low]..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
    return (low + 1, column)
  }
}
