import FaultlineCore

/// A client's invocation or the response it received, in the order they happened system-wide.
public struct HistoryEvent<Value: Hashable & Sendable & Fingerprintable & Comparable>: Hashable, Sendable,
  Fingerprintable, CustomStringConvertible
{
  /// The client process.
  public var client: Int
  /// True for an invocation, false for a response.
  public var isInvocation: Bool
  /// The operation invoked, or the result returned.
  public var value: Value

  /// Creates an event.
  public init(client: Int, isInvocation: Bool, value: Value) {
    self.client = client
    self.isInvocation = isInvocation
    self.value = value
  }

  /// Feeds the client, the kind and the value.
  public func fingerprint(into f: inout Fingerprinter) {
    f.combine(client)
    f.combine(isInvocation)
    f.combine(value)
  }

  /// `p2 invokes write(1)` or `p2 gets ok`.
  public var description: String { described(naming: { "p\($0)" }) }

  /// The same, with the client called what `name` calls its process (`c0 invokes write(1)`).
  public func described(naming name: (Int) -> String) -> String {
    "\(name(client)) \(isInvocation ? "invokes" : "gets") \(value)"
  }
}
