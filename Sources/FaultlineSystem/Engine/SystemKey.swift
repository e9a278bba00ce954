/// A system state as numbers: one slot number per process and the environment's number, in
/// one 64-byte vector of plain integers, so copying, comparing and hashing a state touches no
/// heap memory and no reference count.
///
/// Lanes 0...13 hold the slots of processes 0...13 and lane 15 the environment. A system of
/// more than 14 processes keeps the slots of processes 14 and up as one interned array whose
/// number is lane 14.
@usableFromInline
struct SystemKey: Hashable, Sendable {
  @usableFromInline var lanes: SIMD16<UInt32>

  @usableFromInline static var inlineSlots: Int { 14 }

  @inlinable init(lanes: SIMD16<UInt32>) { self.lanes = lanes }

  @inlinable init(slots: [UInt32], environment: UInt32) {
    lanes = SIMD16(repeating: 0)
    for (process, slot) in slots.prefix(Self.inlineSlots).enumerated() { lanes[process] = slot }
    if slots.count > Self.inlineSlots { lanes[14] = overflowNumber(Array(slots.dropFirst(Self.inlineSlots))) }
    lanes[15] = environment
  }

  /// The slot number of `process`.
  @inlinable subscript(_ process: Int) -> UInt32 {
    @inline(__always) get { process < Self.inlineSlots ? lanes[process] : overflowSlot(process) }
    @inline(__always) set {
      if process < Self.inlineSlots {
        lanes[process] = newValue
      } else {
        setOverflowSlot(process, newValue)
      }
    }
  }

  @usableFromInline func overflowSlot(_ process: Int) -> UInt32 {
    overflowSlots[lanes[14]][process - Self.inlineSlots]
  }

  @usableFromInline mutating func setOverflowSlot(_ process: Int, _ number: UInt32) {
    var tail = overflowSlots[lanes[14]]
    tail[process - Self.inlineSlots] = number
    lanes[14] = overflowNumber(tail)
  }

  @inlinable var environment: UInt32 {
    get { lanes[15] }
    set { lanes[15] = newValue }
  }

  /// Equality as eight word comparisons folded into one test (SIMD's `==` compiles to a loop
  /// over the lanes).
  @inlinable static func == (a: SystemKey, b: SystemKey) -> Bool {
    typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    let x = unsafeBitCast(a.lanes, to: Words.self)
    let y = unsafeBitCast(b.lanes, to: Words.self)
    let low = (x.0 ^ y.0) | (x.1 ^ y.1) | (x.2 ^ y.2) | (x.3 ^ y.3)
    let high = (x.4 ^ y.4) | (x.5 ^ y.5) | (x.6 ^ y.6) | (x.7 ^ y.7)
    return low | high == 0
  }

  @inlinable func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }

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
    var x = h
    x ^= x >> 33
    x &*= 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x &*= 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
  }
}

/// The slot numbers of processes 14 and up, for systems that large; shared by every system.
@usableFromInline let overflowSlots = Interner<[UInt32]>()

@usableFromInline func overflowNumber(_ tail: [UInt32]) -> UInt32 {
  guard let number = overflowSlots.number(of: tail) else {
    fatalError("more than 268 million distinct process states: the model is beyond exhaustive checking")
  }
  return number
}
