/// The states of one breadth-first level, in the order they were found: whole states, or
/// packed into a flat array of words when the model packs them (`Model.packedStateWords`).
@usableFromInline
struct Frontier<M: Model>: Sendable {
  @usableFromInline let model: M
  @usableFromInline let words: Int
  @usableFromInline var states: [M.State] = []
  @usableFromInline var packed: [UInt32] = []

  /// An empty level for `model`'s states.
  @inlinable init(model: M) {
    self.model = model
    words = max(model.packedStateWords, 0)
  }

  /// The number of states.
  @inlinable var count: Int { words == 0 ? states.count : packed.count / words }

  @inlinable var isEmpty: Bool { count == 0 }

  @inlinable var indices: Range<Int> { 0..<count }

  /// Adds `state` at the end.
  @inlinable mutating func append(_ state: M.State) {
    if words == 0 {
      states.append(state)
      return
    }
    // Packed on the stack, then appended: packing in place would need a copy of the model
    // (it cannot be read while `packed` is being written), which costs reference counting.
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: words) { scratch in
      // `words` is positive, so the buffer has a base address.
      model.pack(state, into: scratch.baseAddress.unsafelyUnwrapped)
      packed.append(contentsOf: scratch)
    }
  }

  /// The state at `index`.
  @inlinable subscript(index: Int) -> M.State {
    if words == 0 { return states[index] }
    precondition(index >= 0 && index < count, "frontier index out of range")
    return packed.withUnsafeBufferPointer { buffer in
      // `index` is in range, so the buffer is not empty.
      model.unpack(buffer.baseAddress.unsafelyUnwrapped + index * words)
    }
  }

  /// Removes every state, keeping the storage for the next level.
  @inlinable mutating func removeAll() {
    states.removeAll(keepingCapacity: true)
    packed.removeAll(keepingCapacity: true)
  }
}
