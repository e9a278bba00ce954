import FaultlineCore

/// Gathers anomalies, keeping the first few of each kind and counting them all: a history with
/// a systematic fault has thousands of one kind, and a person reads the first.
struct AnomalyCollector {
  static let keptPerKind = 8
  private(set) var kept: [Anomaly] = []
  private(set) var counts: [AnomalyKind: Int] = [:]

  mutating func add(_ anomaly: Anomaly) {
    let count = counts[anomaly.kind, default: 0]
    counts[anomaly.kind] = count + 1
    if count < Self.keptPerKind { kept.append(anomaly) }
  }

  mutating func add(_ kind: AnomalyKind, _ transactions: [Int], _ explanation: String) {
    add(Anomaly(kind: kind, transactions: transactions, explanation: explanation))
  }
}
