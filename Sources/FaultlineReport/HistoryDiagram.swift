import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Draws a recorded history as a self-contained HTML page: one lane per process, one bar per
/// client operation from its invocation to its response (open-ended when it never returned),
/// with the longest linearizable prefix in green and the operations that cannot be placed after
/// it in red, as the linearizability witness names them.
public enum HistoryDiagram {
  static let laneHeight = 44
  static let left = 120
  static let top = 40
  static let width = 1100

  /// The page for `history`, highlighting the witness of `verdict`'s linearizability violation.
  public static func html(_ history: History, verdict: Verdict, title: String) -> String {
    let witness = verdict.violations.first { $0.property == "linearizability" }?.witness
    let prefix = lines(of: witness, titled: "longest linearizable prefix")
    let stuck = lines(of: witness, titled: "operations that cannot be placed")
    var header =
      "<h1>\(Diagram.escape(title))</h1><p class=\"meta\">\(history.operations.count) operations</p>"
    if let violation = verdict.violations.first {
      header +=
        "<p class=\"violated\">Violated: <b>\(Diagram.escape(violation.property))</b> — "
        + "\(Diagram.escape(witness?.summary ?? violation.explanation))</p>"
    } else {
      header += "<p>Verdict: <b>\(verdict.name)</b></p>"
    }
    header +=
      "<p class=\"meta\"><span class=\"key prefix\"></span> longest linearizable prefix "
      + "<span class=\"key stuck\"></span> cannot be placed after it "
      + "<span class=\"key other\"></span> other operations</p>"
    return Diagram.page(title: title, body: header + svg(history, prefix: prefix, stuck: stuck), style: style)
  }

  /// The call lines of the witness section whose title starts with `title`.
  static func lines(of witness: Witness?, titled title: String) -> Set<Int> {
    Set(witness?.sections.first { $0.title.hasPrefix(title) }?.items.compactMap(\.line) ?? [])
  }

  static func svg(_ history: History, prefix: Set<Int>, stuck: Set<Int>) -> String {
    let operations = history.operations
    var processes: [String] = []
    for operation in operations where !processes.contains(operation.process) {
      processes.append(operation.process)
    }
    processes.sort(by: Diagram.naturalOrder)
    let end = (operations.map { max($0.call, $0.return ?? $0.call) }.max() ?? 0) + 1
    let x = { (position: Int) in left + position * (width - left - 20) / max(end, 1) }
    let y = { (process: String) in top + (processes.firstIndex(of: process) ?? 0) * laneHeight }
    let height = top + processes.count * laneHeight + 10
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\">"
    for process in processes {
      out +=
        "<text class=\"lane\" x=\"\(left - 10)\" y=\"\(y(process) + 18)\">\(Diagram.escape(process))</text>"
      out +=
        "<line class=\"lane\" x1=\"\(left)\" y1=\"\(y(process) + 28)\" x2=\"\(width - 10)\" y2=\"\(y(process) + 28)\"/>"
    }
    for operation in operations {
      let kind =
        stuck.contains(operation.callLine)
        ? "stuck" : prefix.contains(operation.callLine) ? "prefix" : "other"
      let start = x(operation.call)
      let stop = operation.return.map(x) ?? (width - 10)
      let open = operation.return == nil ? " open" : ""
      let tip = "\(operation.process): \(operation.summary), \(operation.interval)"
      out += "<g class=\"op \(kind)\(open)\"><title>\(Diagram.escape(tip))</title>"
      out +=
        "<rect x=\"\(start)\" y=\"\(y(operation.process) + 8)\" width=\"\(max(stop - start, 4))\" height=\"20\" rx=\"4\"/>"
      out +=
        "<text x=\"\(start + 4)\" y=\"\(y(operation.process) + 22)\">\(Diagram.escape(String(operation.summary.prefix(24))))</text></g>"
    }
    return out + "</svg>"
  }

  static let style = """
    text.lane { text-anchor: end; font-weight: 600; } line.lane { stroke: #ddd; }
    g.op rect { stroke-width: 1.5; } g.op text { font-size: 11px; }
    g.prefix rect { fill: #d7f0dc; stroke: #2e9d4f; } g.stuck rect { fill: #fbd9d5; stroke: #c0392b; }
    g.other rect { fill: #eee; stroke: #999; } g.open rect { stroke-dasharray: 4 3; }
    .key { display: inline-block; width: 14px; height: 10px; border: 1px solid; margin: 0 4px 0 12px; }
    .key.prefix { background: #d7f0dc; border-color: #2e9d4f; } .key.stuck { background: #fbd9d5; border-color: #c0392b; }
    .key.other { background: #eee; border-color: #999; }
    """
}
