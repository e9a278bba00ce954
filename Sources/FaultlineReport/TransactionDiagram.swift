import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Draws a transactional history as `HistoryDiagram` draws operations, one bar per transaction,
/// with the transactions of the first forbidden anomaly's cycle in red and its edges listed.
public enum TransactionDiagram {
  /// The page for `history` (the trace's operations, one per transaction) and its check.
  public static func html(_ history: History, check: TransactionCheck, title: String) -> String {
    let forbidden = check.anomalies.filter { check.model.forbids($0.kind) }
    let shown = forbidden.first { !$0.cycle.isEmpty } ?? forbidden.first ?? check.anomalies.first
    var marked = Set<Int>()
    for t in shown?.transactions ?? [] where t < history.operations.count {
      marked.insert(history.operations[t].callLine)
    }
    var header =
      "<h1>\(Diagram.escape(title))</h1><p class=\"meta\">\(history.operations.count) transactions, "
      + "checked \(check.model.rawValue)</p>"
    header += "<p>Verdict: <b>\(check.verdict.name)</b></p>"
    if !check.counts.isEmpty {
      let names = check.kinds.map { "\($0.rawValue) ×\(check.counts[$0, default: 0])" }
      header += "<p class=\"meta\">anomalies: \(Diagram.escape(names.joined(separator: ", ")))</p>"
    }
    if let shown {
      header +=
        "<p class=\"violated\"><b>\(Diagram.escape(shown.kind.rawValue))</b>: "
        + "\(Diagram.escape(shown.explanation))</p>"
      // Transactions are T1, T2, ... in invocation order, as in the text report.
      let names = (shown.transactions.map { "T\($0 + 1)" }).joined(separator: ", ")
      header += "<p class=\"meta\"><span class=\"key stuck\"></span> \(Diagram.escape(names))</p>"
    }
    let svg = HistoryDiagram.svg(history, prefix: [], stuck: marked)
    return Diagram.page(title: title, body: header + svg, style: HistoryDiagram.style)
  }
}
