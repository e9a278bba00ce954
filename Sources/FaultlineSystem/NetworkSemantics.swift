import FaultlineConsistency
import FaultlineCore

/// How the network carries messages between processes.
public struct NetworkSemantics: Sendable, Equatable {
  /// The order and multiplicity of delivery.
  public enum Delivery: String, Sendable, CaseIterable {
    /// Each channel (sender, receiver) delivers in the order sent, each message once.
    case fifo
    /// Any message in flight may be delivered next, each copy once (a multiset).
    case unordered
    /// Messages form a set that only grows: a delivered message may be delivered again, and
    /// sending a message twice is sending it once (the TLA+ message-set style).
    case duplicating
    /// Each channel (sender, receiver) holds at most one message, the last one sent on it:
    /// sending replaces a message still in flight on that channel, which is lost (as a lossy
    /// network may lose it), and delivering empties the channel. Delivery is owed per channel
    /// (`System.actionNumbering()`): a channel that stays non-empty eventually delivers, as
    /// when a sender retransmits its newest message until it gets through.
    case latest
  }

  /// The order and multiplicity of delivery.
  public var delivery: Delivery
  /// Whether any message in flight may be dropped.
  public var lossy: Bool
  /// How many link cuts and heals may happen in all; a cut link loses what is in flight on it
  /// and what is sent over it until it heals.
  public var partitionEvents: Int

  /// Creates network semantics.
  public init(delivery: Delivery, lossy: Bool = false, partitionEvents: Int = 0) {
    self.delivery = delivery
    self.lossy = lossy
    self.partitionEvents = max(partitionEvents, 0)
  }

  /// Reliable, in order per channel.
  public static let fifo = NetworkSemantics(delivery: .fifo)
  /// Reliable, in any order.
  public static let unordered = NetworkSemantics(delivery: .unordered)
  /// A message set that only grows.
  public static let duplicating = NetworkSemantics(delivery: .duplicating)
  /// One message in flight per channel, the newest.
  public static let latest = NetworkSemantics(delivery: .latest)
  /// Unordered, and any message may be lost.
  public static let lossy = NetworkSemantics(delivery: .unordered, lossy: true)
}
