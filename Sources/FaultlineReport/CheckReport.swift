import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Renders a model check for people (text) and for CI (JSON).
public enum CheckReport {
  /// The outcome as one JSON object, with the fields DESIGN.md promises CI.
  public static func json(_ outcome: CheckOutcome) -> TraceValue {
    let stats = outcome.statistics
    var fields: [(String, TraceValue)] = [
      ("model", .string(outcome.model)),
      ("variant", .string(outcome.variant)),
      (
        "parameters",
        .object(outcome.parameters.map { ($0.0, parameterJSON($0.0, $0.1, outcome)) })
      ),
      ("strategy", .string(outcome.strategy)),
      ("verdict", .string(outcome.verdict.name)),
      ("distinctStates", .int(stats.distinctStates)),
      ("generatedStates", .int(stats.generatedStates)),
      ("maxDepth", .int(stats.maxDepth)),
      ("seconds", .decimal((stats.seconds * 1000).rounded() / 1000)),
      ("statesPerSecond", .int(Int(stats.statesPerSecond.rounded()))),
      ("workers", .int(stats.workers)),
      ("peakMemoryBytes", stats.peakMemoryBytes.map(TraceValue.int) ?? .null),
      ("bytesPerState", stats.bytesPerState.map { .decimal(($0 * 10).rounded() / 10) } ?? .null),
      ("collisionProbability", .decimal(stats.collisionProbability)),
    ]
    if case .incomplete(let reason) = outcome.verdict { fields.append(("reason", .string(reason))) }
    fields.append(
      (
        "properties",
        .list(
          outcome.properties.map { property in
            var item: [(String, TraceValue)] = [
              ("name", .string(property.name)), ("expectation", .string(property.expectation.rawValue)),
              ("status", .string(property.status.rawValue)),
            ]
            if let steps = property.steps { item.append(("steps", .int(steps))) }
            if let note = property.note { item.append(("note", .string(note))) }
            return .object(item)
          })
      ))
    fields.append(("violations", .list(outcome.verdict.violations.map { violationJSON($0, outcome) })))
    return .object(fields)
  }

  /// A parameter's value in JSON: flags as booleans, integers as numbers, others as strings.
  static func parameterJSON(_ name: String, _ value: String, _ outcome: CheckOutcome) -> TraceValue {
    if outcome.flagParameters.contains(name) { return .bool(value == "on") }
    return Int(value).map(TraceValue.int) ?? .string(value)
  }

  static func violationJSON(_ violation: Violation, _ outcome: CheckOutcome) -> TraceValue {
    var fields: [(String, TraceValue)] = [
      ("property", .string(violation.property)),
      ("explanation", .string(violation.explanation)),
      ("initialState", .object(violation.initialState.map { ($0.name, .string($0.value)) })),
      ("path", .list(violation.steps.enumerated().map { stepJSON($1, number: $0 + 1) })),
      ("kind", .string(violation.kind.rawValue)),
    ]
    if let cycleStart = violation.cycleStart { fields.append(("cycleStart", .int(cycleStart))) }
    if let choices = outcome.replays[violation.property] {
      fields.append(("replay", .string(replayString(choices))))
    }
    return .object(fields)
  }

  static func stepJSON(_ step: Step, number: Int) -> TraceValue {
    .object([
      ("step", .int(number)),
      ("process", step.process.map(TraceValue.string) ?? .null),
      ("action", .string(step.action)),
      ("events", .list(step.events.map { $0.json(process: step.process ?? "environment") })),
      (
        "changes",
        .list(
          step.changes.map {
            .object([
              ("variable", .string($0.variable)),
              ("before", $0.before.map(TraceValue.string) ?? .null),
              ("after", $0.after.map(TraceValue.string) ?? .null),
            ])
          })
      ),
    ])
  }

  /// The replay token of a path: its choices joined by dots.
  public static func replayString(_ choices: [Int]) -> String {
    choices.map(String.init).joined(separator: ".")
  }

  /// Parses a replay token; nil if it is not dot-separated non-negative integers.
  public static func parseReplay(_ text: String) -> [Int]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let numbers = parts.compactMap { Int($0) }
    guard !parts.isEmpty, numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
    return numbers
  }

  /// The outcome as text a protocol designer can read without knowing Faultline's internals.
  public static func text(_ outcome: CheckOutcome) -> String {
    let stats = outcome.statistics
    var out = ""
    let parameters = outcome.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    out += "\(outcome.model) (\(outcome.variant)) \(parameters)\n"
    if outcome.strategy == "replay" {
      out += "replayed a path of \(stats.maxDepth) steps\n"
    } else {
      out +=
        "\(outcome.strategy): \(grouped(stats.distinctStates)) distinct states, "
        + "\(grouped(stats.generatedStates)) generated, depth \(stats.maxDepth), "
        + "\(formatSeconds(stats.seconds)) (\(grouped(Int(stats.statesPerSecond))) states/s"
        + (stats.workers > 1 ? ", \(stats.workers) workers" : "") + ")\n"
    }
    out += "\n"
    let width = outcome.properties.map(\.name.count).max() ?? 0
    let expectationWidth = max(9, outcome.properties.map(\.expectation.rawValue.count).max() ?? 0)
    for property in outcome.properties {
      let mark: String
      switch property.status {
      case .holds, .reached: mark = "ok  "
      case .violated, .unreached: mark = "FAIL"
      case .unknown: mark = "??  "
      case .notChecked: mark = "--  "
      }
      let name = padded(property.name, width)
      var detail = property.status.rawValue
      if let steps = property.steps { detail += " after \(steps) step\(steps == 1 ? "" : "s")" }
      if property.status == .unknown { detail = "not determined (the search stopped early)" }
      if property.status == .notChecked { detail = "not checked (--no-liveness)" }
      if let note = property.note { detail = note }
      out += "  \(mark) \(padded(property.expectation.rawValue, expectationWidth)) \(name)  \(detail)\n"
    }
    out += "\n"
    switch outcome.verdict {
    case .holds:
      out += "verdict: holds\n"
    case .incomplete(let reason):
      out += "verdict: incomplete: \(reason)\n"
    case .violated(let violations):
      out += "verdict: violated\n"
      for violation in violations {
        out += "\n" + text(violation, replay: outcome.replays[violation.property], outcome: outcome)
      }
    }
    return out
  }

  static func text(_ violation: Violation, replay: [Int]?, outcome: CheckOutcome) -> String {
    var out = "violated: \(violation.property)\n  \(violation.explanation)\n"
    guard !violation.initialState.isEmpty else { return out }
    let count = violation.steps.count
    if let cycleStart = violation.cycleStart {
      out +=
        "\ncounterexample (a lasso: \(cycleStart) step\(cycleStart == 1 ? "" : "s"), then a cycle of "
        + "\(count - cycleStart) step\(count - cycleStart == 1 ? "" : "s") that repeats forever):\n"
    } else if violation.kind == .liveness {
      out += "\ncounterexample (\(count) step\(count == 1 ? "" : "s"), then no step is possible):\n"
    } else {
      out += "\ncounterexample (\(count) steps, shortest for bfs):\n"
    }
    out += pathText(violation.initialState, violation.steps, cycleStart: violation.cycleStart)
    if let cycleStart = violation.cycleStart {
      let back = cycleStart == 0 ? "the initial state" : "the state after step \(cycleStart)"
      out += "  -- back to \(back), and around again --\n"
    }
    if let replay {
      out +=
        "\nreplay: faultline check \(outcome.arguments.joined(separator: " ")) --replay \(replayString(replay))\n"
    }
    return out
  }

  /// A path's steps as numbered lines, each with the changes it made, from the initial state.
  static func pathText(_ initialState: [StateVariable], _ steps: [Step], cycleStart: Int? = nil) -> String {
    var out = "  0. initial state\n"
    let width = initialState.map(\.name.count).max() ?? 0
    for variable in initialState {
      out += "       \(padded(variable.name, width)) = \(variable.value)\n"
    }
    for (index, step) in steps.enumerated() {
      if index == cycleStart {
        out += "  -- cycle: steps \(index + 1) to \(steps.count) repeat forever --\n"
      }
      let who = step.process.map { "\($0): " } ?? ""
      out += "  \(index + 1). \(who)\(step.action)\n"
      for change in step.changes {
        out += "       \(change.variable): \(change.before ?? "(none)") -> \(change.after ?? "(none)")\n"
      }
    }
    return out
  }

  static func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  /// An integer with thousands separators, for people.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// Seconds with a precision that suits their size.
  public static func formatSeconds(_ seconds: Double) -> String {
    if seconds < 10 { return String(Double((seconds * 1000).rounded()) / 1000) + " s" }
    return String(Double((seconds * 10).rounded()) / 10) + " s"
  }
}
