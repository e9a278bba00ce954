import FaultlineConsistency
import FaultlineCore
import Synchronization

extension SystemProperties {
  /// Linearizability: the clients' history so far is linearizable against `spec`, checked by
  /// the same search as `faultline verify`, whatever the history's length.
  ///
  /// The history lives in the state's environment, which many states share, and several
  /// environments (differing in crashes or budgets) share one history; the verdict is kept per
  /// environment number and per history, so each history is searched once per property.
  @inlinable
  public static func linearizable<P, S: SequentialSpec>(_ spec: S) -> Property<SystemState<P>>
  where S.Operation == ClientOperation<P.Value> {
    let verdicts = HistoryVerdicts<P.Value>()
    return .always("linearizability") { state in
      verdicts.holds(environment: state.key.environment, history: state.history) { history in
        // Without a time limit the answer is never incomplete: only a violation fails.
        Linearizability.check(history: history, spec: spec).violations.isEmpty
      }
    }
  }
}

/// The verdicts of a property of the client history, by environment number and by history.
///
/// Environment numbers are canonical for the life of the program (`SystemStore`), so a verdict
/// found for one stands for every state with that number. Properties run on any thread; the
/// search runs outside the lock, and two threads that race compute the same answer.
@usableFromInline
final class HistoryVerdicts<Value: Hashable & Sendable & Fingerprintable & Comparable>: Sendable {
  /// 0 unknown, 1 holds, 2 fails; indexed by environment number.
  let byEnvironment = Mutex<[UInt8]>([])
  let byHistory = Mutex<[[HistoryEvent<Value>]: Bool]>([:])

  @usableFromInline init() {}

  /// The verdict for `history`, the history of environment `number`, computing it if needed.
  @usableFromInline func holds(
    environment number: UInt32, history: @autoclosure () -> [HistoryEvent<Value>],
    _ compute: ([HistoryEvent<Value>]) -> Bool
  ) -> Bool {
    let index = Int(number)
    let known = byEnvironment.withLock { $0.indices.contains(index) ? $0[index] : 0 }
    if known != 0 { return known == 1 }
    let events = history()
    let holds: Bool
    if let found = byHistory.withLock({ $0[events] }) {
      holds = found
    } else {
      holds = compute(events)
      byHistory.withLock { $0[events] = holds }
    }
    byEnvironment.withLock { table in
      if table.count <= index { table.append(contentsOf: repeatElement(0, count: index + 1 - table.count)) }
      table[index] = holds ? 1 : 2
    }
    return holds
  }
}
