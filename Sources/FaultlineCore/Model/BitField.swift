/// Where one field sits in a `PackedState`.
public struct BitField: Sendable, Equatable {
  /// The field's lowest bit.
  public let shift: UInt64
  /// The field's bits, unshifted.
  public let mask: UInt64

  /// Creates a field at `shift` with the unshifted `mask`.
  @inlinable public init(shift: UInt64, mask: UInt64) {
    self.shift = shift
    self.mask = mask
  }
}
