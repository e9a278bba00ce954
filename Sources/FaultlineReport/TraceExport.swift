import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Writes a counterexample as a trace in Faultline's JSON Lines format (docs/trace-format.md),
/// so that `faultline verify` can check the same run.
public enum TraceExport {
  /// One JSON object per line, one line per event, in step order.
  public static func jsonl(_ violation: Violation) -> String {
    var out = ""
    for step in violation.steps {
      for event in step.events {
        out += event.json(process: step.process ?? "environment").rendered(indent: 0) + "\n"
      }
    }
    return out
  }
}
