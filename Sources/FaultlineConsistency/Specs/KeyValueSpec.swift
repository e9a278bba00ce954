import FaultlineCore

/// One key of a key-value store; the store is checked key by key (P-compositionality).
public struct KeyValueSpec: SequentialSpec {
  /// The interned value of a key that was never written.
  public var initialState: Int
  /// The interned values.
  public let table: KeyValueTable

  /// Creates the spec of one key.
  public init(initial: Int, table: KeyValueTable) {
    initialState = initial
    self.table = table
  }

  /// Applies a get, put or append.
  @inlinable
  public func apply(_ operation: KeyValueOperation, to state: Int) -> Int? {
    switch operation.kind {
    case .get: return operation.unknown || operation.value == state ? state : nil
    case .put: return operation.value
    case .append: return table.append(operation.value, to: state)
    }
  }

  /// The value, quoted.
  public func describe(_ state: Int) -> String {
    "\"" + String(decoding: table.value(state).bytes, as: UTF8.self) + "\""
  }
}
