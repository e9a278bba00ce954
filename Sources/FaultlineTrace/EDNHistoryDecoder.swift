import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Decodes Jepsen EDN histories and Porcupine kv logs into client operations.
enum EDNHistoryDecoder {
  static func decode(
    _ bytes: [UInt8], file: String, format: TraceFormat, stop: StopCondition = StopCondition()
  )
    throws -> Trace
  {
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
      let column = s.trackedColumn()
      let form = try EDNParser.parseValue(&s)
      events += 1
      if events & 0xFFF == 0 { try ReadingStopped.check(stop, "decoding") }
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
