import FaultlineCore

/// One client operation: its invocation and, if it has returned, its result.
///
/// The operation type of a `SequentialSpec` for typed histories: the spec sees what was invoked
/// and what it returned (nil while pending, when it may or may not have taken effect).
public struct ClientOperation<Value: Hashable & Sendable>: Hashable, Sendable, CustomStringConvertible {
  /// The client that invoked it.
  public var client: Int
  /// The operation.
  public var operation: Value
  /// The result, nil while the operation is pending (it may or may not have taken effect).
  public var result: Value?
  /// The position of its invocation in the history.
  public var invokedAt: Int
  /// The position of its response in the history, nil while pending.
  public var respondedAt: Int?

  /// Creates an operation invoked at `invokedAt` that returned `result` at `respondedAt`, or is
  /// still pending when both are nil.
  public init(client: Int, operation: Value, result: Value? = nil, invokedAt: Int, respondedAt: Int? = nil) {
    self.client = client
    self.operation = operation
    self.result = result
    self.invokedAt = invokedAt
    self.respondedAt = respondedAt
  }

  /// `p1 write(1) -> ok`, or `p2 read -> pending`.
  public var description: String {
    "p\(client) \(operation) -> " + (result.map { "\($0)" } ?? "pending")
  }
}
