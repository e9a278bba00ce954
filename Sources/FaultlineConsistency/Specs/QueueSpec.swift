import FaultlineCore

/// A FIFO queue: enqueue, dequeue (nil when empty). The state is the elements, oldest first.
public struct QueueSpec: SequentialSpec {
  /// The initial elements, oldest first.
  public var initialState: [Int]
  /// The values' names by interned id.
  public var names: [String]

  /// Creates a queue spec.
  public init(initial: [Int] = [], names: [String]) {
    initialState = initial
    self.names = names
  }

  /// Applies an enqueue or a dequeue.
  public func apply(_ operation: CollectionOperation, to state: [Int]) -> [Int]? {
    switch operation.kind {
    case .enqueue: return state + [operation.value]
    case .dequeue:
      if operation.unknown { return state.isEmpty ? state : Array(state.dropFirst()) }
      if state.isEmpty { return operation.value == 0 ? state : nil }
      return state[0] == operation.value ? Array(state.dropFirst()) : nil
    default: return nil
    }
  }

  /// The elements, oldest first.
  public func describe(_ state: [Int]) -> String {
    "[" + state.map { $0 < names.count ? names[$0] : String($0) }.joined(separator: " ") + "]"
  }
}
