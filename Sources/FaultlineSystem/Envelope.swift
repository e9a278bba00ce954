import FaultlineConsistency
import FaultlineCore

/// A message in flight: who sent it, to whom, and what it says.
public struct Envelope<Message: Hashable & Sendable & Comparable>: Hashable, Sendable, Comparable,
  CustomStringConvertible
{
  /// The sender.
  public var from: Int
  /// The receiver.
  public var to: Int
  /// The message.
  public var message: Message

  /// Creates an envelope.
  @inlinable public init(from: Int, to: Int, message: Message) {
    self.from = from
    self.to = to
    self.message = message
  }

  /// Whether two envelopes carry the same message on the same channel.
  @inlinable public static func == (a: Envelope, b: Envelope) -> Bool {
    a.from == b.from && a.to == b.to && a.message == b.message
  }

  /// Feeds the channel and the message.
  @inlinable public func hash(into hasher: inout Hasher) {
    hasher.combine(from &<< 32 | to)
    hasher.combine(message)
  }

  /// Orders by channel, then message: the canonical order of unordered networks.
  @inlinable public static func < (a: Envelope, b: Envelope) -> Bool {
    if a.from != b.from { return a.from < b.from }
    if a.to != b.to { return a.to < b.to }
    return a.message < b.message
  }

  /// Whether two envelopes travel on the same channel.
  @inlinable public func sameChannel(as other: Envelope) -> Bool { from == other.from && to == other.to }

  /// `p0→p1: message`.
  public var description: String { "p\(from)→p\(to): \(message)" }
}

extension Envelope: Fingerprintable where Message: Fingerprintable {
  /// Feeds the channel and the message.
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    f.combine(word: UInt64(truncatingIfNeeded: from) << 32 | UInt64(truncatingIfNeeded: to) & 0xFFFF_FFFF)
    message.fingerprint(into: &f)
  }
}
