import FaultlineCore

/// The operations of a register or CAS register, on interned values (0 is nil).
public struct RegisterOperation: Sendable, Equatable {
  /// What the operation does.
  public enum Kind: UInt8, Sendable {
    /// Reads `value`.
    case read
    /// Writes `value`.
    case write
    /// Sets `value` to `new` when it equals `expected`.
    case cas
  }

  /// What the operation does.
  public var kind: Kind
  /// The value read or written, or the expected value of a CAS.
  public var value: Int
  /// The new value of a CAS.
  public var new: Int
  /// Whether the output is unknown (the operation timed out).
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: Int, new: Int = 0, unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.new = new
    self.unknown = unknown
  }
}
