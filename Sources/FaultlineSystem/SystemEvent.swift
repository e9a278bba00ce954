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

  /// Whether two events are the same (written out, so that it specialises in the hot loop).
  @inlinable public static func == (a: SystemEvent, b: SystemEvent) -> Bool {
    // One switch on `a` rather than on the pair `(a, b)`: a tuple pattern of generic enums
    // asks the runtime for the tuple's metadata whenever the code runs unspecialised.
    switch a {
    case .deliver(let x):
      guard case .deliver(let y) = b else { return false }
      return x == y
    case .fire(let p, let x):
      guard case .fire(let q, let y) = b else { return false }
      return p == q && x == y
    case .choose(let p, let x):
      guard case .choose(let q, let y) = b else { return false }
      return p == q && x == y
    case .suspect(let p, let x):
      guard case .suspect(let q, let y) = b else { return false }
      return p == q && x == y
    case .trust(let p, let x):
      guard case .trust(let q, let y) = b else { return false }
      return p == q && x == y
    case .recover(let p):
      guard case .recover(let q) = b else { return false }
      return p == q
    }
  }

  /// Feeds a tag and the payload.
  @inlinable public func hash(into hasher: inout Hasher) {
    switch self {
    case .deliver(let envelope):
      hasher.combine(0)
      hasher.combine(envelope)
    case .fire(let process, let timer):
      hasher.combine(1)
      hasher.combine(process)
      hasher.combine(timer)
    case .choose(let process, let choice):
      hasher.combine(2)
      hasher.combine(process)
      hasher.combine(choice)
    case .suspect(let observer, let target):
      hasher.combine(3)
      hasher.combine(observer)
      hasher.combine(target)
    case .trust(let observer, let target):
      hasher.combine(4)
      hasher.combine(observer)
      hasher.combine(target)
    case .recover(let process):
      hasher.combine(5)
      hasher.combine(process)
    }
  }

  /// The process whose handler runs.
  @inlinable public var process: Int {
    switch self {
    case .deliver(let envelope): return envelope.to
    case .fire(let process, _), .choose(let process, _), .recover(let process): return process
    case .suspect(let observer, _), .trust(let observer, _): return observer
    }
  }
}
