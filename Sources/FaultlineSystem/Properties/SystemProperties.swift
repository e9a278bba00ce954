import FaultlineConsistency
import FaultlineCore

/// Properties over decisions and deliveries, written once for every system model.
///
/// They read only the outputs in `SystemState` (`Context.decide`, `deliver`,
/// `broadcastRequest`, `install`), so a model gets them by recording its outputs.
public enum SystemProperties {
  /// Agreement: no two live processes have decided differently.
  @inlinable public static func agreement<P>() -> Property<SystemState<P>> {
    .always("agreement") { state in
      var first: P.Value? = nil
      return state.live.members.allSatisfy { process in state.decisionsAgree(process, with: &first) }
    }
  }

  /// Termination, under the System layer's fairness: every process that never crashes
  /// eventually decides. Checked as "eventually every process that is up has decided", which
  /// is the same under crash-stop faults (crashes are final and bounded, and decisions last).
  @inlinable public static func termination<P>() -> Property<SystemState<P>> {
    .eventually("termination") { state in
      (0..<state.processCount).allSatisfy { process in
        state.crashed.contains(process) || !state.decisions(of: process).isEmpty
      }
    }
  }

  /// Uniform agreement: no two processes have decided differently, even ones that crashed since.
  @inlinable public static func uniformAgreement<P>() -> Property<SystemState<P>> {
    .always("uniform agreement") { state in
      var first: P.Value? = nil
      return (0..<state.processCount).allSatisfy { process in state.decisionsAgree(process, with: &first) }
    }
  }

  /// Validity: every decision is a value `isValid` accepts in that state (typically: one of
  /// the values proposed).
  @inlinable public static func validity<P>(
    _ isValid: @escaping @Sendable (SystemState<P>, P.Value) -> Bool
  ) -> Property<SystemState<P>> {
    .always("validity") { state in
      (0..<state.processCount).allSatisfy { process in
        state.decisions(of: process).allSatisfy { isValid(state, $0) }
      }
    }
  }

  /// Validity against a fixed set of proposals.
  @inlinable public static func validity<P>(proposals: Set<P.Value>) -> Property<SystemState<P>> {
    validity { _, value in proposals.contains(value) }
  }

  /// Integrity of decisions: every process decides at most once.
  @inlinable public static func decidesAtMostOnce<P>() -> Property<SystemState<P>> {
    .always("integrity: decide at most once") { state in
      (0..<state.processCount).allSatisfy { state.decisionCount(of: $0) <= 1 }
    }
  }

  /// Integrity of deliveries: no process delivers the same value twice.
  @inlinable public static func deliversAtMostOnce<P>() -> Property<SystemState<P>> {
    .always("integrity: deliver at most once") { state in
      (0..<state.processCount).allSatisfy { process in
        let delivered = state.deliveries(of: process)
        return Set(delivered).count == delivered.count
      }
    }
  }

  /// Integrity of deliveries: every delivered value was broadcast by some process.
  @inlinable public static func deliversOnlyBroadcast<P>() -> Property<SystemState<P>> {
    .always("integrity: deliver only what was broadcast") { state in
      var broadcast = Set<P.Value>()
      for outputs in state.outputs {
        for case .broadcast(let value) in outputs { broadcast.insert(value) }
      }
      return (0..<state.processCount).allSatisfy { state.deliveries(of: $0).allSatisfy(broadcast.contains) }
    }
  }

  /// The three integrity properties together.
  @inlinable public static func integrity<P>() -> [Property<SystemState<P>>] {
    [decidesAtMostOnce(), deliversAtMostOnce(), deliversOnlyBroadcast()]
  }

  /// Total order: any two processes deliver the values they both delivered in the same order.
  @inlinable public static func totalOrder<P>() -> Property<SystemState<P>> {
    .always("total order") { state in
      let sequences = (0..<state.processCount).map { state.deliveries(of: $0) }
      for a in sequences.indices {
        for b in sequences.indices where b > a {
          let common = Set(sequences[a]).intersection(sequences[b])
          if sequences[a].filter(common.contains) != sequences[b].filter(common.contains) { return false }
        }
      }
      return true
    }
  }

  /// Atomic commit: no two processes decide differently, and `commit` is decided only when
  /// every one of `voters` voted yes (as `votedYes` reads it from the state).
  @inlinable public static func atomicCommit<P>(
    commit: P.Value, voters: ProcessSet, votedYes: @escaping @Sendable (SystemState<P>, Int) -> Bool
  ) -> Property<SystemState<P>> {
    .always("atomic commit") { state in
      var first: P.Value? = nil
      guard (0..<state.processCount).allSatisfy({ state.decisionsAgree($0, with: &first) }) else {
        return false
      }
      guard first == commit else { return true }
      return voters.members.allSatisfy { votedYes(state, $0) }
    }
  }

  /// View synchrony: two processes that both move from view `v` to the same next view have
  /// delivered the same values while in `v`.
  @inlinable public static func viewSynchrony<P>() -> Property<SystemState<P>> {
    .always("view synchrony") { state in
      var seen: [ViewChange: Set<P.Value>] = [:]
      for outputs in state.outputs {
        var view: Int? = nil
        var delivered = Set<P.Value>()
        for output in outputs {
          switch output {
          case .deliver(let value):
            delivered.insert(value)
          case .install(let next, _):
            if let view {
              let change = ViewChange(from: view, to: next)
              if let other = seen[change], other != delivered { return false }
              seen[change] = delivered
            }
            view = next
            delivered = []
          case .decide, .broadcast:
            break
          }
        }
      }
      return true
    }
  }

  @usableFromInline struct ViewChange: Hashable {
    @usableFromInline var from: Int
    @usableFromInline var to: Int
    @inlinable init(from: Int, to: Int) {
      self.from = from
      self.to = to
    }
  }
}
