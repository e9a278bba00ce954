import FaultlineCore

/// The anomalies a transactional history is checked for: Adya's dependency cycles, Elle's
/// non-cyclic ones, and the cycles that need real time to close.
public enum AnomalyKind: String, CaseIterable, Sendable, Comparable {
  /// A cycle of write-write dependencies only: dirty write.
  case g0 = "G0"
  /// A read of a value written by a transaction that failed: aborted read.
  case g1a = "G1a"
  /// A read of a value its writer later overwrote in the same transaction: intermediate read.
  case g1b = "G1b"
  /// A cycle of write-write and write-read dependencies, at least one write-read: circular
  /// information flow.
  case g1c = "G1c"
  /// List-append: a committed element follows an aborted one in a key's version order.
  case dirtyUpdate = "dirty-update"
  /// A transaction's read that contradicts its own earlier reads and writes of the key.
  case `internal` = "internal"
  /// List-append: two reads of a key, neither a prefix of the other.
  case incompatibleOrder = "incompatible-order"
  /// List-append: a read that holds one element twice.
  case duplicateElements = "duplicate-elements"
  /// A read of a value no transaction wrote.
  case garbageRead = "garbage-read"
  /// A cycle with exactly one anti-dependency (read-write) edge: read skew and its kin.
  case gSingle = "G-single"
  /// A cycle with two or more anti-dependency edges, no two of them next to each other: snapshot
  /// isolation forbids it (a cycle whose anti-dependencies are all separated cannot be ordered by
  /// snapshots and commits).
  case gNonadjacent = "G-nonadjacent"
  /// Two committed transactions read the same version of a key and both wrote it.
  case lostUpdate = "lost-update"
  /// A cycle with two or more anti-dependency edges: write skew and its kin.
  case g2Item = "G2-item"
  /// A cycle of write dependencies that needs real-time or process order to close.
  case g0Realtime = "G0-realtime"
  /// A G1c-like cycle that needs real-time or process order to close.
  case g1cRealtime = "G1c-realtime"
  /// A cycle with one anti-dependency that needs real-time or process order to close.
  case gSingleRealtime = "G-single-realtime"
  /// A cycle with two or more anti-dependencies that needs real-time or process order to close.
  case g2ItemRealtime = "G2-item-realtime"

  /// The weakest model that forbids the anomaly; every stronger model forbids it too.
  public var weakestForbidding: IsolationLevel {
    switch self {
    case .g0, .g1a, .g1b, .g1c, .dirtyUpdate, .internal, .incompatibleOrder, .duplicateElements,
      .garbageRead:
      return .readCommitted
    case .gSingle, .gNonadjacent, .lostUpdate: return .snapshotIsolation
    case .g2Item: return .serializable
    case .g0Realtime, .g1cRealtime, .gSingleRealtime, .g2ItemRealtime: return .strictSerializable
    }
  }

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// Declaration order: the weaker models' anomalies first.
  public static func < (a: AnomalyKind, b: AnomalyKind) -> Bool { a.rank < b.rank }
}
