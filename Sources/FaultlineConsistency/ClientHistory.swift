import FaultlineCore

/// Linearizability of the small histories a model's state holds.
public enum ClientHistory {
  /// Pairs each client's invocations with its responses, in order; a response without a
  /// pending invocation is ignored.
  public static func operations<V>(of history: [HistoryEvent<V>]) -> [ClientOperation<V>] {
    var operations: [ClientOperation<V>] = []
    var pending: [Int: Int] = [:]
    for (position, event) in history.enumerated() {
      if event.isInvocation {
        pending[event.client] = operations.count
        operations.append(
          ClientOperation(client: event.client, operation: event.value, result: nil, invokedAt: position))
      } else if let index = pending.removeValue(forKey: event.client) {
        operations[index].result = event.value
        operations[index].respondedAt = position
      }
    }
    return operations
  }

  /// Whether some order of the operations respects real time (an operation that returned
  /// before another was invoked comes first) and the specification, every completed operation
  /// returning what it returned; pending operations may take effect or not.
  ///
  /// A depth-first search over linearization prefixes (Wing and Gong) that remembers the
  /// (prefix, object) pairs it has ruled out (Lowe): exponential in the worst case, exact
  /// always. Histories of more than 64 operations are answered false, conservatively.
  public static func isLinearizable<S: ObjectSpecification>(_ history: [HistoryEvent<S.Value>], _ spec: S)
    -> Bool
  where S.Value: Fingerprintable & Comparable {
    let operations = operations(of: history)
    guard operations.count <= 64 else { return false }
    let completed = operations.indices.reduce(UInt64(0)) { mask, index in
      operations[index].result == nil ? mask : mask | 1 << UInt64(index)
    }
    var ruledOut = Set<Configuration<S.Object>>()

    func search(_ done: UInt64, _ object: S.Object) -> Bool {
      if done & completed == completed { return true }
      let configuration = Configuration(done: done, object: object)
      if ruledOut.contains(configuration) { return false }
      // The next operation must be invoked before every remaining operation's response.
      var deadline = Int.max
      for index in operations.indices where done & (1 << UInt64(index)) == 0 {
        if let responded = operations[index].respondedAt { deadline = min(deadline, responded) }
      }
      for index in operations.indices where done & (1 << UInt64(index)) == 0 {
        let operation = operations[index]
        guard operation.invokedAt < deadline else { continue }
        let (next, result) = spec.apply(operation.operation, to: object)
        if let expected = operation.result, expected != result { continue }
        if search(done | 1 << UInt64(index), next) { return true }
      }
      ruledOut.insert(configuration)
      return false
    }
    return search(0, spec.initial)
  }

  struct Configuration<Object: Hashable>: Hashable {
    var done: UInt64
    var object: Object
  }
}
