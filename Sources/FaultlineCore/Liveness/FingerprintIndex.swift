/// A map from 64-bit fingerprints to state numbers: one open-addressing table with linear probing.
///
/// Twelve bytes a slot. Zero marks an empty slot, so a zero fingerprint is stored as one, as
/// `FingerprintSet` does: the two tables then agree on which states are one.
@usableFromInline
struct FingerprintIndex: Sendable {
  @usableFromInline var keys: [UInt64]
  @usableFromInline var values: [UInt32]
  @usableFromInline var mask: Int
  @usableFromInline var count = 0

  @inlinable init(expected: Int = 1 << 10) {
    var capacity = 1 << 10
    while capacity / 2 < expected { capacity <<= 1 }
    keys = Array(repeating: 0, count: capacity)
    values = Array(repeating: 0, count: capacity)
    mask = capacity - 1
  }

  /// The number of `fingerprint`, or nil if it has none.
  @inlinable func number(of fingerprint: UInt64) -> UInt32? {
    let key = fingerprint == 0 ? 1 : fingerprint
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 {
      if keys[slot] == key { return values[slot] }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// The number of `fingerprint`, after giving it `number` if it had none; `inserted` says which.
  @inlinable mutating func number(
    of fingerprint: UInt64, orInsert number: UInt32
  ) -> (number: UInt32, inserted: Bool) {
    if (count + 1) * 2 > keys.count { grow() }
    let key = fingerprint == 0 ? 1 : fingerprint
    var slot = Int(truncatingIfNeeded: key) & mask
    while keys[slot] != 0 {
      if keys[slot] == key { return (values[slot], false) }
      slot = (slot + 1) & mask
    }
    keys[slot] = key
    values[slot] = number
    count += 1
    return (number, true)
  }

  @usableFromInline mutating func grow() {
    let (oldKeys, oldValues) = (keys, values)
    let capacity = keys.count * 2
    keys = Array(repeating: 0, count: capacity)
    values = Array(repeating: 0, count: capacity)
    mask = capacity - 1
    for slot in oldKeys.indices where oldKeys[slot] != 0 {
      var index = Int(truncatingIfNeeded: oldKeys[slot]) & mask
      while keys[index] != 0 { index = (index + 1) & mask }
      keys[index] = oldKeys[slot]
      values[index] = oldValues[slot]
    }
  }
}
