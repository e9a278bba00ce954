import FaultlineCore

/// The client operations of the small histories a model's state holds.
public enum ClientHistory {
  /// Pairs each client's invocations with its responses, in order; a response without a
  /// pending invocation is ignored.
  @inlinable
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
}
