import Dispatch
import FaultlineCore

/// Checks transactional histories (list-append, rw-register) for Adya's anomalies, as Elle does:
/// infer a dependency graph, search it for cycles, classify them, and judge the model asked for.
public enum TransactionChecker {
  /// Checks `history` for `model`; `file` names it in errors (a non-unique append or write).
  public static func check(
    _ history: TransactionHistory, model: IsolationLevel = .default, file: String = "<history>",
    timeLimit: Double? = nil
  ) throws -> TransactionCheck {
    let stop = StopCondition(timeLimit: timeLimit, from: DispatchTime.now().uptimeNanoseconds)
    return try check(history, model: model, file: file, stop: stop)
  }

  package static func check(
    _ history: TransactionHistory, model: IsolationLevel, file: String, stop: StopCondition
  ) throws -> TransactionCheck {
    var graph: DependencyGraph
    var collector: AnomalyCollector
    switch history.spec {
    case .rwRegister:
      var inference = try RegisterInference(history, file: file)
      inference.run()
      graph = inference.graph
      collector = inference.anomalies
    default:
      var inference = try ListAppendInference(history, file: file)
      inference.run()
      graph = inference.graph
      collector = inference.anomalies
    }
    InternalConsistency.check(history, into: &collector)
    let strict = model == .strictSerializable
    if strict {
      OrderEdges.addProcessOrder(history, to: &graph)
      OrderEdges.addRealTime(history, to: &graph)
    }
    var stoppedEarly = stop.reached()
    if !stoppedEarly {
      var search = CycleSearch(graph: graph, history: history, stop: stop)
      do {
        for anomaly in try search.run(strict: strict) { collector.add(anomaly) }
      } catch is CycleSearch.Stopped {
        stoppedEarly = true
      }
    }
    let anomalies = collector.kept.sorted { $0.kind < $1.kind }
    let weakest = collector.counts.keys.map(\.weakestForbidding).min()
    let forbidden = anomalies.filter { model.forbids($0.kind) }
    let verdict: Verdict
    if !forbidden.isEmpty {
      verdict = .violated([violation(model, forbidden, anomalies, collector.counts, weakest, history)])
    } else if stoppedEarly {
      verdict = .incomplete(reason: stop.reason + " while searching the dependency graph for cycles")
    } else {
      verdict = .holds
    }
    var result = TransactionCheck(
      model: model, anomalies: anomalies, counts: collector.counts, weakestRuledOut: weakest,
      verdict: verdict,
      transactions: history.transactions.count, edges: graph.edges.count)
    result.keys = history.keys
    return result
  }

  private static func violation(
    _ model: IsolationLevel, _ forbidden: [Anomaly], _ all: [Anomaly], _ counts: [AnomalyKind: Int],
    _ weakest: IsolationLevel?,
    _ history: TransactionHistory
  ) -> Violation {
    var kinds: [AnomalyKind] = []
    for anomaly in forbidden where !kinds.contains(anomaly.kind) { kinds.append(anomaly.kind) }
    let named = kinds.map { kind in
      let count = counts[kind, default: 1]
      return count > 1 ? "\(kind.rawValue) (\(count))" : kind.rawValue
    }
    var explanation = named.joined(separator: ", ") + " found, which \(model.rawValue) forbids"
    if let weakest {
      explanation += "; the weakest model ruled out is \(weakest.rawValue)"
    }
    return Violation(
      property: model.rawValue, explanation: explanation,
      witness: TransactionWitness.witness(all, model: model, counts: counts, history: history))
  }
}
