import FaultlineCore

/// One way a stretch of history can have been linearized so far: which of its operations have
/// taken effect (a bit per operation) and the object's state after them.
@usableFromInline
struct SegmentConfiguration<State: Hashable>: Hashable {
  @usableFromInline var bits: [UInt64]
  @usableFromInline var state: State

  @inlinable
  init(bits: [UInt64], state: State) {
    self.bits = bits
    self.state = state
  }
}
