import Faultline

extension Verdict {
  /// Whether every invariant holds: the verdict holds, or only liveness properties are violated
  /// (as termination is, by design, where a protocol blocks or a link loses messages).
  var keepsSafety: Bool {
    switch self {
    case .holds: return true
    case .violated(let violations): return violations.allSatisfy { $0.kind == .liveness }
    case .incomplete: return false
    }
  }
}
