import FaultlineCore

/// One client operation: its invocation and, if it has returned, its result.
public struct ClientOperation<Value: Hashable & Sendable>: Hashable, Sendable {
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
}
