import Dispatch
import FaultlineCore

/// The streaming check of a key-value store, one stream per key.
package typealias StreamingKeyValueCheck = StreamingCheck<KeyValueObject>

extension StreamingCheck where Object == KeyValueObject {
  /// A check of the key-value trace `file` whose keys start at `initial`.
  package init(
    file: String, initial: TraceValue?, timeLimit: Double?,
    began: UInt64 = DispatchTime.now().uptimeNanoseconds, isCancelled: (@Sendable () -> Bool)? = nil
  ) {
    self.init(
      object: KeyValueObject(initial: initial), file: file, timeLimit: timeLimit, began: began,
      isCancelled: isCancelled)
  }
}

/// The streaming check of any built-in spec, as one type: a case per spec, so that each is
/// specialised (a check called through a protocol existential of the generic type would run
/// its search unspecialised, several times slower).
package enum AnyStreamingCheck: ClientEventSink {
  case kv(StreamingCheck<KeyValueObject>)
  case register(StreamingCheck<InternedObject<RegisterSpec>>)
  case set(StreamingCheck<InternedObject<SetSpec>>)
  case queue(StreamingCheck<InternedObject<QueueSpec>>)
  case mutex(StreamingCheck<InternedObject<MutexSpec>>)
  /// Stands in while a case's check is changed, so that the check is not copied.
  case moved

  /// The streaming linearizability check of a trace `file` of `spec`'s objects, starting at
  /// `initial`; `timeLimit` counts from `began` (uptime nanoseconds); a stream is cut once
  /// `segmentLength` operations are before its frontier. Nil for transactional specs, whose
  /// histories are read whole.
  package init?(
    _ spec: SpecKind, file: String, initial: TraceValue?, timeLimit: Double?,
    began: UInt64 = DispatchTime.now().uptimeNanoseconds, isCancelled: (@Sendable () -> Bool)? = nil,
    segmentLength: Int = 32
  ) {
    func made<O: StreamedObject>(_ object: O) -> StreamingCheck<O> {
      var check = StreamingCheck(
        object: object, file: file, timeLimit: timeLimit, began: began, isCancelled: isCancelled)
      check.segmentLength = segmentLength
      return check
    }
    switch spec {
    case .kv: self = .kv(made(KeyValueObject(initial: initial)))
    case .register, .casRegister: self = .register(made(InternedObject.register(spec, initial: initial)))
    case .set: self = .set(made(InternedObject.set(initial: initial)))
    case .queue: self = .queue(made(InternedObject.queue(initial: initial)))
    case .mutex: self = .mutex(made(InternedObject.mutex()))
    case .listAppend, .rwRegister: return nil
    }
  }

  package mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    switch self {
    case .kv(var check):
      self = .moved
      defer { self = .kv(check) }
      try check.invoke(
        process: process, function: function, key: key, arguments: arguments, line: line, column: column)
    case .register(var check):
      self = .moved
      defer { self = .register(check) }
      try check.invoke(
        process: process, function: function, key: key, arguments: arguments, line: line, column: column)
    case .set(var check):
      self = .moved
      defer { self = .set(check) }
      try check.invoke(
        process: process, function: function, key: key, arguments: arguments, line: line, column: column)
    case .queue(var check):
      self = .moved
      defer { self = .queue(check) }
      try check.invoke(
        process: process, function: function, key: key, arguments: arguments, line: line, column: column)
    case .mutex(var check):
      self = .moved
      defer { self = .mutex(check) }
      try check.invoke(
        process: process, function: function, key: key, arguments: arguments, line: line, column: column)
    case .moved: break
    }
  }

  package mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  ) throws {
    switch self {
    case .kv(var check):
      self = .moved
      defer { self = .kv(check) }
      try check.complete(process: process, status: status, result: result, line: line, column: column)
    case .register(var check):
      self = .moved
      defer { self = .register(check) }
      try check.complete(process: process, status: status, result: result, line: line, column: column)
    case .set(var check):
      self = .moved
      defer { self = .set(check) }
      try check.complete(process: process, status: status, result: result, line: line, column: column)
    case .queue(var check):
      self = .moved
      defer { self = .queue(check) }
      try check.complete(process: process, status: status, result: result, line: line, column: column)
    case .mutex(var check):
      self = .moved
      defer { self = .mutex(check) }
      try check.complete(process: process, status: status, result: result, line: line, column: column)
    case .moved: break
    }
  }

  /// The verdict for the whole history, once every event has been read.
  package mutating func finish() throws -> Verdict {
    switch self {
    case .kv(var check): return try check.finish()
    case .register(var check): return try check.finish()
    case .set(var check): return try check.finish()
    case .queue(var check): return try check.finish()
    case .mutex(var check): return try check.finish()
    case .moved: return .holds
    }
  }

  /// The first violation or time-out found so far.
  package var verdict: Verdict? {
    switch self {
    case .kv(let check): return check.verdict
    case .register(let check): return check.verdict
    case .set(let check): return check.verdict
    case .queue(let check): return check.verdict
    case .mutex(let check): return check.verdict
    case .moved: return nil
    }
  }

  /// The client operations read.
  package var operations: Int {
    switch self {
    case .kv(let check): return check.operations
    case .register(let check): return check.operations
    case .set(let check): return check.operations
    case .queue(let check): return check.operations
    case .mutex(let check): return check.operations
    case .moved: return 0
    }
  }

  /// Whether the time limit passed: reading can stop.
  package var timedOut: Bool {
    if case .incomplete? = verdict { return true }
    return false
  }
}
