import FaultlineCore

/// The sequential behaviour of the object a replicated service implements, over the same
/// value type the processes use for operations and results.
///
/// This is the small specification the System layer's own linearizability property needs;
/// the trace verifier's `SequentialSpec` is the full-featured one.
public protocol ObjectSpecification: Sendable {
  /// The object's state.
  associatedtype Object: Hashable & Sendable
  /// Operations and their results.
  associatedtype Value: Hashable & Sendable

  /// The object's state before any operation.
  var initial: Object { get }

  /// The state after applying `operation` to `object`, and the result it returns.
  func apply(_ operation: Value, to object: Object) -> (object: Object, result: Value)
}
