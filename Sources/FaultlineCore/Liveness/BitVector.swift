/// A growable array of bits, one per state: where a liveness property's predicate holds.
@usableFromInline
struct BitVector: Sendable {
  @usableFromInline var words: [UInt64] = []
  @usableFromInline var count = 0

  @inlinable init() {}

  /// Adds `bit` at the end.
  @inlinable mutating func append(_ bit: Bool) {
    if count & 63 == 0 { words.append(0) }
    if bit { words[count >> 6] |= 1 << UInt64(count & 63) }
    count += 1
  }

  /// The bit at `index`.
  @inlinable subscript(index: Int) -> Bool {
    words[index >> 6] & (1 << UInt64(index & 63)) != 0
  }
}
