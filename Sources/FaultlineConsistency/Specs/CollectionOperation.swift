import FaultlineCore

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
