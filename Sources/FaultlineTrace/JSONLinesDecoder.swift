import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Decodes Faultline's JSON Lines traces (see docs/trace-format.md).
package enum JSONLinesDecoder {
  static let clientTypes = ["invoke", "ok", "fail", "info"]

  static func decode(_ bytes: [UInt8], file: String, stop: StopCondition = StopCondition()) throws -> Trace {
    var builder = HistoryBuilder(file: file)
    var protocolEvents: [ProtocolEvent] = []
    var declaration: Declaration = (nil, nil, nil)
    var isolation: IsolationLevel? = nil
    var events = 0
    for (start, end, number) in LineSplitter(bytes) {
      if number & 0xFFF == 0 { try ReadingStopped.check(stop, "decoding") }
      guard let object = try parseLine(bytes, start: start, end: end, number: number, file: file) else {
        continue
      }
      events += 1
      if case .string("object")? = object["type"] {
        declaration = try declare(object, line: number, file: file)
        isolation = declaredIsolation(object)
        continue
      }
      try record(object, line: number, file: file, builder: &builder, events: &protocolEvents)
    }
    if events == 0 {
      throw FaultlineError.malformedInput(
        file: file, line: 1, column: 1, expected: "at least one JSON event line", found: "none")
    }
    var trace = Trace(
      format: .jsonl, events: events, history: builder.finish(), protocolEvents: protocolEvents)
    trace.declaredSpec = declaration.spec
    trace.declaredInitial = declaration.initial
    trace.declaredConsistency = declaration.consistency
    trace.declaredIsolation = isolation
    return trace
  }

  /// The JSON object on one line; nil for a blank line.
  static func parseLine(_ bytes: [UInt8], start: Int, end: Int, number: Int, file: String) throws
    -> TraceValue?
  {
    var s = ByteScanner(bytes: bytes, file: file, start: start, end: end, line: number, lineStart: start)
    s.skipSpaces()
    if s.atEnd { return nil }
    guard s.peek == UInt8(ascii: "{") else { throw s.error(expected: "a JSON object '{'") }
    return try JSONParser.parseDocument(&s)
  }

  /// What an `object` line declares.
  typealias Declaration = (spec: SpecKind?, initial: TraceValue?, consistency: Consistency?)

  /// Reads an `object` line: `{"type":"object","spec":"register","initial":0}` declares what
  /// the operations act on, and `"consistency":"sequential"` what they promise, so that the trace
  /// verifies without `--spec`, `--initial` and `--consistency`.
  static func declare(_ object: TraceValue, line: Int, file: String) throws -> Declaration {
    func named<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
      switch object[field] {
      case nil: return nil
      case .string(let name)?:
        guard let value = T(rawValue: name) else {
          throw FaultlineError.malformedInput(
            file: file, line: line, column: 1,
            expected: "\"\(field)\" among " + T.allCases.map(\.rawValue).joined(separator: ", "),
            found: "\"\(name)\"")
        }
        return value
      case let other?:
        throw FaultlineError.malformedInput(
          file: file, line: line, column: 1, expected: "a string \"\(field)\"",
          found: other.rendered(indent: 0))
      }
    }
    return (
      try named("spec", SpecKind.self), object["initial"],
      declaredIsolation(object) != nil ? nil : try named("consistency", Consistency.self)
    )
  }

  /// The transactional model an `object` line declares, `"consistency":"serializable"` and the like.
  static func declaredIsolation(_ object: TraceValue) -> IsolationLevel? {
    guard case .string(let name)? = object["consistency"] else { return nil }
    return IsolationLevel(rawValue: name)
  }

  /// Sends a client event to `builder`, or appends a protocol event to `events`.
  static func record(
    _ object: TraceValue, line: Int, file: String, builder: inout some ClientEventSink,
    events: inout [ProtocolEvent]
  ) throws {
    func fail(_ expected: String, _ found: String) -> FaultlineError {
      .malformedInput(file: file, line: line, column: 1, expected: expected, found: found)
    }
    func found(_ value: TraceValue?) -> String { value.map { $0.rendered(indent: 0) } ?? "none" }
    func name(_ field: String) throws -> String {
      switch object[field] {
      case .string(let text)?: return text
      case .int(let n)?: return String(n)
      case let other: throw fail("a string or integer \"\(field)\"", found(other))
      }
    }
    func optionalName(_ field: String) throws -> String? { object[field] == nil ? nil : try name(field) }
    // Fields of events that are recorded, not checked: kept when they name a process.
    func recordedName(_ field: String) -> String? {
      switch object[field] {
      case .string(let text)?: return text
      case .int(let n)?: return String(n)
      default: return nil
      }
    }
    func names(_ field: String) throws -> [String] {
      guard case .list(let items)? = object[field] else {
        throw fail("an array \"\(field)\"", found(object[field]))
      }
      return try items.map { item in
        switch item {
        case .string(let text): return text
        case .int(let n): return String(n)
        default: throw fail("process names in \"\(field)\"", found(item))
        }
      }
    }
    func required(_ field: String) throws -> TraceValue {
      guard let value = object[field] else { throw fail("a \"\(field)\" field", "none") }
      return value
    }
    guard case .map = object else { throw fail("a JSON object", found(object)) }
    guard case .string(let type)? = object["type"] else {
      throw fail("a string \"type\"", found(object["type"]))
    }
    if let time = object["time"] {
      switch time {
      case .int, .number: break
      default: throw fail("a number \"time\"", found(time))
      }
    }
    let process = try name("process")
    if clientTypes.contains(type) {
      if type == "invoke" {
        var arguments: [TraceValue] = []
        switch object["args"] {
        case nil: break
        case .list(let items)?: arguments = items
        case let other: throw fail("an array \"args\"", found(other))
        }
        // A transaction: "txn" holds its micro-operations, and "op" may be left out.
        let transaction = object["txn"]
        if let transaction { arguments = [transaction] }
        try builder.invoke(
          process: process, function: transaction != nil && object["op"] == nil ? "txn" : try name("op"),
          key: object["key"],
          arguments: arguments,
          line: line, column: 1)
      } else {
        let status: OperationStatus = type == "ok" ? .ok : type == "fail" ? .fail : .info
        try builder.complete(
          process: process, status: status, result: (object["txn"] ?? object["result"]),
          line: line,
          column: 1)
      }
      return
    }
    guard let kind = StepEvent.Kind(rawValue: type) else {
      let all = clientTypes + StepEvent.Kind.allCases.map(\.rawValue)
      throw fail("a \"type\" among " + all.joined(separator: ", "), "\"\(type)\"")
    }
    let event: StepEvent
    switch kind {
    case .propose: event = .propose(try required("value"))
    case .decide: event = .decide(try required("value"))
    case .broadcast: event = .broadcast(message: try required("message"), value: object["value"])
    case .deliver: event = .deliver(message: try required("message"), value: object["value"])
    case .viewChange:
      guard case .int(let view)? = object["view"] else {
        throw fail("an integer \"view\"", found(object["view"]))
      }
      event = .viewChange(view: view, members: try names("members"))
    case .vote:
      let transaction = try required("tx")
      switch object["vote"] {
      case .string("yes")?, .bool(true)?: event = .vote(transaction: transaction, yes: true)
      case .string("no")?, .bool(false)?: event = .vote(transaction: transaction, yes: false)
      case let other: throw fail("\"vote\": \"yes\" or \"no\"", found(other))
      }
    case .commit, .abort:
      let transaction = try required("tx")
      let participants = object["participants"] != nil ? try names("participants") : nil
      event =
        kind == .commit
        ? .commit(transaction: transaction, participants: participants)
        : .abort(transaction: transaction, participants: participants)
    case .send: event = .send(message: object["message"] ?? .null, to: recordedName("to"))
    case .receive: event = .receive(message: object["message"] ?? .null, from: recordedName("from"))
    case .crash: event = .crash
    case .recover: event = .recover
    case .suspect: event = .suspect(recordedName("suspects") ?? "")
    case .call: event = .call(try required("call"))
    case .begin: event = .begin(call: try required("call"))
    case .abandon: event = .abandon(call: try required("call"))
    case .execute: event = .execute(call: try required("call"), result: object["result"])
    case .reply: event = .reply(call: try required("call"), result: object["result"])
    case .checkpoint:
      let name = try required("checkpoint")
      switch object["tentative"] {
      case nil, .bool(false)?: event = .checkpoint(name: name, tentative: false)
      case .bool(true)?: event = .checkpoint(name: name, tentative: true)
      case let other?: throw fail("a boolean \"tentative\"", found(other))
      }
    case .rollback: event = .rollback(checkpoint: try required("checkpoint"))
    case .appSend: event = .appSend(message: try required("message"), to: try optionalName("to"))
    case .appReceive: event = .appReceive(message: try required("message"), from: try name("from"))
    }
    if let logged = ProtocolEvent(event, process: process, line: line) { events.append(logged) }
  }
}
