/// One event of a recorded log, as the trace format writes it (docs/trace-format.md).
public struct LoggedEvent: Sendable, Equatable {
  /// The event's JSON object, every field as recorded.
  public var fields: JSONValue
  /// Its `type`.
  public var type: String
  /// Its `process`; nil for an event of no process (the `object` line of a client history).
  public var process: String?
  /// The 1-based line of the log it was read from.
  public var line: Int

  /// An event read from `line`.
  public init(fields: JSONValue, type: String, process: String?, line: Int) {
    self.fields = fields
    self.type = type
    self.process = process
    self.line = line
  }
}

/// A recorded log to check for conformance to a model: its events in file order, and each
/// process's events in that process's own order.
///
/// Only what the log records is observable: event types that occur in it, of processes that
/// occur in it. A model's steps whose events are all of other types or processes are hidden.
public struct ConformanceLog: Sendable {
  /// The file the log was read from, for messages.
  public var file: String
  /// Every event, in file order.
  public var events: [LoggedEvent]
  /// The event types the log records.
  public var observedTypes: Set<String>
  /// The processes the log records, in order of first appearance ("" for events of no process).
  public var processes: [String]
  /// Each process's events, as indices into `events`, in the order it recorded them.
  public var streams: [[Int]]
  /// The stream of each process.
  public var streamIndex: [String: Int]

  /// A log of `events`, read from `file`.
  public init(file: String, events: [LoggedEvent]) {
    self.file = file
    self.events = events
    observedTypes = Set(events.map(\.type))
    processes = []
    streams = []
    streamIndex = [:]
    for (index, event) in events.enumerated() {
      let name = event.process ?? ""
      if let stream = streamIndex[name] {
        streams[stream].append(index)
      } else {
        streamIndex[name] = streams.count
        processes.append(name)
        streams.append([index])
      }
    }
  }

  /// Whether a model's event, rendered as a trace-format object, is the logged one: the same
  /// type, and every field the model writes recorded with the same value. Fields the model does
  /// not write (a timestamp, a vector clock) are not compared.
  public static func matches(_ modelEvent: JSONValue, _ logged: JSONValue) -> Bool {
    guard case .object(let pairs) = modelEvent else { return false }
    return pairs.allSatisfy { key, value in logged[key] == value }
  }
}
