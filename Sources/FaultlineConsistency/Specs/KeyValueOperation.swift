import FaultlineCore

/// A key-value operation on one key: get, put, append (Porcupine's model), on interned values.
public struct KeyValueOperation: Sendable, Equatable {
  /// What the operation does.
  public enum Kind: UInt8, Sendable {
    /// Reads the value ("" when missing).
    case get
    /// Sets the value.
    case put
    /// Appends to the value.
    case append
  }

  /// What the operation does.
  public var kind: Kind
  /// The interned value read, put or appended.
  public var value: Int
  /// Whether the output is unknown.
  public var unknown: Bool

  /// Creates an operation.
  public init(_ kind: Kind, _ value: Int, unknown: Bool = false) {
    self.kind = kind
    self.value = value
    self.unknown = unknown
  }
}
