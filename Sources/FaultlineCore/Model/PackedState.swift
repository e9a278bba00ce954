/// A whole-system state packed into one 64-bit word: no allocation per state, an equality
/// test of one compare, and a fingerprint of one multiply-shift mix.
///
/// Declare the fields once with a `BitLayout`, then read and write them:
///
/// ```swift
/// var layout = BitLayout()
/// let coordinator = layout.field(values: 3)              // 2 bits
/// let votes = layout.fields(count: n, values: 2)         // n bits
/// var s = PackedState()
/// s[coordinator] = 1
/// s[votes, 2] = 1
/// ```
public struct PackedState: Hashable, Sendable, Fingerprintable {
  /// The packed bits.
  public var bits: UInt64

  /// Creates a state from its bits; all fields zero by default.
  @inlinable public init(bits: UInt64 = 0) { self.bits = bits }

  /// Feeds the word to the fingerprinter.
  @inlinable public func fingerprint(into f: inout Fingerprinter) { f.combine(word: bits) }

  /// The value of a field.
  @inlinable public subscript(field: BitField) -> Int {
    get { Int(truncatingIfNeeded: (bits >> field.shift) & field.mask) }
    set {
      bits =
        (bits & ~(field.mask << field.shift))
        | ((UInt64(truncatingIfNeeded: newValue) & field.mask) << field.shift)
    }
  }

  /// The value of the `index`th field of an array of fields.
  @inlinable public subscript(fields: BitFieldArray, index: Int) -> Int {
    get { self[fields[index]] }
    set { self[fields[index]] = newValue }
  }

  /// The bits of a whole array of fields, shifted down: for one-bit fields, bit i is field i.
  @inlinable public func bits(of fields: BitFieldArray) -> UInt64 {
    let width = fields.width * UInt64(fields.count)
    return (bits >> fields.shift) & (width >= 64 ? ~0 : (1 << width) - 1)
  }
}

extension Model where State == PackedState {
  /// A packed state's fingerprint: a strong mix of its one word.
  @inlinable public func fingerprint(of state: State) -> UInt64 { Fingerprinter.avalanche(state.bits) }
}
