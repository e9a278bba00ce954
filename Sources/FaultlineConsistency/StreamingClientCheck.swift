import Dispatch
import FaultlineCore

/// A linearizability check fed client events as a trace is read (`StreamingCheck`), whatever
/// its object: what the streaming reader needs of it.
package protocol StreamingClientCheck: ClientEventSink {
  /// The first violation or time-out found so far.
  var verdict: Verdict? { get }
  /// The client operations read.
  var operations: Int { get }
  /// Whether the time limit passed: reading can stop.
  var timedOut: Bool { get }
  /// The verdict for the whole history, once every event has been read.
  mutating func finish() throws -> Verdict
}

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

/// Makes the streaming check of each spec.
package enum StreamingChecks {
  /// The streaming linearizability check of a trace `file` of `spec`'s objects, starting at
  /// `initial`; `timeLimit` counts from `began` (uptime nanoseconds).
  package static func make(
    _ spec: SpecKind, file: String, initial: TraceValue?, timeLimit: Double?, began: UInt64,
    isCancelled: (@Sendable () -> Bool)?, segmentLength: Int? = nil
  ) -> any StreamingClientCheck {
    func made<O: StreamedObject>(_ object: O) -> any StreamingClientCheck {
      var check = StreamingCheck(
        object: object, file: file, timeLimit: timeLimit, began: began, isCancelled: isCancelled)
      if let segmentLength { check.segmentLength = segmentLength }
      return check
    }
    switch spec {
    case .kv: return made(KeyValueObject(initial: initial))
    case .register, .casRegister: return made(InternedObject.register(spec, initial: initial))
    case .set: return made(InternedObject.set(initial: initial))
    case .queue: return made(InternedObject.queue(initial: initial))
    case .mutex: return made(InternedObject.mutex())
    }
  }
}
