/// The states of one breadth-first level, in the order they were found: whole states, or
/// packed into a flat array of words when the model packs them (`Model.packedStateWords`).
///
/// Packed words are kept in 16 bits while every word of the level fits (the System layer's
/// slot numbers usually do), and the level moves to 32 bits the first time one does not.
@usableFromInline
struct Frontier<M: Model>: Sendable {
  @usableFromInline let model: M
  @usableFromInline let words: Int
  @usableFromInline var states: [M.State] = []
  /// The level's words while all of them fit in 16 bits, empty once `wide` holds them.
  @usableFromInline var narrow: [UInt16] = []
  @usableFromInline var wide: [UInt32] = []
  @usableFromInline var isWide = false

  /// An empty level for `model`'s states.
  @inlinable init(model: M) {
    self.model = model
    words = max(model.packedStateWords, 0)
  }

  /// The number of states.
  @inlinable var count: Int {
    words == 0 ? states.count : (isWide ? wide.count : narrow.count) / words
  }

  @inlinable var isEmpty: Bool { count == 0 }

  @inlinable var indices: Range<Int> { 0..<count }

  /// Adds `state` at the end.
  @inlinable mutating func append(_ state: M.State) {
    if words == 0 {
      states.append(state)
      return
    }
    // Packed on the stack, then appended: packing in place would need a copy of the model
    // (it cannot be read while the level is being written), which costs reference counting.
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: words) { scratch in
      // `words` is positive, so the buffer has a base address.
      model.pack(state, into: scratch.baseAddress.unsafelyUnwrapped)
      if !isWide {
        var fits = true
        for word in scratch where word > UInt32(UInt16.max) { fits = false }
        if fits {
          for word in scratch { narrow.append(UInt16(truncatingIfNeeded: word)) }
          return
        }
        widen()
      }
      wide.append(contentsOf: scratch)
    }
  }

  /// Moves the level's words to 32 bits.
  @usableFromInline mutating func widen() {
    wide.removeAll(keepingCapacity: true)
    wide.append(contentsOf: narrow.lazy.map { UInt32($0) })
    narrow.removeAll(keepingCapacity: true)
    isWide = true
  }

  /// The state at `index`.
  @inlinable subscript(index: Int) -> M.State {
    if words == 0 { return states[index] }
    precondition(index >= 0 && index < count, "frontier index out of range")
    if isWide {
      return wide.withUnsafeBufferPointer { buffer in
        // `index` is in range, so the buffer is not empty.
        model.unpack(buffer.baseAddress.unsafelyUnwrapped + index * words)
      }
    }
    return narrow.withUnsafeBufferPointer { buffer in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: words) { scratch in
        let start = index * words
        for offset in 0..<words { scratch[offset] = UInt32(buffer[start + offset]) }
        return model.unpack(UnsafePointer(scratch.baseAddress.unsafelyUnwrapped))
      }
    }
  }

  /// Removes every state, keeping the storage for the next level.
  @inlinable mutating func removeAll() {
    states.removeAll(keepingCapacity: true)
    narrow.removeAll(keepingCapacity: true)
    wide.removeAll(keepingCapacity: true)
    isWide = false
  }
}
