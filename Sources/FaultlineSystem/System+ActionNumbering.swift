import FaultlineConsistency
import FaultlineCore

extension System {
  /// How the liveness check tells steps apart: by equality, except that on a `latest` network,
  /// which holds one message per channel, a delivery is named by its channel, whatever the
  /// message: a channel that stays non-empty owes a delivery even while its message is replaced
  /// (and an abstraction may rename a message that stays in flight).
  @inlinable public func actionNumbering() -> ActionNumbering<Action>? {
    guard network.delivery == .latest else { return .byEquality() }
    return .byKey { action in
      if case .handle(.deliver(let envelope), let keeping) = action {
        return FairnessKey<P>.channel(from: envelope.from, to: envelope.to, crashKeeping: keeping)
      }
      return FairnessKey<P>.step(action)
    }
  }
}

/// What the liveness check counts as one step of a system on a `latest` network.
@usableFromInline
enum FairnessKey<P: SystemProcess>: Hashable {
  case channel(from: Int, to: Int, crashKeeping: UInt64?)
  case step(SystemAction<P>)
}
