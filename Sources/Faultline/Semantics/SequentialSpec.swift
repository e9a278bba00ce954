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

/// A key's value in the key-value spec, as bytes with a polynomial fingerprint.
public struct KeyValueText: Hashable, Sendable {
  /// The UTF-8 bytes.
  public private(set) var bytes: [UInt8]
  /// Σ bytes[i]·B^(n-1-i) mod 2^64.
  private(set) var fingerprint: UInt64
  static let base: UInt64 = 0x100_0000_01B3

  /// Creates a value from text.
  public init(_ text: String) {
    self.init(bytes: Array(text.utf8))
  }

  /// Creates a value from bytes.
  init(bytes: [UInt8]) {
    self.bytes = bytes
    fingerprint = 0
    for byte in bytes { fingerprint = fingerprint &* Self.base &+ UInt64(byte) }
  }

  /// Equal bytes; the fingerprints are compared first because they usually differ.
  public static func == (a: KeyValueText, b: KeyValueText) -> Bool {
    a.fingerprint == b.fingerprint && a.bytes == b.bytes
  }

  /// Hashes the fingerprint only: equal values have equal fingerprints.
  public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}

/// The values of a key-value store, interned: each distinct value gets an id, so that spec
/// states are integers and the search hashes no strings.
///
/// Values read from the history are stored as bytes, one id per distinct value. A value made by
/// an append is stored as a link, (value appended to, suffix), with its fingerprint and length:
/// a search over many appends creates a new value at almost every step, and copying each would
/// cost more than the search. It is spelled out only when its fingerprint matches a value read
/// from the history, whose id it then takes. So a state equals a value a read returned exactly
/// when their ids are equal, provided the values of a search's operations are interned before it
/// starts, and states carried from one search into another are interned again with `id`. Two appended values may be equal under different ids (different
/// appends giving the same text); the search then only explores some configuration twice.
///
/// A reference type on purpose: the searches of every key share it and fill it as they go. It is
/// only touched by the thread running those searches.
public final class KeyValueTable: @unchecked Sendable {
  /// One interned value.
  private struct Entry {
    var fingerprint: UInt64
    /// B^length, to extend a fingerprint by this value.
    var scale: UInt64
    var length: Int
    /// For an appended value: the value appended to, and the suffix; -1 otherwise.
    var prefix: Int
    var suffix: Int
  }

  // Dynamic exclusivity checks on these cost a tenth of the search; accesses never overlap
  // (one thread, no reentrancy), so they are skipped.
  @exclusivity(unchecked) private var entries: [Entry] = []
  /// The bytes of values read from the history, by id; empty for appended values.
  @exclusivity(unchecked) private var bytes: [[UInt8]] = []
  // Open addressing on 64-bit keys (fingerprints of values read from the history; state << 32 |
  // suffix for appends): Swift's seeded Dictionary hashing cost more than the search itself.
  @exclusivity(unchecked) private var byFingerprint = IntTable()
  @exclusivity(unchecked) private var appends = IntTable()

  /// Creates an empty table.
  public init() {}

  /// The id of `value`, added if new.
  public func id(_ value: KeyValueText) -> Int {
    if let known = find(value.fingerprint, value.bytes.count, matching: { self.spelled($0) == value.bytes }) {
      return known
    }
    var scale: UInt64 = 1
    for _ in 0..<value.bytes.count { scale = scale &* KeyValueText.base }
    let id = add(
      Entry(fingerprint: value.fingerprint, scale: scale, length: value.bytes.count, prefix: -1, suffix: -1),
      value.bytes)
    byFingerprint.insert(value.fingerprint, id)
    return id
  }

  /// The id of the value `suffix` appended to `state`.
  public func append(_ suffix: Int, to state: Int) -> Int {
    let memo = UInt64(truncatingIfNeeded: state << 32 | suffix)
    if let known = appends.value(at: appends.firstSlot(memo), key: memo) { return known }
    let head = entries[state]
    let tail = entries[suffix]
    let entry = Entry(
      fingerprint: head.fingerprint &* tail.scale &+ tail.fingerprint, scale: head.scale &* tail.scale,
      length: head.length + tail.length, prefix: state, suffix: suffix)
    let result =
      find(entry.fingerprint, entry.length) { self.spelled($0) == self.spelled(state) + self.spelled(suffix) }
      ?? add(entry, [])
    appends.insert(memo, result)
    return result
  }

  /// Forgets which value each append gave, keeping the values: for a search that starts from
  /// states interned after those appends were made.
  public func forgetAppends() { appends = IntTable() }

  /// The id of a value read from the history with this fingerprint and length for which `same`
  /// holds, if any.
  private func find(_ fingerprint: UInt64, _ length: Int, matching same: (Int) -> Bool) -> Int? {
    var probe = byFingerprint.firstSlot(fingerprint)
    while let id = byFingerprint.value(at: probe, key: fingerprint) {
      if entries[id].length == length && same(id) { return id }
      probe = byFingerprint.nextSlot(probe)
    }
    return nil
  }

  private func add(_ entry: Entry, _ spelled: [UInt8]) -> Int {
    entries.append(entry)
    bytes.append(spelled)
    return entries.count - 1
  }

  /// The bytes of the value with id `id`, following appends back to values read from the history.
  private func spelled(_ id: Int) -> [UInt8] {
    var parts: [Int] = []
    var current = id
    while entries[current].prefix >= 0 {
      parts.append(entries[current].suffix)
      current = entries[current].prefix
    }
    var result = bytes[current]
    result.reserveCapacity(entries[id].length)
    for part in parts.reversed() { result += spelled(part) }
    return result
  }

  /// The number of values interned.
  public var count: Int { entries.count }

  /// The value with id `id`.
  public func value(_ id: Int) -> KeyValueText {
    id >= 0 && id < entries.count ? KeyValueText(bytes: spelled(id)) : KeyValueText("")
  }
}

/// A multimap from 64-bit keys to non-negative integers, by linear probing. A key and its value
/// share a slot, so that a probe touches one cache line.
struct IntTable {
  private struct Slot {
    var key: UInt64
    /// -1 marks an empty slot.
    var value: Int
  }

  private var slots = [Slot](repeating: Slot(key: 0, value: -1), count: 64)
  private var count = 0

  func firstSlot(_ key: UInt64) -> Int {
    // Every bit of the key reaches the low bits: append keys are state << 32 | suffix, and a
    // multiply alone leaves the low bits to the suffix, piling the states of one suffix up.
    var h = (key ^ (key >> 33)) &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    return Int(truncatingIfNeeded: h) & (slots.count - 1)
  }

  func nextSlot(_ slot: Int) -> Int { (slot + 1) & (slots.count - 1) }

  /// The value at the first slot from `slot` on that holds `key`, or nil at an empty slot.
  func value(at slot: Int, key: UInt64) -> Int? {
    var slot = slot
    while true {
      let entry = slots[slot]
      if entry.value < 0 { return nil }
      if entry.key == key { return entry.value }
      slot = nextSlot(slot)
    }
  }

  mutating func insert(_ key: UInt64, _ value: Int) {
    if (count + 1) * 2 > slots.count {
      let old = slots
      slots = [Slot](repeating: Slot(key: 0, value: -1), count: old.count * 2)
      for entry in old where entry.value >= 0 { place(entry) }
    }
    place(Slot(key: key, value: value))
    count += 1
  }

  private mutating func place(_ entry: Slot) {
    var slot = firstSlot(entry.key)
    while slots[slot].value >= 0 { slot = nextSlot(slot) }
    slots[slot] = entry
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
