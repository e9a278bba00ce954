import FaultlineCore

/// An ordering one transaction must have before another in any serial order that explains the
/// history, and why.
public struct DependencyEdge: Sendable, Equatable, Hashable {
  /// Why the edge is there.
  public enum Kind: String, Sendable, CaseIterable {
    /// The source installed a version of the key the target overwrote.
    case ww
    /// The target read a version of the key the source installed.
    case wr
    /// The source read a version of the key the target overwrote (an anti-dependency).
    case rw
    /// The same process ran the source, then the target.
    case process
    /// The source completed before the target was invoked.
    case realtime

    /// This kind as one bit of a mask.
    var bit: UInt8 { 1 << UInt8(Self.allCases.firstIndex(of: self) ?? 0) }
  }

  /// The transaction that comes first (an index into `TransactionHistory.transactions`).
  public var from: Int
  /// The transaction that comes after.
  public var to: Int
  /// Why.
  public var kind: Kind
  /// The key it is about; nil for process and real-time edges.
  public var key: Int?

  /// Creates an edge.
  public init(from: Int, to: Int, kind: Kind, key: Int? = nil) {
    self.from = from
    self.to = to
    self.kind = kind
    self.key = key
  }
}
