import Synchronization

/// A table that gives each distinct value a small number, once and for all: equal values get
/// the same number, so a state made of numbers compares and hashes as fast as integers
/// (SPIN's COLLAPSE compression, applied to whole process states).
///
/// Numbering takes a lock; reading a value back by its number takes none: values live in
/// chunks that never move and are written before their number is handed out.
@usableFromInline
final class Interner<Value: Hashable & Sendable>: @unchecked Sendable {
  @inlinable static var chunkBits: Int { 12 }
  @inlinable static var chunkCapacity: Int { 1 << chunkBits }
  /// Room for 2^16 chunks of 2^12 values: 268 million distinct values.
  @inlinable static var maximumChunks: Int { 1 << 16 }

  @usableFromInline let chunks: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>
  @usableFromInline let numbers = Mutex<[Value: UInt32]>([:])
  @usableFromInline let published = Atomic<Int>(0)

  @inlinable init() {
    chunks = .allocate(capacity: Self.maximumChunks)
    chunks.initialize(repeating: nil, count: Self.maximumChunks)
  }

  deinit {
    let count = published.load(ordering: .acquiring)
    var chunk = 0
    while chunk * Self.chunkCapacity < count {
      let used = min(Self.chunkCapacity, count - chunk * Self.chunkCapacity)
      chunks[chunk]?.deinitialize(count: used)
      chunks[chunk]?.deallocate()
      chunk += 1
    }
    chunks.deallocate()
  }

  /// How many distinct values have numbers.
  @inlinable var count: Int { published.load(ordering: .acquiring) }

  /// The number of `value`, given it one if it has none; nil when the table is full.
  @inlinable func number(of value: Value) -> UInt32? {
    numbers.withLock { table -> UInt32? in
      if let known = table[value] { return known }
      let next = published.load(ordering: .relaxed)
      guard next < Self.maximumChunks * Self.chunkCapacity else { return nil }
      let chunk = next >> Self.chunkBits
      if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: Self.chunkCapacity) }
      (chunks[chunk].unsafelyUnwrapped + (next & (Self.chunkCapacity - 1))).initialize(to: value)
      table[value] = UInt32(next)
      published.store(next + 1, ordering: .releasing)
      return UInt32(next)
    }
  }

  /// Where the value numbered `number` lives; the number must have come from this table.
  @inlinable @inline(__always)
  func address(_ number: UInt32) -> UnsafeMutablePointer<Value> { Self.address(number, in: chunks) }

  /// Where the value numbered `number` lives in the chunk table `chunks`.
  @inlinable @inline(__always)
  static func address(_ number: UInt32, in chunks: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>)
    -> UnsafeMutablePointer<Value>
  {
    let index = Int(number)
    return chunks[index >> chunkBits].unsafelyUnwrapped + (index & (chunkCapacity - 1))
  }

  /// The value numbered `number`.
  @inlinable @inline(__always)
  subscript(_ number: UInt32) -> Value { address(number).pointee }
}
