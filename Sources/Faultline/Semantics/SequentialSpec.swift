/// An object's sequential specification: what each operation does to a state, and whether the
/// output it returned is allowed there.
///
/// States are value types compared and hashed by the linearizability checker's memo table, so a
/// spec whose state fits in a machine word (an interned register value) is checked fastest.
public protocol SequentialSpec: Sendable {
  /// The object's state between operations.
  associatedtype State: Hashable & Sendable
  /// One operation with its input and observed output (or unknown output).
  associatedtype Operation: Sendable

  /// The state before any operation.
  var initialState: State { get }

  /// The state after `operation` from `state`, or nil when its observed output is impossible
  /// there. An operation whose output is unknown must be allowed in every state (as a no-op when
  /// it cannot take effect), since it may not have happened at all.
  func apply(_ operation: Operation, to state: State) -> State?

  /// The state for people, used in witnesses.
  func describe(_ state: State) -> String
}

/// The operations of a register or CAS register, on interned values (0 is nil).
public struct RegisterOperation: Sendable, Equatable {
  /// What the operation does.
  public enum Kind: UInt8, Sendable {
    /// Reads `value`.
    case read
    /// Writes `value`.
    case write
    /// Sets `value` to `new` when it equals `expected`.
    case cas
  }

  /// What the operation does.
  public var kind: Kind
  /// The value read or written, or the expected value of a CAS.
  public var value: Int
  /// The new value of a CAS.
  public var new: Int
  /// Whether the output is unknown (the operation timed out).
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: Int, new: Int = 0, unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.new = new
    self.unknown = unknown
  }
}

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

/// A key's value in the key-value spec, as bytes.
public struct KeyValueText: Hashable, Sendable {
  /// The UTF-8 bytes.
  public var bytes: [UInt8]

  /// Creates a value from text.
  public init(_ text: String) { bytes = Array(text.utf8) }

  /// Hashes every byte: values built by appends in different orders share lengths and tails.
  public func hash(into hasher: inout Hasher) {
    bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
  }
}

/// A key-value operation on one key: get, put, append (Porcupine's model).
public struct KeyValueOperation: Sendable, Equatable {
  /// What the operation does.
  public enum Kind: UInt8, Sendable {
    /// Reads the value ("" when missing).
    case get
    /// Sets the value.
    case put
    /// Appends to the value.
    case append
  }

  /// What the operation does.
  public var kind: Kind
  /// The value read, put or appended.
  public var value: KeyValueText
  /// Whether the output is unknown.
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: KeyValueText, unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.unknown = unknown
  }
}

/// One key of a key-value store; the store is checked key by key (P-compositionality).
public struct KeyValueSpec: SequentialSpec {
  /// The value of a key that was never written.
  public var initialState: KeyValueText

  /// Creates the spec of one key.
  public init(initial: KeyValueText = KeyValueText("")) { initialState = initial }

  /// Applies a get, put or append.
  @inlinable
  public func apply(_ operation: KeyValueOperation, to state: KeyValueText) -> KeyValueText? {
    switch operation.kind {
    case .get: return operation.unknown || operation.value == state ? state : nil
    case .put: return operation.value
    case .append:
      var next = state
      next.bytes.append(contentsOf: operation.value.bytes)
      return next
    }
  }

  /// The value, quoted.
  public func describe(_ state: KeyValueText) -> String {
    "\"" + String(decoding: state.bytes, as: UTF8.self) + "\""
  }
}
