/// A value that feeds its contents to a `Fingerprinter`, with the same equality as `Hashable`.
///
/// Swift's `Hasher` is seeded per process, so it cannot give fingerprints that are equal from
/// run to run. Conform a state the way you would write `hash(into:)`:
///
/// ```swift
/// extension Replica: Fingerprintable {
///   func fingerprint(into f: inout Fingerprinter) { f.combine(term); f.combine(log) }
/// }
/// ```
public protocol Fingerprintable {
  /// Feeds every part that takes part in `==` to the fingerprinter.
  func fingerprint(into fingerprinter: inout Fingerprinter)
}

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

/// A fixed-width integer that feeds its value, sign- or zero-extended to 64 bits, as one word.
public protocol FingerprintableInteger: FixedWidthInteger, Fingerprintable {}

extension FingerprintableInteger {
  /// Feeds the value extended to 64 bits, so equal values of any width feed the same word.
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    f.combine(word: UInt64(truncatingIfNeeded: self))
  }
}

extension Int: FingerprintableInteger {}
extension Int8: FingerprintableInteger {}
extension Int16: FingerprintableInteger {}
extension Int32: FingerprintableInteger {}
extension Int64: FingerprintableInteger {}
extension UInt: FingerprintableInteger {}
extension UInt8: FingerprintableInteger {}
extension UInt16: FingerprintableInteger {}
extension UInt32: FingerprintableInteger {}
extension UInt64: FingerprintableInteger {}
extension Bool: Fingerprintable {
  @inlinable public func fingerprint(into f: inout Fingerprinter) { f.combine(word: self ? 1 : 0) }
}

extension String: Fingerprintable {
  /// Feeds the UTF-8 bytes, eight at a time, then the length.
  public func fingerprint(into f: inout Fingerprinter) {
    var word: UInt64 = 0
    var count = 0
    for byte in utf8 {
      word = word << 8 | UInt64(byte)
      count += 1
      if count % 8 == 0 {
        f.combine(word: word)
        word = 0
      }
    }
    f.combine(word: word)
    f.combine(word: UInt64(count))
  }
}

extension Optional: Fingerprintable where Wrapped: Fingerprintable {
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    switch self {
    case .none: f.combine(word: 0)
    case .some(let value):
      f.combine(word: 1)
      value.fingerprint(into: &f)
    }
  }
}

extension Array: Fingerprintable where Element: Fingerprintable {
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    f.combine(word: UInt64(count))
    for element in self { element.fingerprint(into: &f) }
  }
}

extension Set: Fingerprintable where Element: Fingerprintable {
  /// Order-independent: the sum of the elements' own fingerprints, so equal sets agree.
  public func fingerprint(into f: inout Fingerprinter) {
    var sum: UInt64 = 0
    for element in self {
      var inner = Fingerprinter()
      element.fingerprint(into: &inner)
      sum &+= inner.finalize()
    }
    f.combine(word: UInt64(count))
    f.combine(word: sum)
  }
}

extension Dictionary: Fingerprintable where Key: Fingerprintable, Value: Fingerprintable {
  /// Order-independent, like `Set`.
  public func fingerprint(into f: inout Fingerprinter) {
    var sum: UInt64 = 0
    for (key, value) in self {
      var inner = Fingerprinter()
      key.fingerprint(into: &inner)
      value.fingerprint(into: &inner)
      sum &+= inner.finalize()
    }
    f.combine(word: UInt64(count))
    f.combine(word: sum)
  }
}

extension RawRepresentable where RawValue: Fingerprintable {
  /// Enums with raw values fingerprint as their raw value.
  public func fingerprint(into f: inout Fingerprinter) { rawValue.fingerprint(into: &f) }
}
