import FaultlineCore
import Testing

@testable import FaultlineConsistency

/// The reduced real-time edges: their transitive closure must be exactly the real-time order
/// (a transaction that completed before another was invoked comes first), on random intervals.
@Suite struct TransactionRealTimeTests {
  @Test(arguments: [5, 6, 7] as [UInt64])
  func closureIsTheRealTimeOrder(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<200 {
      let count = Int.random(in: 2...12, using: &rng)
      // Distinct positions: a permutation of 0..<2n split into calls and returns.
      var positions = Array(0..<(2 * count))
      positions.shuffle(using: &rng)
      var txns: [Transaction] = []
      for i in 0..<count {
        let (a, b) = (positions[2 * i], positions[2 * i + 1])
        let status: OperationStatus = Int.random(in: 0..<5, using: &rng) == 0 ? .info : .ok
        txns.append(
          Transaction(
            process: "p\(i)", operations: [], status: status, call: min(a, b),
            return: status == .ok ? max(a, b) : nil))
      }
      let history = TransactionHistory(spec: .listAppend, transactions: txns, keys: [])
      var graph = DependencyGraph(count: count)
      OrderEdges.addRealTime(history, to: &graph)
      // Reachability over the edges, by depth-first search from each transaction.
      for a in 0..<count {
        var reached = Set<Int>()
        var stack = [a]
        while let node = stack.popLast() {
          for e in graph.outgoing[node] {
            let to = graph.edges[Int(e)].to
            if reached.insert(to).inserted { stack.append(to) }
          }
        }
        for b in 0..<count where b != a {
          let before = txns[a].return.map { $0 < txns[b].call } ?? false
          #expect(reached.contains(b) == before, "T\(a + 1) before T\(b + 1): \(txns)")
        }
      }
    }
  }

  // One after another, each transaction needs one edge: to the next.
  @Test func sequentialHistoryIsAChain() {
    let txns = (0..<1000).map { i in Transaction(process: "p", operations: [], call: 2 * i, return: 2 * i + 1)
    }
    var graph = DependencyGraph(count: txns.count)
    OrderEdges.addRealTime(TransactionHistory(spec: .listAppend, transactions: txns, keys: []), to: &graph)
    #expect(graph.edges.count == 999)
    #expect(graph.edges.allSatisfy { $0.to == $0.from + 1 })
  }
}
