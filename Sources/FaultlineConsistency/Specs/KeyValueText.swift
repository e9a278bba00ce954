import FaultlineCore

/// A key's value in the key-value spec, as bytes with a polynomial fingerprint.
public struct KeyValueText: Hashable, Sendable {
  /// The UTF-8 bytes.
  public private(set) var bytes: [UInt8]
  /// Σ bytes[i]·B^(n-1-i) mod 2^64.
  private(set) var fingerprint: UInt64
  static let base: UInt64 = 0x100_0000_01B3

  /// Creates a value from text.
  public init(_ text: String) {
    self.init(bytes: Array(text.utf8))
  }

  /// Creates a value from bytes.
  init(bytes: [UInt8]) {
    self.bytes = bytes
    fingerprint = 0
    for byte in bytes { fingerprint = fingerprint &* Self.base &+ UInt64(byte) }
  }

  /// Equal bytes; the fingerprints are compared first because they usually differ.
  public static func == (a: KeyValueText, b: KeyValueText) -> Bool {
    a.fingerprint == b.fingerprint && a.bytes == b.bytes
  }

  /// Hashes the fingerprint only: equal values have equal fingerprints.
  public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}
