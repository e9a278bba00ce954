import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Decodes Jepsen's textual logs: `INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>`.
enum JepsenLogDecoder {
  static let marker = Array("jepsen.util - ".utf8)

  static func markerEnd(_ line: ArraySlice<UInt8>) -> Int? {
    var i = line.startIndex
    while i + marker.count <= line.endIndex {
      if line[i] == marker[0] && line[i..<(i + marker.count)].elementsEqual(marker) {
        return i + marker.count
      }
      i += 1
    }
    return nil
  }

  static func looksLikeLogLine(_ line: ArraySlice<UInt8>) -> Bool {
    markerEnd(line) != nil || isOtherLogLine(line)
  }

  /// Lines other loggers print into the same log (`INFO  jepsen.core - ...`): skipped.
  static func isOtherLogLine(_ line: ArraySlice<UInt8>) -> Bool {
    for level in ["INFO ", "WARN ", "DEBUG ", "ERROR ", "TRACE "] {
      if line.starts(with: level.utf8) { return true }
    }
    return false
  }

  static func decode(_ bytes: [UInt8], file: String, stop: StopCondition = StopCondition()) throws -> Trace {
    var builder = HistoryBuilder(file: file)
    var events = 0
    for (start, end, number) in LineSplitter(bytes) {
      if number & 0xFFF == 0 { try ReadingStopped.check(stop, "decoding") }
      let line = bytes[start..<end]
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      guard let fieldStart = markerEnd(line) else {
        if isOtherLogLine(line) { continue }
        let s = ByteScanner(bytes: bytes, file: file, start: start, end: end, line: number, lineStart: start)
        throw s.error(
          expected: "a Jepsen log line 'INFO  jepsen.util - <process>\\t:<type>\\t:<f>\\t<value>'")
      }
      var s = ByteScanner(
        bytes: bytes, file: file, start: fieldStart, end: end, line: number, lineStart: start)
      let column = s.column
      let process = try EDNParser.parseValue(&s)
      try tab(&s)
      let type = try EDNParser.parseValue(&s)
      try tab(&s)
      let function = try EDNParser.parseValue(&s)
      try tab(&s)
      let value = try EDNParser.parseValue(&s)
      EDNParser.skip(&s)
      guard s.atEnd else { throw s.error(expected: "the end of the line") }
      events += 1
      let form = TraceValue.map([
        .init(.keyword("process"), process), .init(.keyword("type"), type), .init(.keyword("f"), function),
        .init(.keyword("value"), value),
      ])
      try EDNHistoryDecoder.record(
        form, line: number, column: column, file: file, format: .jepsenLog, into: &builder)
    }
    if events == 0 {
      throw FaultlineError.malformedInput(
        file: file, line: 1, column: 1, expected: "at least one 'jepsen.util' operation line", found: "none")
    }
    return Trace(format: .jepsenLog, events: events, history: builder.finish())
  }

  private static func tab(_ s: inout ByteScanner) throws {
    guard s.peek == 0x09 || s.peek == 0x20 else { throw s.error(expected: "a tab between fields") }
    while s.peek == 0x09 || s.peek == 0x20 { s.advance() }
  }
}
