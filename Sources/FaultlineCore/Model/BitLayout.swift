/// Allocates fields in a `PackedState`, lowest bits first.
public struct BitLayout: Sendable {
  /// Bits allocated so far.
  public private(set) var used: UInt64 = 0

  /// Creates an empty layout.
  public init() {}

  /// The number of bits needed to store `values` distinct values (0..<values).
  public static func width(for values: Int) -> UInt64 {
    var width: UInt64 = 0
    while (1 << width) < values { width += 1 }
    return max(width, 1)
  }

  /// Whether everything allocated fits in 64 bits.
  public var fits: Bool { used <= 64 }

  /// A field that can hold `values` distinct values.
  public mutating func field(values: Int) -> BitField {
    let width = Self.width(for: values)
    defer { used += width }
    return BitField(shift: used, mask: (1 << width) - 1)
  }

  /// `count` consecutive fields, each holding `values` distinct values.
  public mutating func fields(count: Int, values: Int) -> BitFieldArray {
    let width = Self.width(for: values)
    defer { used += width * UInt64(count) }
    return BitFieldArray(shift: used, width: width, count: count)
  }
}
