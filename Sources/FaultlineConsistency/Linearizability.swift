import Dispatch
import FaultlineCore

/// Checks a history against a sequential specification written in Swift: the entry point for a
/// user's own object, and the check behind a model's linearizability property.
///
/// ```swift
/// let verdict = Linearizability.check(history: events, spec: CounterSpec())
/// #expect(verdict == .holds)
/// ```
///
/// The answer is `holds`, `violated` (with a witness: the longest prefix that could be ordered
/// and the operations that cannot follow it) or, when `timeLimit` runs out, `incomplete`. There
/// is no limit on the number of operations: the search is exponential only in how many
/// operations overlap.
public enum Linearizability {
  /// The verdict for a history of invocations and responses: linearizability (real-time order)
  /// or sequential consistency (each client's order). A client's pending operation may or may not
  /// have taken effect.
  @inlinable
  public static func check<S: SequentialSpec, V>(
    history: [HistoryEvent<V>], spec: S, consistency: Consistency = .linearizable, timeLimit: Double? = nil
  ) -> Verdict where S.Operation == ClientOperation<V> {
    check(
      operations: ClientHistory.operations(of: history), spec: spec, consistency: consistency,
      timeLimit: timeLimit)
  }

  /// The verdict for client operations with their invocation and response positions (any
  /// increasing clock); an operation without a result is pending.
  @inlinable
  public static func check<S: SequentialSpec, V>(
    operations: [ClientOperation<V>], spec: S, consistency: Consistency = .linearizable,
    timeLimit: Double? = nil
  ) -> Verdict where S.Operation == ClientOperation<V> {
    let stop = StopCondition(timeLimit: timeLimit, from: DispatchTime.now().uptimeNanoseconds)
    let outcome = search(
      // Closures, not key paths: a model's property runs this unspecialized on every state, where
      // a generic key path is instantiated at run time on each call.
      spec, operations, calls: operations.map { $0.invokedAt },
      returns: operations.map { $0.result == nil ? Int.max : ($0.respondedAt ?? Int.max) },
      required: operations.map { $0.result != nil },
      processes: consistency == .sequential ? operations.map { $0.client } : [],
      consistency: consistency, stop: stop)
    return verdict(
      outcome, spec, operations, count: operations.count,
      item: { Witness.Item(text: operations[$0].description, process: "p\(operations[$0].client)") },
      timeLimit: timeLimit, consistency: consistency)
  }

  /// The verdict for a recorded history (decoded from a trace file, or built in a test) against a
  /// spec over `HistoryOperation`s: failed operations are removed, as they did not take effect;
  /// operations of unknown outcome (`info`) may take effect at any point after their invocation,
  /// or not at all. The history is checked as one object, whatever its keys.
  public static func check<S: SequentialSpec>(
    history: History, spec: S, consistency: Consistency = .linearizable, timeLimit: Double? = nil
  ) -> Verdict where S.Operation == HistoryOperation {
    let stop = StopCondition(timeLimit: timeLimit, from: DispatchTime.now().uptimeNanoseconds)
    let kept = history.operations.filter { $0.status != .fail }
    let outcome = search(
      spec, kept, calls: kept.map(\.call),
      returns: kept.map(LinearizabilityChecker.returnPosition), required: kept.map { $0.status != .info },
      processes: kept.map(\.process), consistency: consistency,
      stop: stop)
    return LinearizabilityChecker.verdict(
      outcome, kept, spec, kept, key: nil, timeLimit: timeLimit, consistency: consistency)
  }

  /// Runs the search over one object: real-time order for linearizability, each process's order
  /// for sequential consistency.
  @inlinable
  @usableFromInline static func search<S: SequentialSpec, P: Hashable>(
    _ spec: S, _ operations: [S.Operation], calls: [Int], returns: [Int], required: [Bool], processes: [P],
    consistency: Consistency, stop: StopCondition
  ) -> LinearizationOutcome {
    switch consistency {
    case .linearizable:
      var search = Linearizer(
        spec: spec, operations: operations, required: required,
        order: RealTimeOrder(calls: calls, returns: returns))
      return search.run(stop: stop)
    case .sequential:
      var search = Linearizer(
        spec: spec, operations: operations, required: required,
        order: ProgramOrder(processes: processes, required: required))
      return search.run(stop: stop)
    }
  }
}
