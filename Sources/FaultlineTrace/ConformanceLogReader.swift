import Dispatch
import FaultlineCore

/// Reads a JSON Lines event log (docs/trace-format.md) for a conformance check, with an optional
/// mapping of the log's own names onto the model's (`ConformanceMapping`).
public enum ConformanceLogReader {
  /// What reading gave.
  public enum Read: Sendable {
    /// The log.
    case log(ConformanceLog)
    /// The time limit or a cancellation stopped the reading, for this reason.
    case stopped(String)
  }

  /// The events of the JSON Lines log at `path`; each line an object with a string `type`, and a
  /// string `process` unless it is an `object` line. Blank lines, and lines the mapping ignores,
  /// are skipped.
  public static func read(
    path: String, mapping: ConformanceMapping? = nil, timeLimit: Double? = nil,
    isCancelled: (@Sendable () -> Bool)? = nil, maxLineBytes: Int = VerifyOptions.defaultMaxLineBytes
  ) throws -> Read {
    do {
      return .log(
        try decode(
          path: path, mapping: mapping, timeLimit: timeLimit, isCancelled: isCancelled,
          maxLineBytes: maxLineBytes))
    } catch let stopped as ReadingStopped {
      return .stopped(stopped.reason)
    }
  }

  static func decode(
    path: String, mapping: ConformanceMapping?, timeLimit: Double?, isCancelled: (@Sendable () -> Bool)?,
    maxLineBytes: Int
  ) throws -> ConformanceLog {
    let stop = StopCondition(
      timeLimit: timeLimit, from: DispatchTime.now().uptimeNanoseconds, isCancelled: isCancelled)
    let source = try TraceSource(path: path, stop: stop, maxLineBytes: maxLineBytes)
    var bytes = try source.readAll()
    TraceDecoder.skipByteOrderMark(&bytes)
    var events: [LoggedEvent] = []
    for (start, end, number) in LineSplitter(bytes) {
      if number & 0xFFF == 0 { try ReadingStopped.check(stop, "decoding") }
      guard
        var object = try JSONLinesDecoder.parseLine(bytes, start: start, end: end, number: number, file: path)
      else { continue }
      if let mapping {
        guard let mapped = mapping.apply(to: object) else { continue }
        object = mapped
      }
      guard case .string(let type)? = object["type"] else {
        throw FaultlineError.malformedInput(
          file: path, line: number, column: 1, expected: "a string field \"type\"",
          found: object["type"].map { $0.rendered(indent: 0) } ?? "none")
      }
      let process: String?
      switch object["process"] {
      case .string(let name)?: process = name
      case nil where type == "object": process = nil
      case let other:
        throw FaultlineError.malformedInput(
          file: path, line: number, column: 1, expected: "a string field \"process\"",
          found: other.map { $0.rendered(indent: 0) } ?? "none")
      }
      var clock: [String: Int]?
      switch object["vc"] {
      case nil: clock = nil
      case .map(let pairs)?:
        clock = [:]
        for pair in pairs {
          let (name, value) = (pair.key.text, pair.value)
          guard case .int(let count) = value, count >= 0 else {
            throw FaultlineError.malformedInput(
              file: path, line: number, column: 1,
              expected: "\"vc\" to map each process to a count of events",
              found: "\(name): \(value.rendered(indent: 0))")
          }
          clock?[name] = count
        }
      case let other?:
        throw FaultlineError.malformedInput(
          file: path, line: number, column: 1, expected: "\"vc\" to be an object of counts",
          found: other.rendered(indent: 0))
      }
      events.append(LoggedEvent(fields: object, type: type, process: process, line: number, clock: clock))
    }
    guard !events.isEmpty else {
      throw FaultlineError.malformedInput(
        file: path, line: 1, column: 1, expected: "at least one JSON event line", found: "none")
    }
    let log = ConformanceLog(file: path, events: events)
    if let (event, process, count) = log.impossibleClock {
      throw FaultlineError.malformedInput(
        file: path, line: event.line, column: 1,
        expected: "a vector clock that counts this event as its process's next and no more events of "
          + "\(process) than the log has",
        found: "\(process): \(count)")
    }
    return log
  }
}
