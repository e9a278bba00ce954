/// The memo table of Lowe's algorithm: every (set of linearized operations, spec state) seen.
///
/// Open addressing over flat arrays, so that inserting a configuration allocates nothing: the
/// operation set's hash is maintained incrementally by the caller (Zobrist hashing) and its
/// words are copied into one shared buffer.
struct LinearizationCache<State: Hashable> {
  private var hashes: [UInt64]
  private var states: [State?]
  private var words: [UInt64]
  private let width: Int
  private var mask: Int
  private(set) var count = 0

  init(width: Int, capacity: Int = 1024) {
    self.width = max(width, 1)
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    hashes = [UInt64](repeating: 0, count: size)
    states = [State?](repeating: nil, count: size)
    words = [UInt64](repeating: 0, count: size * self.width)
    mask = size - 1
  }

  /// Inserts the configuration; false when it was already there.
  mutating func insert(bits: [UInt64], bitsHash: UInt64, state: State) -> Bool {
    if (count + 1) * 2 > hashes.count { grow() }
    let hash = Self.finalHash(bitsHash, state)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while hashes[slot] != 0 {
      if hashes[slot] == hash && matches(slot, bits) && states[slot] == state { return false }
      slot = (slot + 1) & mask
    }
    store(slot, hash: hash, bits: bits, state: state)
    count += 1
    return true
  }

  private static func finalHash(_ bitsHash: UInt64, _ state: State) -> UInt64 {
    var h = bitsHash ^ UInt64(truncatingIfNeeded: state.hashValue) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    // Zero marks an empty slot.
    return h | 1
  }

  private func matches(_ slot: Int, _ bits: [UInt64]) -> Bool {
    let base = slot * width
    for i in 0..<width where words[base + i] != bits[i] { return false }
    return true
  }

  private mutating func store(_ slot: Int, hash: UInt64, bits: [UInt64], state: State) {
    hashes[slot] = hash
    states[slot] = state
    let base = slot * width
    for i in 0..<width { words[base + i] = bits[i] }
  }

  private mutating func grow() {
    let oldHashes = hashes
    let oldStates = states
    let oldWords = words
    let size = oldHashes.count * 2
    hashes = [UInt64](repeating: 0, count: size)
    states = [State?](repeating: nil, count: size)
    words = [UInt64](repeating: 0, count: size * width)
    mask = size - 1
    var bits = [UInt64](repeating: 0, count: width)
    for old in 0..<oldHashes.count where oldHashes[old] != 0 {
      guard let state = oldStates[old] else { continue }
      for i in 0..<width { bits[i] = oldWords[old * width + i] }
      var slot = Int(truncatingIfNeeded: oldHashes[old]) & mask
      while hashes[slot] != 0 { slot = (slot + 1) & mask }
      store(slot, hash: oldHashes[old], bits: bits, state: state)
    }
  }
}
