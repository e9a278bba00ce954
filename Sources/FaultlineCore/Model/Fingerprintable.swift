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
