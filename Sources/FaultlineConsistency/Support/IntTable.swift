import FaultlineCore

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
