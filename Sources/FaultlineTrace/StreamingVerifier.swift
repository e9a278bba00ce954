import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The streaming check cannot take this trace (another format, operations without keys, another
/// spec, an object declared after the operations): it is read whole instead.
private struct StreamingUnavailable: Error {}

/// Sends client events to a streaming key-value check, created at the first invocation once it
/// is known that the operations are key-value ones.
private struct StreamingClientSink: ClientEventSink {
  let file: String
  let options: VerifyOptions
  let began: UInt64
  var declaration: JSONLinesDecoder.Declaration = (nil, nil, nil)
  var check: StreamingKeyValueCheck?

  mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    if check == nil {
      // Cutting at quiescent points relies on real-time order, which sequential consistency drops.
      guard (options.spec ?? declaration.spec ?? (key == nil ? nil : .kv)) == .kv,
        (options.consistency ?? declaration.consistency ?? .linearizable) == .linearizable
      else {
        throw StreamingUnavailable()
      }
      check = StreamingKeyValueCheck(
        file: file, initial: options.initial ?? declaration.initial, timeLimit: options.timeLimit,
        began: began, isCancelled: options.isCancelled)
    }
    try check?.invoke(
      process: process, function: function, key: key, arguments: arguments, line: line, column: column)
  }

  mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  )
    throws
  {
    guard check != nil else { throw StreamingUnavailable() }
    try check?.complete(process: process, status: status, result: result, line: line, column: column)
  }
}

extension TraceVerifier {
  /// JSON Lines files at least this large are checked as they are read (`VerifyOptions.streaming`).
  public static let streamingThreshold = 16 << 20

  /// Checks a JSON Lines key-value trace as it is read, a chunk at a time, so that memory does not
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
              if sink.check != nil { throw StreamingUnavailable() }
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
            operations: check.operations, spec: .kv, checks: [],
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
        events: events, operations: check.operations, spec: .kv, checks: [],
        seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    var verdicts: [Verdict] = []
    var spec: SpecKind?
    if var check = sink.check {
      spec = .kv
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
