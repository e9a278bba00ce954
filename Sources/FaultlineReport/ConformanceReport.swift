import FaultlineCore

/// Renders a conformance check (`faultline verify LOG --model NAME`) for people and for CI.
public enum ConformanceReport {
  /// The verdict in conformance's words.
  static func verdictName(_ outcome: CheckOutcome) -> String {
    switch outcome.verdict {
    case .holds: return "conforms"
    case .violated: return "does not conform"
    case .incomplete: return "incomplete"
    }
  }

  /// The check as text: the log against the model, how far it was explained, and for a log that
  /// does not conform, the first event no behaviour explains, the states the model can be in
  /// just before it, and the closest behaviour as a replayable path.
  public static func text(_ outcome: CheckOutcome, file: String) -> String {
    let parameters = outcome.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    var out = "\(file) against \(outcome.model) (\(outcome.variant)) \(parameters)\n"
    if let result = outcome.conformance {
      out +=
        "explained \(CheckReport.grouped(result.explained)) of \(CheckReport.grouped(result.events)) events, "
        + "\(CheckReport.grouped(result.configurations)) configurations searched, "
        + "\(CheckReport.formatSeconds(result.seconds))\n"
    }
    out += "\n"
    switch outcome.verdict {
    case .holds:
      out += "verdict: conforms\n"
    case .incomplete(let reason):
      out += "verdict: incomplete: \(reason)\n"
    case .violated(let violations):
      out += "verdict: does not conform\n"
      for violation in violations {
        if let witness = violation.witness {
          for section in witness.sections where !section.items.isEmpty {
            out += "\n\(section.title):\n"
            for item in section.items {
              let line = item.line.map { "line \($0): " } ?? ""
              out += "  \(line)\(TerminalText.escaped(item.text))\n"
            }
          }
        }
        let count = violation.steps.count
        out +=
          "\nclosest behaviour of the model (\(count) step\(count == 1 ? "" : "s"), explaining the events before that one):\n"
        out += CheckReport.pathText(violation.initialState, violation.steps)
        if let replay = outcome.replays[violation.property] {
          out +=
            "\nreplay: faultline check \(outcome.arguments.joined(separator: " ")) --replay "
            + CheckReport.replayString(replay) + "\n"
        }
      }
    }
    return out
  }

  /// The check as one JSON object.
  public static func json(_ outcome: CheckOutcome, file: String) -> TraceValue {
    var fields: [(String, TraceValue)] = [
      ("file", .string(file)), ("model", .string(outcome.model)), ("variant", .string(outcome.variant)),
      (
        "parameters",
        .object(outcome.parameters.map { ($0.0, CheckReport.parameterJSON($0.0, $0.1, outcome)) })
      ),
      ("verdict", .string(verdictName(outcome))),
    ]
    if case .incomplete(let reason) = outcome.verdict { fields.append(("reason", .string(reason))) }
    if let result = outcome.conformance {
      fields += [
        ("events", .int(result.events)), ("explained", .int(result.explained)),
        ("configurations", .int(result.configurations)),
        ("seconds", .decimal((result.seconds * 1000).rounded() / 1000)),
      ]
      if let event = result.firstUnexplained {
        fields.append(("firstUnexplained", .object([("line", .int(event.line)), ("event", event.fields)])))
        fields.append(("possibleStates", .int(result.possibleStates)))
        fields.append(
          (
            "statesBefore",
            .list(result.statesBefore.map { .object($0.map { ($0.name, .string($0.value)) }) })
          ))
      }
    }
    if let violation = outcome.verdict.violations.first {
      fields.append(
        ("path", .list(violation.steps.enumerated().map { CheckReport.stepJSON($1, number: $0 + 1) })))
      if let choices = outcome.replays[violation.property] {
        fields.append(("replay", .string(CheckReport.replayString(choices))))
      }
    }
    return .object(fields)
  }
}
