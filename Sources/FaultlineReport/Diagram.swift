import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Draws a counterexample as a self-contained HTML page with an SVG space-time diagram: one
/// lane per process, time flowing down, messages as arrows from send to receipt, crashes,
/// recoveries, suspicions, decisions and client operations marked, and each step's state
/// changes beside it (and on hover). It uses no script and nothing from the network.
public enum Diagram {
  static let laneWidth = 170
  static let rowHeight = 46
  static let top = 70
  static let left = 60

  /// The page for the first violation with a path in `outcome`, or a page that says none.
  public static func html(_ outcome: CheckOutcome) -> String {
    let title = "\(outcome.model) (\(outcome.variant))"
    let parameters = outcome.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    guard let violation = outcome.verdict.violations.first(where: { !$0.steps.isEmpty }) else {
      return page(
        title: title,
        body: "<h1>\(escape(title))</h1><p class=\"meta\">\(escape(parameters))</p>"
          + "<p>Verdict: <b>\(outcome.verdict.name)</b>. There is no counterexample to draw.</p>")
    }
    let header =
      "<h1>\(escape(title))</h1><p class=\"meta\">\(escape(parameters))</p>"
      + "<p class=\"violated\">Violated: <b>\(escape(violation.property))</b> — "
      + "\(escape(violation.explanation))</p>"
    return page(
      title: title, body: header + "<div class=\"layout\">" + svg(violation) + table(violation) + "</div>")
  }

  /// The processes in order of first appearance, the environment last.
  static func lanes(_ steps: [Step]) -> [String] {
    var names: [String] = []
    func add(_ name: String?) {
      if let name, !names.contains(name) { names.append(name) }
    }
    for step in steps {
      add(step.process ?? "environment")
      for event in step.events {
        switch event {
        case .send(_, let to): add(to)
        case .receive(_, let from): add(from)
        default: break
        }
      }
    }
    let environment = names.contains("environment")
    return names.filter { $0 != "environment" }.sorted(by: naturalOrder)
      + (environment ? ["environment"] : [])
  }

  /// Names in natural order, so that p2 comes before p10.
  static func naturalOrder(_ a: String, _ b: String) -> Bool {
    func key(_ name: String) -> (String, Int) {
      let digits = name.reversed().prefix { $0.isNumber }
      return (String(name.dropLast(digits.count)), Int(String(digits.reversed())) ?? -1)
    }
    let (ka, kb) = (key(a), key(b))
    return ka.0 != kb.0 ? ka.0 < kb.0 : ka.1 < kb.1
  }

  static func svg(_ violation: Violation) -> String {
    let steps = violation.steps
    let names = lanes(steps)
    let x = { (name: String) in left + laneWidth / 2 + (names.firstIndex(of: name) ?? 0) * laneWidth }
    let y = { (step: Int) in top + step * rowHeight }
    let width = left + names.count * laneWidth + 20
    let height = y(steps.count) + 30
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
    out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"space-time diagram\">"
    out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
    out +=
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3b6fb6\"/>"
    out += "</marker><marker id=\"loop\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
    out +=
      "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#d35400\"/></marker></defs>"
    out += loop(violation, y: y)
    // Lanes: solid while the process is up, dashed while it is crashed.
    for name in names {
      var down: Int? = nil
      var segments: [(Int, Int, Bool)] = []
      var from = 0
      for (index, step) in steps.enumerated() where (step.process ?? "environment") == name {
        if step.events.contains(.crash) {
          segments.append((from, index + 1, false))
          from = index + 1
          down = index + 1
        } else if step.events.contains(.recover), down != nil {
          segments.append((from, index + 1, true))
          from = index + 1
          down = nil
        }
      }
      segments.append((from, steps.count + 1, down != nil))
      out += "<text class=\"lane\" x=\"\(x(name))\" y=\"\(top - 30)\">\(escape(name))</text>"
      for (start, end, crashed) in segments where end > start {
        out += "<line class=\"lane\(crashed ? " down" : "")\" x1=\"\(x(name))\" y1=\"\(y(start) - 18)\" "
        out += "x2=\"\(x(name))\" y2=\"\(y(end - 1) + 18)\"/>"
      }
    }
    // Messages: from the latest matching send to each receipt; those never received are
    // drawn dashed to the bottom of their receiver's lane, still in flight.
    var sends: [(message: TraceValue, from: String, to: String?, step: Int, received: Bool)] = []
    for (index, step) in steps.enumerated() {
      let process = step.process ?? "environment"
      for event in step.events {
        switch event {
        case .send(let message, let to): sends.append((message, process, to, index + 1, false))
        case .receive(let message, let from):
          if let match = sends.lastIndex(where: {
            $0.message == message && (from == nil || $0.from == from) && ($0.to == nil || $0.to == process)
          }) {
            let send = sends[match]
            sends[match].received = true
            out += arrow(
              from: (x(send.from), y(send.step)), to: (x(process), y(index + 1)), title: message.text)
          }
        default: break
        }
      }
    }
    for send in sends where !send.received {
      guard let to = send.to else { continue }
      out += arrow(
        from: (x(send.from), y(send.step)), to: (x(to), y(steps.count) + 22),
        title: send.message.text + " (in flight)",
        inFlight: true)
    }
    // Steps: a mark on the lane, the step number, and what happened.
    for (index, step) in steps.enumerated() {
      let process = step.process ?? "environment"
      let cx = x(process)
      let cy = y(index + 1)
      let tip =
        "\(index + 1). \(process): \(step.action)"
        + step.changes.map { "\n\($0.variable): \($0.before ?? "(none)") → \($0.after ?? "(none)")" }.joined()
      out += "<g class=\"step\"><title>\(escape(tip))</title>"
      out += "<text class=\"number\" x=\"\(left - 30)\" y=\"\(cy + 4)\">\(index + 1)</text>"
      out += mark(step.events, cx: cx, cy: cy)
      let badges = step.events.filter { event in
        if case .send = event { return false }
        if case .receive = event { return false }
        return true
      }.map(\.label)
      let text = badges.isEmpty ? step.action : badges.joined(separator: ", ")
      out +=
        "<text class=\"label\" x=\"\(cx + 10)\" y=\"\(cy - 8)\">\(escape(String(text.prefix(30))))</text>"
      out += "</g>"
    }
    return out + "</svg>"
  }

  static func arrow(from: (Int, Int), to: (Int, Int), title: String, inFlight: Bool = false) -> String {
    "<line class=\"message\(inFlight ? " inflight" : "")\" x1=\"\(from.0)\" y1=\"\(from.1)\" x2=\"\(to.0)\" "
      + "y2=\"\(to.1)\" marker-end=\"url(#arrow)\"><title>\(escape(title))</title></line>"
  }

  static func mark(_ events: [StepEvent], cx: Int, cy: Int) -> String {
    if events.contains(.crash) {
      return
        "<path class=\"crash\" d=\"M\(cx - 7),\(cy - 7) L\(cx + 7),\(cy + 7) M\(cx + 7),\(cy - 7) L\(cx - 7),\(cy + 7)\"/>"
    }
    if events.contains(.recover) { return "<circle class=\"recover\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"6\"/>" }
    let decisive = events.contains { event in
      switch event {
      case .decide, .commit, .abort, .deliver, .viewChange, .execute: return true
      default: return false
      }
    }
    if decisive {
      return
        "<path class=\"decide\" d=\"M\(cx),\(cy - 8) L\(cx + 8),\(cy) L\(cx),\(cy + 8) L\(cx - 8),\(cy) z\"/>"
    }
    let client = events.contains { event in
      switch event {
      case .invoke, .respond, .call, .reply: return true
      default: return false
      }
    }
    if client { return "<rect class=\"client\" x=\"\(cx - 6)\" y=\"\(cy - 6)\" width=\"12\" height=\"12\"/>" }
    if events.contains(where: { if case .suspect = $0 { return true } else { return false } }) {
      return "<circle class=\"suspect\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"6\"/>"
    }
    return "<circle class=\"event\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"5\"/>"
  }

  /// A liveness counterexample's shape, left of the step numbers: for a lasso, a bracket from its
  /// last step back up to the first step of the cycle, which repeats forever; for a behaviour
  /// that stops, a note under its last step.
  static func loop(_ violation: Violation, y: (Int) -> Int) -> String {
    guard violation.kind == .liveness else { return "" }
    let steps = violation.steps.count
    guard let start = violation.cycleStart, start < steps else {
      return
        "<text class=\"loop\" style=\"text-anchor: start\" x=\"\(left - 30)\" y=\"\(y(steps) + 26)\">stops here: no fair step is left</text>"
    }
    let (upper, lower, edge) = (y(start + 1) - 10, y(steps) + 10, 10)
    let note = "steps \(start + 1) to \(steps) repeat forever"
    var out = "<g class=\"loop\"><title>\(note)</title>"
    out += "<path class=\"loop\" d=\"M\(left - 34),\(lower) H\(edge) V\(upper) H\(left - 34)\" "
    out += "marker-end=\"url(#loop)\"/>"
    out += "<text class=\"loop\" transform=\"translate(\(edge - 3),\((upper + lower) / 2)) rotate(-90)\">"
    out += "cycle</text></g>"
    return out
  }

  static func table(_ violation: Violation) -> String {
    var out =
      "<table><thead><tr><th>#</th><th>process</th><th>action</th><th>changes</th></tr></thead><tbody>"
    out += "<tr><td>0</td><td></td><td>initial state</td><td>"
    out += violation.initialState.map { "\(escape($0.name)) = \(escape($0.value))" }.joined(separator: "<br>")
    out += "</td></tr>"
    let cycle = violation.cycleStart.map { $0..<violation.steps.count } ?? 0..<0
    for (index, step) in violation.steps.enumerated() {
      let mark = index == violation.cycleStart ? " ↺ repeats from here" : ""
      out +=
        "<tr\(cycle.contains(index) ? " class=\"cycle\"" : "")><td>\(index + 1)\(mark)</td><td>\(escape(step.process ?? ""))</td><td>\(escape(step.action))</td><td>"
      out += step.changes.map {
        "\(escape($0.variable)): \(escape($0.before ?? "(none)")) → \(escape($0.after ?? "(none)"))"
      }.joined(separator: "<br>")
      out += "</td></tr>"
    }
    return out + "</tbody></table>"
  }

  static func page(title: String, body: String, style extra: String = "") -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) — Faultline</title>
    <style>
    body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
    h1 { font-size: 20px; margin: 0 0 4px; } .meta { color: #666; margin: 0 0 8px; }
    .violated { background: #fdecea; border-left: 4px solid #c0392b; padding: 8px 12px; }
    .layout { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
    svg text { font: 12px system-ui, sans-serif; } text.lane { font-weight: 600; text-anchor: middle; }
    text.number { fill: #888; } text.label { fill: #333; }
    line.lane { stroke: #bbb; stroke-width: 2; } line.lane.down { stroke-dasharray: 4 4; stroke: #e0a0a0; }
    line.message { stroke: #3b6fb6; stroke-width: 1.5; } line.inflight { stroke-dasharray: 5 4; opacity: 0.7; }
    circle.event { fill: #555; } circle.recover { fill: #2e9d4f; } circle.suspect { fill: #e6a23c; }
    path.crash { stroke: #c0392b; stroke-width: 3; } path.decide { fill: #d4a017; } rect.client { fill: #7b52ab; }
    g.step:hover text.label { font-weight: 700; }
    path.loop { fill: none; stroke: #d35400; stroke-width: 2; } text.loop { fill: #d35400; text-anchor: middle; }
    tr.cycle td { background: #fdf2e9; }
    table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; }
    th { background: #f4f4f4; text-align: left; }
    \(extra)
    </style></head><body>
    \(body)
    </body></html>

    """
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }
}
