import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// The file formats `verify` reads.
public enum TraceFormat: String, CaseIterable, Sendable {
  /// Faultline's JSON Lines: client operations and protocol events (docs/trace-format.md).
  case jsonl
  /// Jepsen's EDN history: a vector or list of operation maps, or one map per line.
  case jepsenEDN = "jepsen-edn"
  /// Jepsen's textual log lines, `INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>`.
  case jepsenLog = "jepsen-log"
  /// Porcupine's key-value logs: one EDN map per line with `:key`.
  case porcupineKV = "porcupine-kv"
}
