import FaultlineConsistency
import FaultlineCore

/// What each process's failure detector may report.
public enum FailureDetector: Sendable, Equatable {
  /// No failure detector: processes are never told of suspicions.
  case none
  /// Perfect (P): eventually suspects every crashed process and never a live one.
  case perfect
  /// Eventually perfect (◇P): may also suspect live processes, at most `falseSuspicions`
  /// times in all, and may withdraw any suspicion of a live process.
  case eventuallyPerfect(falseSuspicions: Int)
  /// Eventually strong (◇S): like ◇P over the finite prefixes a safety check explores, because
  /// the properties that tell them apart (which suspicions last forever) are liveness ones.
  case eventuallyStrong(falseSuspicions: Int)

  /// The bound on suspicions of live processes.
  public var falseSuspicionBound: Int {
    switch self {
    case .none, .perfect: return 0
    case .eventuallyPerfect(let bound), .eventuallyStrong(let bound): return max(bound, 0)
    }
  }

  /// Whether the detector reports anything at all.
  public var isEnabled: Bool { self != .none }
}
