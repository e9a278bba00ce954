/// A system state as numbers: one slot number per process and the environment's number.
///
/// Up to 15 processes fit inline in one 64-byte vector, so copying, comparing and hashing a
/// state touches no heap memory; larger systems keep the rest in an array.
@usableFromInline
struct SystemKey: Hashable, Sendable {
  /// Lanes 0...14: slots of processes 0...14; lane 15: the environment.
  @usableFromInline var lanes: SIMD16<UInt32>
  /// Slots of processes 15 and up.
  @usableFromInline var overflow: [UInt32]?

  @usableFromInline static var inlineSlots: Int { 15 }

  @inlinable init(slots: [UInt32], environment: UInt32) {
    lanes = SIMD16(repeating: 0)
    for (process, slot) in slots.prefix(Self.inlineSlots).enumerated() { lanes[process] = slot }
    lanes[15] = environment
    overflow = slots.count > Self.inlineSlots ? Array(slots.dropFirst(Self.inlineSlots)) : nil
  }

  @inlinable var environment: UInt32 {
    get { lanes[15] }
    set { lanes[15] = newValue }
  }

  @inlinable subscript(_ process: Int) -> UInt32 {
    get {
      process < Self.inlineSlots ? lanes[process] : overflow.unsafelyUnwrapped[process - Self.inlineSlots]
    }
    set {
      if process < Self.inlineSlots {
        lanes[process] = newValue
      } else {
        overflow?[process - Self.inlineSlots] = newValue
      }
    }
  }

  @inlinable static func == (a: SystemKey, b: SystemKey) -> Bool {
    a.lanes == b.lanes && a.overflow == b.overflow
  }

  @inlinable func hash(into hasher: inout Hasher) {
    hasher.combine(fingerprint)
  }

  /// A fixed 64-bit hash of the numbers.
  @inlinable var fingerprint: UInt64 {
    let words = unsafeBitCast(
      lanes, to: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64).self)
    var h: UInt64 = 0x243F_6A88_85A3_08D3
    @inline(__always) func mix(_ word: UInt64) {
      let product = (h ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
      h = (product.high ^ product.low) &+ 0xA076_1D64_78BD_642F
    }
    mix(words.0)
    mix(words.1)
    mix(words.2)
    mix(words.3)
    mix(words.4)
    mix(words.5)
    mix(words.6)
    mix(words.7)
    if let overflow { for slot in overflow { mix(UInt64(slot)) } }
    var x = h
    x ^= x >> 33
    x &*= 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x &*= 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
  }
}
