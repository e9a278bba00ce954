import FaultlineCore

/// The memo table of Lowe's algorithm: every (set of linearized operations, spec state) seen.
///
/// Open addressing over flat arrays, so that inserting a configuration allocates nothing: the
/// operation set's hash is maintained incrementally by the caller (Zobrist hashing) and its
/// words are copied into one shared buffer. A slot's hash and state sit together, so that a
/// probe touches one cache line.
@usableFromInline
struct LinearizationCache<State: Hashable> {
  @usableFromInline
  struct Slot {
    /// Zero marks an empty slot.
    @usableFromInline var hash: UInt64
    @usableFromInline var state: State?

    @inlinable
    init(hash: UInt64, state: State?) {
      self.hash = hash
      self.state = state
    }
  }

  @usableFromInline var slots: [Slot]
  @usableFromInline var words: [UInt64]
  @usableFromInline let width: Int
  @usableFromInline var mask: Int
  @usableFromInline var count = 0

  @inlinable
  @usableFromInline init(width: Int, capacity: Int = 1024) {
    self.width = max(width, 1)
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Slot](repeating: Slot(hash: 0, state: nil), count: size)
    words = [UInt64](repeating: 0, count: size * self.width)
    mask = size - 1
  }

  /// Inserts the configuration; false when it was already there.
  @inlinable
  @usableFromInline mutating func insert(bits: [UInt64], bitsHash: UInt64, state: State) -> Bool {
    if (count + 1) * 2 > slots.count { grow() }
    let hash = Self.finalHash(bitsHash, state)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot].hash != 0 {
      if slots[slot].hash == hash && slots[slot].state == state && matches(slot, bits) { return false }
      slot = (slot + 1) & mask
    }
    store(slot, hash: hash, bits: bits, state: state)
    count += 1
    return true
  }

  @inlinable
  @usableFromInline static func finalHash(_ bitsHash: UInt64, _ state: State) -> UInt64 {
    var h = bitsHash ^ UInt64(truncatingIfNeeded: state.hashValue) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    // Zero marks an empty slot.
    return h | 1
  }

  @inlinable
  @usableFromInline func matches(_ slot: Int, _ bits: [UInt64]) -> Bool {
    let base = slot * width
    for i in 0..<width where words[base + i] != bits[i] { return false }
    return true
  }

  @inlinable
  @usableFromInline mutating func store(_ slot: Int, hash: UInt64, bits: [UInt64], state: State) {
    slots[slot] = Slot(hash: hash, state: state)
    let base = slot * width
    for i in 0..<width { words[base + i] = bits[i] }
  }

  @inlinable
  @usableFromInline mutating func grow() {
    let oldSlots = slots
    let oldWords = words
    let size = oldSlots.count * 2
    slots = [Slot](repeating: Slot(hash: 0, state: nil), count: size)
    words = [UInt64](repeating: 0, count: size * width)
    mask = size - 1
    for old in 0..<oldSlots.count where oldSlots[old].hash != 0 {
      var slot = Int(truncatingIfNeeded: oldSlots[old].hash) & mask
      while slots[slot].hash != 0 { slot = (slot + 1) & mask }
      slots[slot] = oldSlots[old]
      for i in 0..<width { words[slot * width + i] = oldWords[old * width + i] }
    }
  }
}
