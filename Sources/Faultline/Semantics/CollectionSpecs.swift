/// An operation on a set, FIFO queue or mutex, over interned values.
public struct CollectionOperation: Sendable, Equatable {
  /// What the operation does.
  public enum Kind: UInt8, Sendable {
    /// Set: adds `value`.
    case add
    /// Set: reads the whole set, `values` sorted.
    case read
    /// Queue: enqueues `value`.
    case enqueue
    /// Queue: dequeues `value` (0 when the queue was empty).
    case dequeue
    /// Mutex: `value` (the process) acquires the lock.
    case acquire
    /// Mutex: `value` (the process) releases the lock.
    case release
  }

  /// What the operation does.
  public var kind: Kind
  /// The element or process.
  public var value: Int
  /// The elements a set read returned, sorted.
  public var values: [Int]
  /// Whether the output is unknown.
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: Int = 0, values: [Int] = [], unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.values = values
    self.unknown = unknown
  }
}

/// A grow-only set: add an element, read all elements. The state is the sorted elements.
public struct SetSpec: SequentialSpec {
  /// The initial elements, sorted.
  public var initialState: [Int]
  /// The values' names by interned id.
  public var names: [String]

  /// Creates a set spec.
  public init(initial: [Int] = [], names: [String]) {
    initialState = Array(Set(initial)).sorted()
    self.names = names
  }

  /// Applies an add or a read.
  public func apply(_ operation: CollectionOperation, to state: [Int]) -> [Int]? {
    switch operation.kind {
    case .add:
      var next = state
      if let index = next.firstIndex(where: { $0 >= operation.value }) {
        if next[index] != operation.value { next.insert(operation.value, at: index) }
      } else {
        next.append(operation.value)
      }
      return next
    case .read: return operation.unknown || operation.values == state ? state : nil
    default: return nil
    }
  }

  /// The elements.
  public func describe(_ state: [Int]) -> String {
    "#{" + state.map { $0 < names.count ? names[$0] : String($0) }.joined(separator: " ") + "}"
  }
}

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

/// A mutex: a process acquires it when free and releases it when it holds it. The state is the
/// holder's interned process (0 when free).
public struct MutexSpec: SequentialSpec {
  /// Free at first.
  public var initialState: Int { 0 }
  /// The processes' names by interned id.
  public var names: [String]

  /// Creates a mutex spec.
  public init(names: [String]) { self.names = names }

  /// Applies an acquire or a release.
  public func apply(_ operation: CollectionOperation, to state: Int) -> Int? {
    switch operation.kind {
    case .acquire:
      if state == 0 { return operation.value }
      return operation.unknown ? state : nil
    case .release:
      if state == operation.value { return 0 }
      return operation.unknown ? state : nil
    default: return nil
    }
  }

  /// The holder, or `free`.
  public func describe(_ state: Int) -> String {
    state == 0 ? "free" : "held by " + (state < names.count ? names[state] : String(state))
  }
}
