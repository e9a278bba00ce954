import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// The transactional part of a `verify` report: the anomalies found and the models they rule out.
enum TransactionReport {
  /// `anomalies` (each with `name`, `count`, `weakestModelRuledOut`, `forbidden`, and the
  /// first few instances with their cycle), `weakestModelRuledOut`, `transactions` and `edges`.
  static func jsonFields(_ check: TransactionCheck) -> [(String, TraceValue)] {
    let kinds: [TraceValue] = check.kinds.map { kind in
      let instances: [TraceValue] = check.anomalies.filter { $0.kind == kind }.map { anomaly in
        .object([
          ("explanation", .string(anomaly.explanation)),
          ("transactions", .list(anomaly.transactions.map { .string("T\($0 + 1)") })),
          (
            "cycle",
            .list(
              anomaly.cycle.map { edge in
                var pairs: [(String, TraceValue)] = [
                  ("from", .string("T\(edge.from + 1)")), ("to", .string("T\(edge.to + 1)")),
                  ("kind", .string(edge.kind.rawValue)),
                ]
                if let key = edge.key, key < check.keys.count {
                  pairs.append(("key", .string(check.keys[key].description)))
                }
                return .object(pairs)
              })
          ),
        ])
      }
      return .object([
        ("name", .string(kind.rawValue)), ("count", .int(check.counts[kind, default: 0])),
        ("weakestModelRuledOut", .string(kind.weakestForbidding.rawValue)),
        ("forbidden", .bool(check.model.forbids(kind))), ("instances", .list(instances)),
      ])
    }
    return [
      ("anomalies", .list(kinds)),
      ("weakestModelRuledOut", check.weakestRuledOut.map { .string($0.rawValue) } ?? .null),
      ("transactions", .int(check.transactions)), ("edges", .int(check.edges)),
    ]
  }

  /// One line naming the anomalies found and the weakest model they rule out, and, when the
  /// verdict holds, the anomalies the model allows with their explanations.
  static func text(_ check: TransactionCheck, verdict: Verdict) -> String {
    guard !check.counts.isEmpty else { return "  no anomalies found\n" }
    let names = check.kinds.map { kind in
      let count = check.counts[kind, default: 0]
      return count > 1 ? "\(kind.rawValue) ×\(count)" : kind.rawValue
    }
    var out = "  anomalies: " + names.joined(separator: ", ")
    if let weakest = check.weakestRuledOut { out += "; weakest model ruled out: \(weakest.rawValue)" }
    out += "\n"
    if verdict.violations.isEmpty {
      // Nothing below explains them: the verdict holds, so there is no violation to print.
      for anomaly in check.anomalies {
        out +=
          "  \(anomaly.kind.rawValue) (allowed by \(check.model.rawValue)): "
          + TerminalText.escaped(anomaly.explanation) + "\n"
      }
    }
    return out
  }
}
