import FaultlineCore

/// One step inside a transaction: an append or write of a value to a key, or a read of a key.
///
/// Keys and values are small integer ids into the history's `keys` and `values` tables, so that
/// inference compares machine words; value id 0 is nil.
public enum MicroOperation: Sendable, Equatable {
  /// List-append: append `element` to the list at `key`.
  case append(key: Int, element: Int)
  /// List-append: read the list at `key`; nil when the read's result is unknown (an invocation,
  /// or a transaction that never returned).
  case readList(key: Int, elements: [Int]?)
  /// Rw-register: write `value` to `key`.
  case write(key: Int, value: Int)
  /// Rw-register: read `key`; 0 is nil (the initial state), nil means the result is unknown.
  case readRegister(key: Int, value: Int?)

  /// The key the step acts on.
  public var key: Int {
    switch self {
    case .append(let key, _), .readList(let key, _), .write(let key, _), .readRegister(let key, _): return key
    }
  }
}
