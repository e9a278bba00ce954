import FaultlineCore

/// One way a stretch of history can have been linearized so far: which of its operations have
/// taken effect (a bit per operation) and the object's state after them.
struct SegmentConfiguration<State: Hashable>: Hashable {
  var bits: [UInt64]
  var state: State
}
