import FaultlineCore

/// The transactions of a recorded run, with the tables their key and value ids index.
public struct TransactionHistory: Sendable, Equatable {
  /// Which kind of object the transactions act on: `listAppend` or `rwRegister`.
  public var spec: SpecKind
  /// The transactions, in invocation order; `T1` in reports is the first.
  public var transactions: [Transaction]
  /// The keys, by id.
  public var keys: [TraceValue]
  /// The values and list elements, by id; id 0 is nil.
  public var values: [TraceValue]

  /// Creates a history; `keys` and `values` name the ids the micro-operations use.
  public init(spec: SpecKind, transactions: [Transaction], keys: [TraceValue], values: [TraceValue] = [.null])
  {
    self.spec = spec
    self.transactions = transactions
    self.keys = keys
    self.values = values
  }

  /// A key as the trace wrote it.
  func keyText(_ key: Int) -> String { key < keys.count ? keys[key].description : "#\(key)" }

  /// A value as the trace wrote it.
  func valueText(_ value: Int) -> String { value < values.count ? values[value].description : "#\(value)" }

  /// A list read as the trace wrote it: `[1 2 3]`.
  func listText(_ elements: [Int]) -> String { "[" + elements.map(valueText).joined(separator: " ") + "]" }
}
