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

/// Which failures may happen, each bounded so the state space stays finite.
public struct Faults: Sendable, Equatable {
  /// At most this many crashes in all.
  public var crashes: Int
  /// Whether a crash may strike while a handler sends, leaving any subset of its sends sent.
  public var crashDuringSends: Bool
  /// Whether a crashed process may recover, from its stable storage only.
  public var recovery: Bool

  /// Creates a fault model.
  public init(crashes: Int = 0, crashDuringSends: Bool = false, recovery: Bool = false) {
    self.crashes = max(crashes, 0)
    self.crashDuringSends = crashDuringSends
    self.recovery = recovery
  }

  /// No failures at all.
  public static let none = Faults()
}

/// What each process's failure detector may report.
public enum FailureDetector: Sendable, Equatable {
  /// No failure detector: processes are never told of suspicions.
  case none
  /// Perfect (P): eventually suspects every crashed process and never a live one.
  case perfect
  /// Eventually perfect (◇P): may also suspect live processes, at most `falseSuspicions`
  /// times in all, and may withdraw any suspicion of a live process.
  case eventuallyPerfect(falseSuspicions: Int)
  /// Eventually strong (◇S): like ◇P over the finite prefixes a safety check explores, because
  /// the properties that tell them apart (which suspicions last forever) are liveness ones.
  case eventuallyStrong(falseSuspicions: Int)

  /// The bound on suspicions of live processes.
  public var falseSuspicionBound: Int {
    switch self {
    case .none, .perfect: return 0
    case .eventuallyPerfect(let bound), .eventuallyStrong(let bound): return max(bound, 0)
    }
  }

  /// Whether the detector reports anything at all.
  public var isEnabled: Bool { self != .none }
}

/// A message in flight: who sent it, to whom, and what it says.
public struct Envelope<Message: Hashable & Sendable & Fingerprintable & Comparable>: Hashable, Sendable,
  Comparable, Fingerprintable, CustomStringConvertible
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

  /// Orders by channel, then message: the canonical order of unordered networks.
  @inlinable public static func < (a: Envelope, b: Envelope) -> Bool {
    if a.from != b.from { return a.from < b.from }
    if a.to != b.to { return a.to < b.to }
    return a.message < b.message
  }

  /// Whether two envelopes travel on the same channel.
  @inlinable public func sameChannel(as other: Envelope) -> Bool { from == other.from && to == other.to }

  /// Feeds the channel and the message.
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    f.combine(word: UInt64(truncatingIfNeeded: from) << 32 | UInt64(truncatingIfNeeded: to) & 0xFFFF_FFFF)
    message.fingerprint(into: &f)
  }

  /// `p0→p1: message`.
  public var description: String { "p\(from)→p\(to): \(message)" }
}
