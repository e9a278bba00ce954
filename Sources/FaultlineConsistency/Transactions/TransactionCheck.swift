import FaultlineCore

/// The outcome of checking a transactional history for one consistency model.
public struct TransactionCheck: Sendable, Equatable {
  /// The model checked.
  public var model: IsolationLevel
  /// Every anomaly found, whether or not the model forbids it; the first few of each kind.
  public var anomalies: [Anomaly]
  /// How many of each kind were found, including those not kept in `anomalies`.
  public var counts: [AnomalyKind: Int]
  /// The weakest model the anomalies rule out; nil when they rule out none.
  public var weakestRuledOut: IsolationLevel?
  /// Holds, violated (the anomalies the model forbids), or incomplete.
  public var verdict: Verdict
  /// The transactions checked (those that failed included).
  public var transactions: Int
  /// The edges of the dependency graph.
  public var edges: Int
  /// The keys the anomalies' edges name, by id.
  public var keys: [TraceValue] = []

  /// Creates a result.
  public init(
    model: IsolationLevel, anomalies: [Anomaly], counts: [AnomalyKind: Int], weakestRuledOut: IsolationLevel?,
    verdict: Verdict, transactions: Int, edges: Int
  ) {
    self.model = model
    self.anomalies = anomalies
    self.counts = counts
    self.weakestRuledOut = weakestRuledOut
    self.verdict = verdict
    self.transactions = transactions
    self.edges = edges
  }

  /// The kinds found, weakest model's first.
  public var kinds: [AnomalyKind] { counts.keys.sorted() }
}
