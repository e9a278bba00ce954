import FaultlineCore

/// A register (read, write) or CAS register (read, write, cas), over interned values.
public struct RegisterSpec: SequentialSpec {
  /// The interned initial value.
  public var initialState: Int
  /// The values' names by interned id, for witnesses.
  public var names: [String]

  /// Creates a register spec.
  public init(initial: Int, names: [String]) {
    self.initialState = initial
    self.names = names
  }

  /// Applies a read, write or CAS.
  @inlinable
  public func apply(_ operation: RegisterOperation, to state: Int) -> Int? {
    switch operation.kind {
    case .read:
      return operation.unknown || operation.value == state ? state : nil
    case .write:
      return operation.value
    case .cas:
      // A completed CAS succeeded (failed ones are removed before checking); an unknown one
      // may have failed, so it is allowed as a no-op when the value differs.
      if operation.value == state { return operation.new }
      return operation.unknown ? state : nil
    }
  }

  /// The value's name.
  public func describe(_ state: Int) -> String {
    state >= 0 && state < names.count ? names[state] : String(state)
  }
}
