/// A column of small integers (-1 and up) on the graph's edges: one byte each while every value
/// fits, then two, then four.
///
/// Most models have few fair actions, so the edges' fair action numbers fit in a byte or two;
/// the graph of two-phase commit with 8 participants has 27.5 million edges.
@usableFromInline
struct CompactColumn: Sendable {
  /// Each value plus one, while every value is below `UInt8.max`.
  @usableFromInline var bytes: [UInt8] = []
  /// Each value plus one, once one did not fit in a byte, while every value is below `UInt16.max`.
  @usableFromInline var halves: [UInt16]? = nil
  /// The values, once one did not fit in two bytes.
  @usableFromInline var wide: [Int32]? = nil

  @inlinable init() {}

  @inlinable var count: Int { wide?.count ?? halves?.count ?? bytes.count }

  /// Bytes a value, for the figures.
  @inlinable var width: Int { wide != nil ? 4 : halves != nil ? 2 : 1 }

  @inlinable subscript(_ index: Int) -> Int32 {
    if let wide { return wide[index] }
    if let halves { return Int32(halves[index]) - 1 }
    return Int32(bytes[index]) - 1
  }

  @inlinable mutating func append(_ value: Int32) {
    if wide == nil {
      if halves == nil {
        if value >= -1 && Int(value) < Int(UInt8.max) {
          bytes.append(UInt8(truncatingIfNeeded: value + 1))
          return
        }
        widenToHalves()
      }
      if value >= -1 && Int(value) < Int(UInt16.max) {
        halves?.append(UInt16(truncatingIfNeeded: value + 1))
        return
      }
      widen()
    }
    wide?.append(value)
  }

  @usableFromInline mutating func widenToHalves() {
    var values: [UInt16] = []
    values.reserveCapacity(Swift.max(bytes.capacity, bytes.count + 1))
    for value in bytes { values.append(UInt16(value)) }
    bytes = []
    halves = values
  }

  @usableFromInline mutating func widen() {
    let narrow = halves ?? []
    var values: [Int32] = []
    values.reserveCapacity(Swift.max(narrow.capacity, narrow.count + 1))
    for value in narrow { values.append(Int32(value) - 1) }
    halves = nil
    wide = values
  }
}
