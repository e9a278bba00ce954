import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Splits bytes into lines, giving each line's start, end (excluding the newline) and number.
struct LineSplitter: Sequence, IteratorProtocol {
  let bytes: [UInt8]
  var start = 0
  var number = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func next() -> (start: Int, end: Int, number: Int)? {
    guard start < bytes.count else { return nil }
    number += 1
    var end = start
    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
    let line = (start, end > start && bytes[end - 1] == 0x0D ? end - 1 : end, number)
    start = end + 1
    return line
  }
}
