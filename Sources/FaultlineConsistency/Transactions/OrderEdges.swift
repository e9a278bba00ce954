import FaultlineCore

/// Process-order and real-time edges, which only the strict model counts.
enum OrderEdges {
  /// Consecutive transactions of each process, in invocation order.
  static func addProcessOrder(_ history: TransactionHistory, to graph: inout DependencyGraph) {
    var last: [String: Int] = [:]
    for (t, txn) in history.transactions.enumerated() where txn.status != .fail {
      if let previous = last[txn.process] { graph.add(previous, t, .process) }
      last[txn.process] = t
    }
  }

  /// An edge from each transaction that completed to each invoked after it, reduced: a
  /// transaction stops getting new edges once a later completion already orders it (through a
  /// transaction that was invoked after it completed), so the edges stay few while their
  /// closure is the whole real-time order.
  static func addRealTime(_ history: TransactionHistory, to graph: inout DependencyGraph) {
    // (position, is a completion, transaction); completions and invocations never share a position.
    var events: [(position: Int, completion: Bool, txn: Int)] = []
    for (t, txn) in history.transactions.enumerated() where txn.status != .fail {
      events.append((txn.call, false, t))
      if txn.status == .ok, let end = txn.return { events.append((end, true, t)) }
    }
    events.sort { $0.position < $1.position }
    var frontier = Set<Int>()
    var predecessors: [Int: [Int]] = [:]
    for event in events {
      if event.completion {
        for p in predecessors[event.txn] ?? [] { frontier.remove(p) }
        predecessors[event.txn] = nil
        frontier.insert(event.txn)
      } else {
        let before = frontier.sorted()
        for p in before { graph.add(p, event.txn, .realtime) }
        predecessors[event.txn] = before
      }
    }
  }
}
