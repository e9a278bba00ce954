import FaultlineCore

/// How a client operation ended.
public enum OperationStatus: String, Sendable, Equatable {
  /// It completed and took effect.
  case ok
  /// It failed and did not take effect.
  case fail
  /// Its outcome is unknown (timed out, crashed, never returned): it may or may not have taken effect.
  case info
}
