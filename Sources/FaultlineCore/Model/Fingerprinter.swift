/// A fixed, unseeded 64-bit hash: the same input gives the same fingerprint in every process.
public struct Fingerprinter: Sendable {
  private var state: UInt64 = 0x243F_6A88_85A3_08D3
  private var length: UInt64 = 0

  /// Creates a fingerprinter with the fixed seed.
  public init() {}

  /// Feeds one 64-bit word.
  @inlinable @inline(__always)
  public mutating func combine(word: UInt64) {
    self = Self.mixed(self, word)
  }

  @usableFromInline
  static func mixed(_ f: Fingerprinter, _ word: UInt64) -> Fingerprinter {
    var next = f
    let product = (next.state ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
    next.state = (product.high ^ product.low) &+ 0xA076_1D64_78BD_642F
    next.length &+= 1
    return next
  }

  /// Feeds a value.
  @inlinable
  public mutating func combine<T: Fingerprintable>(_ value: T) {
    value.fingerprint(into: &self)
  }

  /// The fingerprint of everything fed so far.
  public func finalize() -> UInt64 {
    Fingerprinter.avalanche(state ^ length)
  }

  /// A strong 64-bit mix (MurmurHash3's finaliser); also a good fingerprint of one packed word.
  @inlinable @inline(__always)
  public static func avalanche(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 33
    x &*= 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x &*= 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
  }
}
