/// A column of small integers (-1 and up) on the graph's edges: one or two bytes each while
/// every value fits, four once one does not.
///
/// Most models have few actions a state and few fair actions, so the edges' choices and fair
/// action numbers, two of the graph's three columns, fit in a byte or two; the graph of
/// two-phase commit with 8 participants has 27.5 million edges.
@usableFromInline
struct CompactColumn<Narrow: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
  /// Each value plus one, while every value is below `Narrow.max`.
  @usableFromInline var narrow: [Narrow] = []
  /// The values, once one did not fit.
  @usableFromInline var wide: [Int32]? = nil

  @inlinable init() {}

  @inlinable var count: Int { wide?.count ?? narrow.count }

  @inlinable subscript(_ index: Int) -> Int32 {
    if let wide { return wide[index] }
    return Int32(narrow[index]) - 1
  }

  @inlinable mutating func append(_ value: Int32) {
    if wide == nil {
      if value >= -1 && Int(value) < Int(Narrow.max) {
        narrow.append(Narrow(truncatingIfNeeded: value + 1))
        return
      }
      widen()
    }
    wide?.append(value)
  }

  @inlinable mutating func reserveCapacity(_ capacity: Int) {
    if wide == nil { narrow.reserveCapacity(capacity) } else { wide?.reserveCapacity(capacity) }
  }

  @usableFromInline mutating func widen() {
    var values: [Int32] = []
    values.reserveCapacity(Swift.max(narrow.capacity, narrow.count + 1))
    for value in narrow { values.append(Int32(value) - 1) }
    narrow = []
    wide = values
  }
}
