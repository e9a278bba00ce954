import FaultlineConsistency
import FaultlineCore

/// Something a process makes visible to the outside world; the reusable properties read these.
public enum SystemOutput<Value: Hashable & Sendable & Fingerprintable & Comparable>: Hashable, Sendable,
  Fingerprintable, CustomStringConvertible
{
  /// The process decides `value` (consensus, commit).
  case decide(Value)
  /// The process asks its broadcast layer to send `value` to all.
  case broadcast(Value)
  /// The process delivers `value` to its application.
  case deliver(Value)
  /// The process installs view `view` with `members` (group membership).
  case install(view: Int, members: ProcessSet)

  /// Feeds a tag and the payload.
  public func fingerprint(into f: inout Fingerprinter) {
    switch self {
    case .decide(let value):
      f.combine(word: 1)
      f.combine(value)
    case .broadcast(let value):
      f.combine(word: 2)
      f.combine(value)
    case .deliver(let value):
      f.combine(word: 3)
      f.combine(value)
    case .install(let view, let members):
      f.combine(word: 4)
      f.combine(view)
      f.combine(members)
    }
  }

  /// `decide(v)`, `deliver(v)`, ...
  public var description: String {
    switch self {
    case .decide(let value): return "decide(\(value))"
    case .broadcast(let value): return "broadcast(\(value))"
    case .deliver(let value): return "deliver(\(value))"
    case .install(let view, let members): return "install(\(view), \(members))"
    }
  }
}
