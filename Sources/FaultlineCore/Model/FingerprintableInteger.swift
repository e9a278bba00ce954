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
