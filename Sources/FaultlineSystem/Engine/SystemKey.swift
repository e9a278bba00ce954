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

  @inlinable static var inlineSlots: Int { 14 }

  /// Calls `body` with the lanes in memory, for a run of reads and writes of single lanes: one
  /// lane written into a vector held in registers goes through memory and stalls the vector's
  /// next load on store forwarding, once per write.
  @inlinable mutating func withLanes<R>(_ body: (UnsafeMutablePointer<UInt32>) -> R) -> R {
    withUnsafeMutableBytes(of: &lanes) {
      body($0.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt32.self))
    }
  }

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

  /// A fixed 64-bit hash of the numbers: four independent multiplications of word pairs
  /// folded by a fifth, so the work is two multiplications deep, not eight.
  ///
  /// Each word is XORed with a constant whose top bit is set; numbers are below 2^28, so no
  /// operand of a multiplication is ever zero, which would lose the other one.
  @inlinable var fingerprint: UInt64 {
    let words = unsafeBitCast(
      lanes, to: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64).self)
    @inline(__always) func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
      let product = a.multipliedFullWidth(by: b)
      return product.high ^ product.low
    }
    let a = fold(words.0 ^ 0xA076_1D64_78BD_642F, words.1 ^ 0xE703_7ED1_A0B4_28DB)
    let b = fold(words.2 ^ 0x8EBC_6AF0_9C88_C6E3, words.3 ^ 0x9E37_79B9_7F4A_7C15)
    let c = fold(words.4 ^ 0xC4CE_B9FE_1A85_EC53, words.5 ^ 0xFF51_AFD7_ED55_8CCD)
    let d = fold(words.6 ^ 0xD6E8_FEB8_6659_FD93, words.7 ^ 0xBF58_476D_1CE4_E5B9)
    return fold(a ^ c ^ 0x94D0_49BB_1331_11EB, b ^ d ^ 0xB492_B66F_BE98_F273)
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
