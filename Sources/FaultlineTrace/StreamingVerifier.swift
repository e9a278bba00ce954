import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The streaming check cannot take this trace (another format, another consistency condition,
/// operations whose spec is only known from the whole history, values that look like Jepsen's
/// independent tuples, an object declared after the operations): it is read whole instead.
private struct StreamingUnavailable: Error {}

/// Sends client events to a streaming linearizability check, created once the spec is known:
/// from `--spec`, the trace's object line, a key, or the first operation whose name tells the
/// spec apart (reads alone do not, and wait).
private struct StreamingClientSink: ClientEventSink {
  /// A client event waiting for the spec to be known.
  private enum Waiting {
    case invoke(process: String, function: String, arguments: [TraceValue], line: Int, column: Int)
    case complete(process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int)
  }

  let file: String
  let options: VerifyOptions
  let began: UInt64
  var declaration: JSONLinesDecoder.Declaration = (nil, nil, nil)
  var check: AnyStreamingCheck?
  /// The spec checked, and whether it was chosen from the operations' names.
  private var spec: SpecKind?
  private var guessed = false
  private var sawCas = false
  private var waiting: [Waiting] = []

  init(file: String, options: VerifyOptions, began: UInt64) {
    self.file = file
    self.options = options
    self.began = began
  }

  /// The spec as reading the trace whole reports it: a register when no CAS was seen.
  var reportedSpec: SpecKind? { guessed && spec == .casRegister && !sawCas ? .register : spec }

  /// Whether events were read and wait for a spec.
  var isWaiting: Bool { !waiting.isEmpty }

  mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    if check == nil {
      // The cut relies on real-time order, which sequential consistency drops.
      guard (options.consistency ?? declaration.consistency ?? .linearizable) == .linearizable else {
        throw StreamingUnavailable()
      }
      if let chosen = options.spec ?? declaration.spec ?? (key == nil ? nil : .kv) {
        // Transactions are checked over the whole history.
        guard !chosen.isTransactional else { throw StreamingUnavailable() }
        start(chosen, guessed: false)
      } else if let family = Self.family(of: function) {
        start(family, guessed: true)
      } else {
        // Reads alone do not tell a register from a set: wait, a little.
        guard waiting.count < 4096 else { throw StreamingUnavailable() }
        waiting.append(
          .invoke(process: process, function: function, arguments: arguments, line: line, column: column))
        return
      }
      try replay()
    }
    if function == "cas" { sawCas = true }
    if guessed {
      // The whole history's names choose the spec there: one outside the guess, or a key, might
      // choose another, or none (a usage error), so the trace is read whole to say which.
      guard let spec, spec.functions.contains(function),
        key == nil || spec == .kv
      else { throw StreamingUnavailable() }
    }
    // Values like Jepsen's `[key value]` tuples may make an independent history (`History`'s
    // rule), which only the whole history can tell.
    if spec != .kv, key == nil, function != "cas", arguments.count == 1, case .list(let items) = arguments[0],
      items.count == 2
    {
      throw StreamingUnavailable()
    }
    try check?.invoke(
      process: process, function: function, key: key, arguments: arguments, line: line, column: column)
  }

  mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  ) throws {
    guard check != nil else {
      waiting.append(.complete(process: process, status: status, result: result, line: line, column: column))
      return
    }
    try check?.complete(process: process, status: status, result: result, line: line, column: column)
  }

  /// Checks the waiting events as a register's, the spec whole reading picks for reads alone.
  mutating func finishWaiting() throws {
    guard check == nil, !waiting.isEmpty else { return }
    start(.casRegister, guessed: true)
    try replay()
  }

  /// The spec an operation's name alone chooses, as `SpecKind.guess` would from all the names.
  private static func family(of function: String) -> SpecKind? {
    switch function {
    case "write", "cas": return .casRegister
    case "add": return .set
    case "enqueue", "dequeue": return .queue
    case "acquire", "release": return .mutex
    case "get", "put", "append": return .kv
    default: return nil
    }
  }

  private mutating func start(_ chosen: SpecKind, guessed: Bool) {
    spec = chosen
    self.guessed = guessed
    check = AnyStreamingCheck(
      chosen, file: file, initial: options.initial ?? declaration.initial, timeLimit: options.timeLimit,
      began: began, isCancelled: options.isCancelled)
  }

  private mutating func replay() throws {
    let events = waiting
    waiting = []
    for event in events {
      switch event {
      case .invoke(let process, let function, let arguments, let line, let column):
        try invoke(
          process: process, function: function, key: nil, arguments: arguments, line: line, column: column)
      case .complete(let process, let status, let result, let line, let column):
        try complete(process: process, status: status, result: result, line: line, column: column)
      }
    }
  }
}

extension TraceVerifier {
  /// JSON Lines files at least this large are checked as they are read (`VerifyOptions.streaming`).
  public static let streamingThreshold = 16 << 20

  /// Checks a JSON Lines trace of client operations on any object as it is read, a chunk at a time, so that memory does not
  /// grow with its length; nil when the trace is not one, or is smaller than the threshold and
  /// streaming was not asked for, and must be read whole.
  static func verifyStreaming(_ source: TraceSource, options: VerifyOptions, start: UInt64) throws
    -> VerifyResult?
  {
    let path = source.path
    if options.streaming == nil && source.size < streamingThreshold { return nil }
    if options.consistency == .sequential || options.independent { return nil }
    var buffer: [UInt8] = []
    var more = try source.read(appendingTo: &buffer)
    TraceDecoder.skipByteOrderMark(&buffer)
    guard (try? options.format ?? TraceDecoder.detect(bytes: buffer, file: path)) == .jsonl else {
      return nil
    }
    var sink = StreamingClientSink(file: path, options: options, began: start)
    var protocolEvents: [ProtocolEvent] = []
    var events = 0
    var number = 0
    // The bytes of the buffer already searched for a line end, so that a line longer than a
    // chunk is not searched again from its start.
    var scanned = 0
    do {
      reading: while true {
        // Every complete line in the buffer; the last, unterminated one waits for the next chunk.
        var lineStart = 0
        var index = scanned
        while index < buffer.count || (!more && lineStart < buffer.count) {
          if index < buffer.count && buffer[index] != 0x0A {
            index += 1
            continue
          }
          number += 1
          let end = index > lineStart && buffer[index - 1] == 0x0D ? index - 1 : index
          if let object = try JSONLinesDecoder.parseLine(
            buffer, start: lineStart, end: end, number: number, file: path)
          {
            events += 1
            if case .string("object")? = object["type"] {
              if sink.check != nil || sink.isWaiting { throw StreamingUnavailable() }
              sink.declaration = try JSONLinesDecoder.declare(object, line: number, file: path)
            } else {
              try JSONLinesDecoder.record(
                object, line: number, file: path, builder: &sink, events: &protocolEvents)
            }
          }
          index += 1
          lineStart = index
          // Out of time: what was read is not a history, so nothing is judged on it.
          if sink.check?.timedOut == true { break reading }
        }
        buffer.removeSubrange(0..<min(lineStart, buffer.count))
        scanned = buffer.count
        if !more { break }
        do {
          more = try source.read(appendingTo: &buffer)
        } catch let stopped as ReadingStopped {
          // A violation found before the limit stands; the protocol checks, which need the whole
          // log, are not run on part of it.
          guard let check = sink.check, case .violated? = check.verdict else { throw stopped }
          return VerifyResult(
            file: path, format: .jsonl, verdict: check.verdict ?? .holds, events: events,
            operations: check.operations, spec: sink.reportedSpec, checks: [],
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
      }
    } catch is StreamingUnavailable {
      return nil
    }
    if events == 0 {
      throw FaultlineError.malformedInput(
        file: path, line: 1, column: 1, expected: "at least one JSON event line", found: "none")
    }
    if let check = sink.check, check.timedOut, case .incomplete(let reason)? = check.verdict {
      return VerifyResult(
        file: path, format: .jsonl, verdict: .incomplete(reason: reason + "; the rest was not read"),
        events: events, operations: check.operations, spec: sink.reportedSpec, checks: [],
        seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    var verdicts: [Verdict] = []
    var spec: SpecKind?
    do {
      try sink.finishWaiting()
    } catch is StreamingUnavailable {
      return nil
    }
    if var check = sink.check {
      spec = sink.reportedSpec
      verdicts.append(try check.finish())
    } else if let chosen = options.spec {
      // No client operations: the empty history is linearizable under every spec.
      spec = chosen
      verdicts.append(.holds)
    }
    let checks = options.check.map { [$0] } ?? EventCheck.implied(by: protocolEvents)
    for check in checks { verdicts.append(check.run(protocolEvents)) }
    return VerifyResult(
      file: path, format: .jsonl, verdict: combine(verdicts), events: events,
      operations: sink.check?.operations ?? 0, spec: spec, checks: checks,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
}
