/// A whole key-value store: one value per key. Linearizability is checked key by key with
/// `KeyValueSpec`; sequential consistency does not compose that way, so it is checked over the
/// store.
struct KeyValueStoreSpec: SequentialSpec {
  /// An operation on one key, by the key's index.
  struct Operation: Sendable {
    var key: Int
    var operation: KeyValueOperation
  }

  /// The keys, by index, for people.
  let keys: [TraceValue]
  let perKey: KeyValueSpec

  init(keys: [TraceValue], initial: Int, table: KeyValueTable) {
    self.keys = keys
    perKey = KeyValueSpec(initial: initial, table: table)
  }

  var initialState: [Int] { [Int](repeating: perKey.initialState, count: keys.count) }

  func apply(_ operation: Operation, to state: [Int]) -> [Int]? {
    guard let value = perKey.apply(operation.operation, to: state[operation.key]) else { return nil }
    var next = state
    next[operation.key] = value
    return next
  }

  func describe(_ state: [Int]) -> String {
    "{" + zip(keys, state).map { "\($0.0.text): \(perKey.describe($0.1))" }.joined(separator: ", ") + "}"
  }
}
