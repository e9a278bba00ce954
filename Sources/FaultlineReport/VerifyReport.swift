import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Renders `verify` results: JSON for CI, text for people.
public enum VerifyReport {
  /// The `verify --json` object: file, format, verdict, events, operations, seconds, and the
  /// violations with their witnesses.
  public static func json(_ result: VerifyResult) -> TraceValue {
    var pairs: [(String, TraceValue)] = [
      ("file", .string(result.file)),
      ("format", .string(result.format.rawValue)),
      ("verdict", .string(result.verdict.name)),
      ("events", .int(result.events)),
      ("operations", .int(result.operations)),
      ("seconds", .decimal((result.seconds * 1e6).rounded() / 1e6)),
    ]
    if let spec = result.spec {
      pairs.append(("spec", .string(spec.rawValue)))
      pairs.append(
        ("consistency", .string(result.transactions?.model.rawValue ?? result.consistency.rawValue)))
    }
    if let check = result.transactions { pairs += TransactionReport.jsonFields(check) }
    pairs.append(("checks", .list(result.checks.map { .string($0.rawValue) })))
    if case .incomplete(let reason) = result.verdict { pairs.append(("reason", .string(reason))) }
    let violations = result.verdict.violations
    if !violations.isEmpty {
      pairs.append(("violations", .list(violations.map(violationJSON))))
      if let witness = violations.first?.witness { pairs.append(("witness", witnessJSON(witness))) }
    }
    return .object(pairs)
  }

  static func violationJSON(_ violation: Violation) -> TraceValue {
    var pairs: [(String, TraceValue)] = [
      ("property", .string(violation.property)), ("explanation", .string(violation.explanation)),
    ]
    if let witness = violation.witness { pairs.append(("witness", witnessJSON(witness))) }
    return .object(pairs)
  }

  /// A witness as JSON: its summary and sections of items with process and line.
  public static func witnessJSON(_ witness: Witness) -> TraceValue {
    .object([
      ("summary", .string(witness.summary)),
      (
        "sections",
        .list(
          witness.sections.map { section in
            .object([
              ("title", .string(section.title)),
              (
                "items",
                .list(
                  section.items.map { item in
                    var pairs: [(String, TraceValue)] = [("text", .string(item.text))]
                    if let process = item.process { pairs.append(("process", .string(process))) }
                    if let line = item.line { pairs.append(("line", .int(line))) }
                    return .object(pairs)
                  })
              ),
            ])
          })
      ),
    ])
  }

  /// The result for people: a verdict line, then each violation's witness with line numbers.
  /// Text from the trace is escaped (`TerminalText`): it may hold terminal control sequences.
  public static func text(_ result: VerifyResult) -> String {
    let safe = TerminalText.escaped
    var what: [String] = []
    if let spec = result.spec, let check = result.transactions {
      what.append("\(check.model.rawValue) (\(spec.rawValue))")
    } else if let spec = result.spec {
      let condition = result.consistency == .sequential ? "sequential consistency" : "linearizability"
      what.append("\(condition) (\(spec.rawValue))")
    }
    what += result.checks.map(\.rawValue)
    var out =
      "\(safe(result.file)): \(result.verdict.name) — \(result.format.rawValue), \(result.events) events, "
      + "\(result.operations) operations, checked \(what.isEmpty ? "nothing" : what.joined(separator: ", ")) "
      + "in \(formatSeconds(result.seconds))\n"
    if case .incomplete(let reason) = result.verdict { out += "  incomplete: \(safe(reason))\n" }
    if let check = result.transactions { out += TransactionReport.text(check, verdict: result.verdict) }
    for violation in result.verdict.violations {
      out += "\nviolated: \(safe(violation.property)): \(safe(violation.explanation))\n"
      guard let witness = violation.witness else { continue }
      if witness.summary != violation.explanation { out += "  \(safe(witness.summary))\n" }
      for section in witness.sections {
        out += "  \(safe(section.title)):\n"
        for item in section.items {
          let place = item.line.map { "line \($0)" } ?? "-"
          out +=
            "    " + place + String(repeating: " ", count: max(1, 11 - place.count)) + safe(item.text) + "\n"
        }
      }
    }
    return out
  }

  static func formatSeconds(_ seconds: Double) -> String {
    let millis = (seconds * 1000).rounded()
    return millis < 1000 ? "\(Int(millis)) ms" : "\((seconds * 100).rounded() / 100) s"
  }
}
