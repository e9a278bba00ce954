/// A set of 64-bit fingerprints in one open-addressing table with linear probing.
///
/// Eight bytes a slot and nothing else: the states themselves live only in the frontier.
/// Zero marks an empty slot, so a zero fingerprint is stored as one (a negligible bias).
@usableFromInline
final class FingerprintSet {
  @usableFromInline var slots: UnsafeMutablePointer<UInt64>
  @usableFromInline var mask: Int
  @usableFromInline var count: Int = 0
  @usableFromInline var growAt: Int

  /// Creates a set sized for about `expected` fingerprints.
  @usableFromInline
  init(expected: Int = 1 << 16) {
    var capacity = 1 << 10
    while capacity < expected + expected / 3 { capacity <<= 1 }
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: 0, count: capacity)
    mask = capacity - 1
    growAt = capacity / 4 * 3
  }

  deinit { slots.deallocate() }

  /// The table's size in bytes.
  @usableFromInline var bytes: Int { (mask + 1) * MemoryLayout<UInt64>.stride }

  /// Inserts `fingerprint`; true if it was not there before.
  @inlinable @inline(__always)
  func insert(_ fingerprint: UInt64) -> Bool {
    let key = fingerprint == 0 ? 1 : fingerprint
    var index = Int(truncatingIfNeeded: key) & mask
    while true {
      let slot = slots[index]
      if slot == key { return false }
      if slot == 0 {
        slots[index] = key
        count += 1
        if count >= growAt { grow() }
        return true
      }
      index = (index + 1) & mask
    }
  }

  /// Whether `fingerprint` is in the set.
  @inlinable
  func contains(_ fingerprint: UInt64) -> Bool {
    let key = fingerprint == 0 ? 1 : fingerprint
    var index = Int(truncatingIfNeeded: key) & mask
    while true {
      let slot = slots[index]
      if slot == key { return true }
      if slot == 0 { return false }
      index = (index + 1) & mask
    }
  }

  @usableFromInline
  func grow() {
    let oldSlots = slots
    let oldCapacity = mask + 1
    let capacity = oldCapacity * 2
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: 0, count: capacity)
    mask = capacity - 1
    growAt = capacity / 4 * 3
    for i in 0..<oldCapacity where oldSlots[i] != 0 {
      var index = Int(truncatingIfNeeded: oldSlots[i]) & mask
      while slots[index] != 0 { index = (index + 1) & mask }
      slots[index] = oldSlots[i]
    }
    oldSlots.deallocate()
  }
}
