/// Consecutive fields of the same width, for per-process state.
public struct BitFieldArray: Sendable, Equatable {
  /// The first field's lowest bit.
  public let shift: UInt64
  /// Each field's width in bits.
  public let width: UInt64
  /// How many fields.
  public let count: Int

  /// The `index`th field.
  @inlinable public subscript(index: Int) -> BitField {
    BitField(shift: shift + UInt64(index) * width, mask: (1 << width) - 1)
  }
}
