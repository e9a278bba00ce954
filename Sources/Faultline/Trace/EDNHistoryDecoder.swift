/// Decodes Jepsen EDN histories and Porcupine kv logs into client operations.
enum EDNHistoryDecoder {
  static func decode(_ bytes: [UInt8], file: String, format: TraceFormat) throws -> Trace {
    var s = ByteScanner(bytes: bytes, file: file)
    var builder = HistoryBuilder(file: file)
    var events = 0
    EDNParser.skip(&s)
    // A whole history is one vector or list of maps; Jepsen's history.edn is one map per line.
    var close: UInt8?
    if let first = s.peek, first == UInt8(ascii: "[") || first == UInt8(ascii: "(") {
      close = first == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
      s.advance()
    }
    while true {
      EDNParser.skip(&s)
      guard let byte = s.peek else {
        if close != nil {
          throw s.error(expected: "'\(Character(UnicodeScalar(close ?? 0)))' closing the history")
        }
        break
      }
      if let close, byte == close {
        s.advance()
        EDNParser.skip(&s)
        guard s.atEnd else { throw s.error(expected: "the end of the file after the history") }
        break
      }
      guard byte == UInt8(ascii: "{") else { throw s.error(expected: "an operation map '{'") }
      let line = s.line
      let column = s.column
      let form = try EDNParser.parseValue(&s)
      events += 1
      try record(form, line: line, column: column, file: file, format: format, into: &builder)
    }
    if events == 0 { throw s.error(expected: "at least one operation map") }
    return Trace(format: format, events: events, history: builder.finish())
  }

  static func record(
    _ form: TraceValue, line: Int, column: Int, file: String, format: TraceFormat,
    into builder: inout HistoryBuilder
  ) throws {
    func fail(_ expected: String, _ found: String) -> FaultlineError {
      .malformedInput(file: file, line: line, column: column, expected: expected, found: found)
    }
    guard let processValue = form["process"] else { throw fail("a :process in the operation map", "none") }
    let process: String
    switch processValue {
    case .int(let n): process = String(n)
    case .string(let text): process = text
    // Keyword processes such as :nemesis inject faults; they are not client operations.
    case .keyword: return
    default: throw fail("an integer or keyword :process", processValue.description)
    }
    guard case .keyword(let type)? = form["type"] else {
      throw fail(":type :invoke, :ok, :fail or :info", form["type"]?.description ?? "none")
    }
    let function: String
    switch form["f"] {
    case .keyword(let name)?, .string(let name)?: function = name
    default: throw fail("an :f naming the operation", form["f"]?.description ?? "none")
    }
    let key = form["key"]
    if format == .porcupineKV && key == nil { throw fail("a :key in the kv operation", "none") }
    let value = form["value"] ?? .null
    switch type {
    case "invoke":
      try builder.invoke(
        process: process, function: function, key: key, arguments: value == .null ? [] : [value], line: line,
        column: column)
    case "ok": try builder.complete(process: process, status: .ok, result: value, line: line, column: column)
    case "fail":
      try builder.complete(process: process, status: .fail, result: value, line: line, column: column)
    case "info":
      try builder.complete(process: process, status: .info, result: nil, line: line, column: column)
    default: throw fail(":type :invoke, :ok, :fail or :info", ":" + type)
    }
  }
}

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

  static func decode(_ bytes: [UInt8], file: String) throws -> Trace {
    var builder = HistoryBuilder(file: file)
    var events = 0
    for (start, end, number) in LineSplitter(bytes) {
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
