/// One event of a recorded log, as the trace format writes it (docs/trace-format.md).
public struct LoggedEvent: Sendable, Equatable {
  /// The event's JSON object, every field as recorded.
  public var fields: TraceValue
  /// Its `type`.
  public var type: String
  /// Its `process`; nil for an event of no process (the `object` line of a client history).
  public var process: String?
  /// The 1-based line of the log it was read from.
  public var line: Int
  /// Its vector clock, when the log records one: for each process, how many of that process's
  /// logged events happened before it or are it.
  public var clock: [String: Int]?

  /// An event read from `line`.
  public init(fields: TraceValue, type: String, process: String?, line: Int, clock: [String: Int]? = nil) {
    self.fields = fields
    self.type = type
    self.process = process
    self.line = line
    self.clock = clock
  }
}

/// A recorded log to check for conformance to a model: its events in file order, and each
/// process's events in that process's own order.
///
/// Only what the log records is observable: event types that occur in it, of processes that
/// occur in it. A model's steps whose events are all of other types or processes are hidden.
/// Vector clocks, where events carry them, order events of different processes too.
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
  /// For each event, what its vector clock requires of other processes: how many events of each
  /// other stream must be explained before it.
  public var requirements: [[(stream: Int, count: Int32)]]

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
    let index = streamIndex
    requirements = events.map { event in
      guard let clock = event.clock else { return [] }
      return clock.compactMap { process, count in
        guard process != (event.process ?? ""), count > 0, let stream = index[process] else { return nil }
        return (stream, Int32(clamping: count))
      }.sorted { $0.stream < $1.stream }
    }
  }

  /// The log as one stream in the file's order, when that order keeps every vector clock (an
  /// event after those its clock names): a merge of the processes' logs that a search can try
  /// first, since a behaviour that explains it explains the log.
  public var inFileOrder: ConformanceLog? {
    var seen = [Int](repeating: 0, count: streams.count)
    for (index, event) in events.enumerated() {
      for requirement in requirements[index] where seen[requirement.stream] < requirement.count { return nil }
      if let stream = streamIndex[event.process ?? ""] { seen[stream] += 1 }
    }
    var ordered = self
    ordered.streams = [Array(events.indices)]
    ordered.streamIndex = streamIndex.mapValues { _ in 0 }
    ordered.requirements = events.map { _ in [] }
    return ordered
  }

  /// The first event whose vector clock counts more events of a process than the log has of it,
  /// or that does not count itself, if any: such a clock cannot come from this log.
  public var impossibleClock: (event: LoggedEvent, process: String, count: Int)? {
    for (index, event) in events.enumerated() {
      guard let clock = event.clock else { continue }
      let own = event.process ?? ""
      if let stream = streamIndex[own], let position = streams[stream].firstIndex(of: index),
        let count = clock[own], count != position + 1
      {
        return (event, own, count)
      }
      for (process, count) in clock where process != own {
        let logged = streamIndex[process].map { streams[$0].count } ?? 0
        if count > logged { return (event, process, count) }
      }
    }
    return nil
  }

  /// Whether a model's event, rendered as a trace-format object, is the logged one: the same
  /// type, and every field the model writes recorded with the same value. Fields the model does
  /// not write (a timestamp, a vector clock) are not compared.
  public static func matches(_ modelEvent: TraceValue, _ logged: TraceValue) -> Bool {
    guard let pairs = modelEvent.objectFields else { return false }
    return pairs.allSatisfy { key, value in logged[key] == value }
  }
}
