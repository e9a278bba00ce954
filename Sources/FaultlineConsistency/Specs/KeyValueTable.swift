import FaultlineCore

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
