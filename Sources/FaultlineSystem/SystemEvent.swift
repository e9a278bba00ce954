import FaultlineConsistency
import FaultlineCore

/// Something a process reacts to; its handler runs as one step.
public enum SystemEvent<P: SystemProcess>: Hashable, Sendable {
  /// The network hands `envelope` to its receiver.
  case deliver(Envelope<P.Message>)
  /// A timer of `process` fires.
  case fire(process: Int, timer: P.Timer)
  /// `process` takes one of its spontaneous choices.
  case choose(process: Int, choice: P.Choice)
  /// The failure detector of `observer` starts suspecting `target`.
  case suspect(observer: Int, target: Int)
  /// The failure detector of `observer` stops suspecting the live `target`.
  case trust(observer: Int, target: Int)
  /// A crashed `process` comes back from its stable storage.
  case recover(process: Int)

  /// The process whose handler runs.
  @inlinable public var process: Int {
    switch self {
    case .deliver(let envelope): return envelope.to
    case .fire(let process, _), .choose(let process, _), .recover(let process): return process
    case .suspect(let observer, _), .trust(let observer, _): return observer
    }
  }
}
