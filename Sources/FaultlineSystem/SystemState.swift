import FaultlineConsistency
import FaultlineCore

/// A state of a whole distributed system: every process's local state and what the
/// environment knows about it (crashes, storage, timers, suspicions), the network's contents,
/// the fault budgets spent, and everything the processes have made visible.
public struct SystemState<P: SystemProcess>: Hashable, Sendable, Fingerprintable {
  /// Each process's local state; a crashed process keeps its last one, unused until recovery.
  public var locals: [P.LocalState]
  /// The processes that are down.
  public var crashed: ProcessSet
  /// Each process's stable storage, nil before its first write.
  public var stable: [P.Stable?]
  /// The messages in flight, in the network's canonical order (see `NetworkSemantics`).
  public var network: [Envelope<P.Message>]
  /// Each process's set timers, sorted.
  public var timers: [[P.Timer]]
  /// What each process's failure detector suspects.
  public var suspected: [ProcessSet]
  /// For each process, the processes its links are cut from.
  public var cutLinks: [ProcessSet]
  /// Crashes so far.
  public var crashesUsed: Int
  /// Suspicions of live processes so far.
  public var falseSuspicionsUsed: Int
  /// Link cuts and heals so far.
  public var partitionEventsUsed: Int
  /// Each process's outputs (decisions, deliveries, views), in the order it made them; they
  /// survive crashes, because the world has seen them.
  public var outputs: [[SystemOutput<P.Value>]]
  /// Client invocations and responses, in the order they happened across the system.
  public var history: [HistoryEvent<P.Value>]

  /// Creates the state of `count` processes before anything has happened.
  @inlinable init(locals: [P.LocalState]) {
    let count = locals.count
    self.locals = locals
    crashed = ProcessSet()
    stable = Array(repeating: nil, count: count)
    network = []
    timers = Array(repeating: [], count: count)
    suspected = Array(repeating: ProcessSet(), count: count)
    cutLinks = Array(repeating: ProcessSet(), count: count)
    crashesUsed = 0
    falseSuspicionsUsed = 0
    partitionEventsUsed = 0
    outputs = Array(repeating: [], count: count)
    history = []
  }

  /// The number of processes.
  @inlinable public var processCount: Int { locals.count }

  /// The processes that are up.
  @inlinable public var live: ProcessSet { ProcessSet.all(locals.count).subtracting(crashed) }

  /// The values `process` has decided, in order.
  @inlinable public func decisions(of process: Int) -> [P.Value] {
    guard outputs.indices.contains(process) else { return [] }
    return outputs[process].compactMap {
      if case .decide(let value) = $0 { return value } else { return nil }
    }
  }

  /// The values `process` has delivered, in order.
  @inlinable public func deliveries(of process: Int) -> [P.Value] {
    guard outputs.indices.contains(process) else { return [] }
    return outputs[process].compactMap {
      if case .deliver(let value) = $0 { return value } else { return nil }
    }
  }

  /// Feeds every part of the state.
  @inlinable public func fingerprint(into f: inout Fingerprinter) {
    f.combine(locals)
    f.combine(crashed)
    f.combine(stable)
    f.combine(network)
    f.combine(timers)
    f.combine(suspected)
    f.combine(cutLinks)
    f.combine(
      word: UInt64(truncatingIfNeeded: crashesUsed) << 42 ^ UInt64(truncatingIfNeeded: falseSuspicionsUsed)
        << 21
        ^ UInt64(truncatingIfNeeded: partitionEventsUsed))
    f.combine(outputs)
    f.combine(history)
  }

  // MARK: - Network operations, shared by every semantics

  /// Adds a sent message, keeping the canonical order: FIFO keeps each channel's messages in
  /// the order sent after channels sorted by (sender, receiver); the others sort by envelope,
  /// and the duplicating network keeps one copy.
  @inlinable mutating func enqueue(_ envelope: Envelope<P.Message>, _ delivery: NetworkSemantics.Delivery) {
    switch delivery {
    case .fifo:
      var index = network.count
      while index > 0, Self.channelAfter(network[index - 1], envelope) { index -= 1 }
      network.insert(envelope, at: index)
    case .unordered:
      var index = network.count
      while index > 0, envelope < network[index - 1] { index -= 1 }
      network.insert(envelope, at: index)
    case .duplicating:
      var index = network.count
      while index > 0, envelope < network[index - 1] { index -= 1 }
      if index > 0 && network[index - 1] == envelope { return }
      network.insert(envelope, at: index)
    }
  }

  /// Whether `a`'s channel sorts after `b`'s.
  @inlinable static func channelAfter(_ a: Envelope<P.Message>, _ b: Envelope<P.Message>) -> Bool {
    a.from != b.from ? a.from > b.from : a.to > b.to
  }

  /// The index of the first message on the channel of `envelope`, if any.
  @inlinable func channelStart(_ envelope: Envelope<P.Message>) -> Int? {
    network.firstIndex { $0.sameChannel(as: envelope) }
  }

  /// The index of `envelope` as the network would hand it over: the head of its channel for
  /// FIFO (offset `position` into the channel for drops), any copy otherwise.
  @inlinable func locate(
    _ envelope: Envelope<P.Message>, position: Int, _ delivery: NetworkSemantics.Delivery
  )
    -> Int?
  {
    switch delivery {
    case .fifo:
      guard let start = channelStart(envelope) else { return nil }
      let index = start + position
      guard network.indices.contains(index), network[index] == envelope else { return nil }
      return index
    case .unordered, .duplicating:
      return network.firstIndex(of: envelope)
    }
  }

  /// Takes `process` down: its timers and suspicions go, and messages addressed to it are lost.
  @inlinable mutating func crash(_ process: Int) {
    crashed.insert(process)
    crashesUsed += 1
    timers[process] = []
    suspected[process] = ProcessSet()
    network.removeAll { $0.to == process }
  }

  /// Removes every message in flight between `a` and `b`, either way.
  @inlinable mutating func dropLink(_ a: Int, _ b: Int) {
    network.removeAll { ($0.from == a && $0.to == b) || ($0.from == b && $0.to == a) }
  }
}
