import FaultlineCore

/// One anomaly found in a transactional history, with the transactions that show it.
public struct Anomaly: Sendable, Equatable {
  /// Which anomaly.
  public var kind: AnomalyKind
  /// The transactions involved (indices into `TransactionHistory.transactions`), in cycle order
  /// for a cycle.
  public var transactions: [Int]
  /// For a cycle, its edges in order: the first leaves `transactions[0]`, the last returns to it.
  public var cycle: [DependencyEdge]
  /// What happened, in the trace's own keys and values.
  public var explanation: String

  /// Creates an anomaly.
  public init(kind: AnomalyKind, transactions: [Int], cycle: [DependencyEdge] = [], explanation: String) {
    self.kind = kind
    self.transactions = transactions
    self.cycle = cycle
    self.explanation = explanation
  }
}
