import FaultlineCore

/// The transactional consistency models `verify --consistency` checks a transactional history
/// for, weakest first: each forbids every anomaly the one before it forbids, and more.
public enum IsolationLevel: String, CaseIterable, Sendable, Comparable {
  /// Adya's PL-2: no dirty writes (G0) and no dirty reads (G1a, G1b, G1c).
  case readCommitted = "read-committed"
  /// Adya's PL-SI, as far as a history shows it: also no G-single and no lost update.
  case snapshotIsolation = "snapshot-isolation"
  /// Adya's PL-3: no dependency cycle with anti-dependencies either (G2-item).
  case serializable
  /// Serializable in an order that respects real time: no cycle through real-time or process
  /// order either.
  case strictSerializable = "strict-serializable"

  /// The model `verify` checks when none is asked for.
  public static let `default` = IsolationLevel.strictSerializable

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// Weaker models come first.
  public static func < (a: IsolationLevel, b: IsolationLevel) -> Bool { a.rank < b.rank }

  /// Whether the model forbids the anomaly: it does exactly when it is at least as strong as the
  /// weakest model that forbids it.
  public func forbids(_ anomaly: AnomalyKind) -> Bool { self >= anomaly.weakestForbidding }
}
