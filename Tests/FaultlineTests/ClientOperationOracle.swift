import Faultline

/// Decides linearizability, or sequential consistency, of a tiny typed history by trying every
/// order of every subset that holds all completed operations, replaying each through the spec:
/// independent of the search.
enum ClientOperationOracle {
  static func holds<S: SequentialSpec, V>(_ operations: [ClientOperation<V>], _ spec: S, realTime: Bool)
    -> Bool
  where S.Operation == ClientOperation<V> {
    let pending = operations.indices.filter { operations[$0].result == nil }
    let completed = operations.indices.filter { operations[$0].result != nil }
    for mask in 0..<(1 << pending.count) {
      let chosen = completed + pending.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
      orders: for order in BruteForceOracle.permutations(chosen) {
        for (i, a) in order.enumerated() {
          for b in order[(i + 1)...] where mustPrecede(operations[b], operations[a], realTime: realTime) {
            continue orders
          }
        }
        var state = spec.initialState
        for index in order {
          guard let next = spec.apply(operations[index], to: state) else { continue orders }
          state = next
        }
        return true
      }
    }
    return false
  }

  /// Whether `first` must take effect before `second`: it returned before `second` was invoked
  /// (real time), or it is an earlier completed operation of the same client (program order).
  static func mustPrecede<V>(_ first: ClientOperation<V>, _ second: ClientOperation<V>, realTime: Bool)
    -> Bool
  {
    if realTime { return (first.respondedAt ?? Int.max) < second.invokedAt }
    return first.client == second.client && first.invokedAt < second.invokedAt && first.result != nil
  }
}
