import FaultlineCore

/// Several objects of one spec told apart by key, as one object: its state is every key's
/// state. Linearizability is checked key by key instead; sequential consistency, which does not
/// compose, is checked over this.
struct KeyedSpec<Base: SequentialSpec>: SequentialSpec {
  /// An operation on one key's object, by the key's index.
  struct Operation: Sendable {
    var key: Int
    var operation: Base.Operation
  }

  let base: Base
  /// The keys, by index, for people.
  let keys: [TraceValue]

  var initialState: [Base.State] { [Base.State](repeating: base.initialState, count: keys.count) }

  func apply(_ operation: Operation, to state: [Base.State]) -> [Base.State]? {
    guard let value = base.apply(operation.operation, to: state[operation.key]) else { return nil }
    var next = state
    next[operation.key] = value
    return next
  }

  func describe(_ state: [Base.State]) -> String {
    "{" + zip(keys, state).map { "\($0.0.text): \(base.describe($0.1))" }.joined(separator: ", ") + "}"
  }
}
