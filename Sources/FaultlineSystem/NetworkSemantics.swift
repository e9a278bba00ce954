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
  /// Unordered, and any message may be lost.
  public static let lossy = NetworkSemantics(delivery: .unordered, lossy: true)
}
