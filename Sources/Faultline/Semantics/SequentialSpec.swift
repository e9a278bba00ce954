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

/// A key's value in the key-value spec, as bytes with a polynomial fingerprint that appends
/// extend in time proportional to the suffix, so that interning a long value hashes 8 bytes.
public struct KeyValueText: Hashable, Sendable {
  /// The UTF-8 bytes.
  public private(set) var bytes: [UInt8]
  /// Σ bytes[i]·B^(n-1-i) mod 2^64.
  private(set) var fingerprint: UInt64
  private static let base: UInt64 = 0x100_0000_01B3

  /// Creates a value from text.
  public init(_ text: String) {
    bytes = Array(text.utf8)
    fingerprint = 0
    for byte in bytes { fingerprint = fingerprint &* Self.base &+ UInt64(byte) }
  }

  /// This value followed by `suffix`.
  public func appending(_ suffix: KeyValueText) -> KeyValueText {
    var joined = self
    joined.bytes.append(contentsOf: suffix.bytes)
    var scale: UInt64 = 1
    for _ in 0..<suffix.bytes.count { scale = scale &* Self.base }
    joined.fingerprint = fingerprint &* scale &+ suffix.fingerprint
    return joined
  }

  /// Equal bytes; the fingerprints are compared first because they usually differ.
  public static func == (a: KeyValueText, b: KeyValueText) -> Bool {
    a.fingerprint == b.fingerprint && a.bytes == b.bytes
  }

  /// Hashes the fingerprint only: equal values have equal fingerprints.
  public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}

/// The values of a key-value store, interned: each distinct value gets an id, and each append is
/// computed once, so that spec states are integers and the search hashes no strings.
///
/// A reference type on purpose: the searches of every key share it and fill it as they go. It is
/// only touched by the thread running those searches.
public final class KeyValueTable: @unchecked Sendable {
  // Dynamic exclusivity checks on these cost a tenth of the search; accesses never overlap
  // (one thread, no reentrancy), so they are skipped.
  @exclusivity(unchecked) private var values: [KeyValueText] = []
  // Open addressing on 64-bit keys (value fingerprints; state << 32 | suffix for appends):
  // Swift's seeded Dictionary hashing cost more than the search itself.
  @exclusivity(unchecked) private var byFingerprint = IntTable()
  @exclusivity(unchecked) private var appends = IntTable()

  /// Creates an empty table.
  public init() {}

  /// The id of `value`, added if new.
  public func id(_ value: KeyValueText) -> Int {
    var probe = byFingerprint.firstSlot(value.fingerprint)
    while let id = byFingerprint.value(at: probe, key: value.fingerprint) {
      if values[id] == value { return id }
      probe = byFingerprint.nextSlot(probe)
    }
    values.append(value)
    byFingerprint.insert(value.fingerprint, values.count - 1)
    return values.count - 1
  }

  /// The id of the value `suffix` appended to `state`.
  public func append(_ suffix: Int, to state: Int) -> Int {
    let memo = UInt64(truncatingIfNeeded: state << 32 | suffix)
    if let known = appends.value(at: appends.firstSlot(memo), key: memo) { return known }
    let result = id(value(state).appending(value(suffix)))
    appends.insert(memo, result)
    return result
  }

  /// The number of values interned.
  public var count: Int { values.count }

  /// The value with id `id`.
  public func value(_ id: Int) -> KeyValueText {
    id >= 0 && id < values.count ? values[id] : KeyValueText("")
  }
}

/// A multimap from 64-bit keys to non-negative integers, by linear probing.
struct IntTable {
  private var keys = [UInt64](repeating: 0, count: 1024)
  private var values = [Int](repeating: -1, count: 1024)
  private var count = 0

  func firstSlot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & (keys.count - 1)
  }

  func nextSlot(_ slot: Int) -> Int { (slot + 1) & (keys.count - 1) }

  /// The value at the first slot from `slot` on that holds `key`, or nil at an empty slot.
  func value(at slot: Int, key: UInt64) -> Int? {
    var slot = slot
    while values[slot] >= 0 {
      if keys[slot] == key { return values[slot] }
      slot = nextSlot(slot)
    }
    return nil
  }

  mutating func insert(_ key: UInt64, _ value: Int) {
    if (count + 1) * 2 > keys.count {
      let oldKeys = keys
      let oldValues = values
      keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
      values = [Int](repeating: -1, count: oldKeys.count * 2)
      count = 0
      for i in oldKeys.indices where oldValues[i] >= 0 { insert(oldKeys[i], oldValues[i]) }
    }
    var slot = firstSlot(key)
    while values[slot] >= 0 { slot = nextSlot(slot) }
    keys[slot] = key
    values[slot] = value
    count += 1
  }
}

/// A key-value operation on one key: get, put, append (Porcupine's model), on interned values.
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
  /// The interned value read, put or appended.
  public var value: Int
  /// Whether the output is unknown.
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: Int, unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.unknown = unknown
  }
}

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
