import FaultlineConsistency
import FaultlineCore

/// A state of a whole distributed system: every process's local state and what the
/// environment knows about it (crashes, storage, timers, suspicions), the network's contents,
/// the fault budgets spent, and everything the processes have made visible.
///
/// A state is stored as one number per process and one for the environment (see
/// `ProcessSlot`); reading a part looks it up, so states are cheap to copy, compare and keep.
public struct SystemState<P: SystemProcess>: Hashable, @unchecked Sendable, Fingerprintable {
  @usableFromInline var key: SystemKey
  /// The chunk tables of the store's interners (`SystemStore.shared`), which live for the life
  /// of the program: plain pointers, so reading a state touches no reference count.
  @usableFromInline let slots: UnsafeMutablePointer<UnsafeMutablePointer<ProcessSlot<P>>?>
  @usableFromInline let environments: UnsafeMutablePointer<UnsafeMutablePointer<SystemEnvironment<P>>?>
  /// The number of processes.
  public let processCount: Int

  @inlinable init(
    key: SystemKey, slots: UnsafeMutablePointer<UnsafeMutablePointer<ProcessSlot<P>>?>,
    environments: UnsafeMutablePointer<UnsafeMutablePointer<SystemEnvironment<P>>?>, processCount: Int
  ) {
    self.key = key
    self.slots = slots
    self.environments = environments
    self.processCount = processCount
  }

  @inlinable func slot(_ process: Int) -> UnsafeMutablePointer<ProcessSlot<P>> {
    Interner<ProcessSlot<P>>.address(key[process], in: slots)
  }

  @inlinable var environment: UnsafeMutablePointer<SystemEnvironment<P>> {
    Interner<SystemEnvironment<P>>.address(key.environment, in: environments)
  }

  /// Each process's local state; a crashed process keeps its last one, unused until recovery.
  @inlinable public var locals: ProcessLocals<P> { ProcessLocals(self) }
  /// Each process's stable storage, nil before its first write.
  @inlinable public var stable: ProcessColumn<P, P.Stable?> { ProcessColumn(self) { $0.pointee.stable } }
  /// Each process's set timers, sorted.
  @inlinable public var timers: ProcessColumn<P, [P.Timer]> { ProcessColumn(self) { $0.pointee.timers } }
  /// What each process's failure detector suspects.
  @inlinable public var suspected: ProcessColumn<P, ProcessSet> {
    ProcessColumn(self) { $0.pointee.suspected }
  }
  /// Each process's outputs (decisions, deliveries, views), in the order it made them; they
  /// survive crashes, because the world has seen them.
  @inlinable public var outputs: ProcessColumn<P, [SystemOutput<P.Value>]> {
    ProcessColumn(self) { $0.pointee.outputs }
  }
  /// The messages in flight to each process: by sender, then in the order sent on FIFO
  /// networks, sorted otherwise.
  @inlinable public var inboxes: ProcessColumn<P, [Envelope<P.Message>]> {
    ProcessColumn(self) { $0.pointee.inbox }
  }

  /// The messages in flight, channels sorted by (sender, receiver), each in the order sent on
  /// FIFO networks; sorted on the others.
  public var network: [Envelope<P.Message>] {
    var all: [(envelope: Envelope<P.Message>, order: Int)] = []
    for process in 0..<processCount {
      for envelope in slot(process).pointee.inbox { all.append((envelope, all.count)) }
    }
    return all.sorted { a, b in
      if a.envelope.from != b.envelope.from { return a.envelope.from < b.envelope.from }
      if a.envelope.to != b.envelope.to { return a.envelope.to < b.envelope.to }
      return a.order < b.order
    }.map(\.envelope)
  }

  /// Whether no message is in flight. On the duplicating network a message once sent stays in
  /// flight for good (the network is a set that only grows), so this is false from the first
  /// send: a property that waits for an empty network never applies there.
  @inlinable public var networkIsEmpty: Bool {
    (0..<processCount).allSatisfy { slot($0).pointee.inbox.isEmpty }
  }

  /// The processes that are down.
  @inlinable public var crashed: ProcessSet { environment.pointee.crashed }
  /// For each process, the processes its links are cut from.
  @inlinable public var cutLinks: [ProcessSet] { environment.pointee.cutLinks }
  /// Crashes so far.
  @inlinable public var crashesUsed: Int { environment.pointee.crashesUsed }
  /// Suspicions of live processes so far.
  @inlinable public var falseSuspicionsUsed: Int { environment.pointee.falseSuspicionsUsed }
  /// Link cuts and heals so far.
  @inlinable public var partitionEventsUsed: Int { environment.pointee.partitionEventsUsed }
  /// Client invocations and responses, in the order they happened across the system.
  @inlinable public var history: [HistoryEvent<P.Value>] { environment.pointee.history }

  /// The processes that are up.
  @inlinable public var live: ProcessSet { ProcessSet.all(processCount).subtracting(crashed) }

  /// The values `process` has decided, in order.
  @inlinable public func decisions(of process: Int) -> [P.Value] {
    guard process >= 0 && process < processCount else { return [] }
    return slot(process).pointee.outputs.compactMap {
      if case .decide(let value) = $0 { return value } else { return nil }
    }
  }

  /// The values `process` has delivered, in order.
  @inlinable public func deliveries(of process: Int) -> [P.Value] {
    guard process >= 0 && process < processCount else { return [] }
    return slot(process).pointee.outputs.compactMap {
      if case .deliver(let value) = $0 { return value } else { return nil }
    }
  }

  /// Whether every decision of `process` equals `first`, the first decision seen so far
  /// (which it sets when it is nil); for agreement checks that allocate nothing.
  @inlinable public func decisionsAgree(_ process: Int, with first: inout P.Value?) -> Bool {
    guard process >= 0 && process < processCount else { return true }
    return withOutputs(of: process) { outputs in
      for case .decide(let value) in outputs {
        if let first {
          if first != value { return false }
        } else {
          first = value
        }
      }
      return true
    }
  }

  /// How many times `process` has decided.
  @inlinable public func decisionCount(of process: Int) -> Int {
    guard process >= 0 && process < processCount else { return 0 }
    return withOutputs(of: process) { outputs in
      var count = 0
      for case .decide in outputs { count += 1 }
      return count
    }
  }

  /// Calls `body` with the outputs of `process` in place, without copying them: the way for
  /// properties checked in every state to read outputs cheaply.
  @inlinable public func withOutputs<R>(
    of process: Int, _ body: (UnsafeBufferPointer<SystemOutput<P.Value>>) throws -> R
  ) rethrows -> R {
    try slot(process).pointee.outputs.withUnsafeBufferPointer(body)
  }

  @inlinable public static func == (a: SystemState, b: SystemState) -> Bool { a.key == b.key }

  @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(key.fingerprint) }

  /// Feeds the state's numbers: equal states, equal numbers (within one program run).
  @inlinable public func fingerprint(into f: inout Fingerprinter) { f.combine(word: key.fingerprint) }
}

/// One part of every process's state, as a collection indexed by process number.
public struct ProcessColumn<P: SystemProcess, Element>: RandomAccessCollection {
  @usableFromInline let state: SystemState<P>
  @usableFromInline let read: (UnsafeMutablePointer<ProcessSlot<P>>) -> Element

  @inlinable init(
    _ state: SystemState<P>, _ read: @escaping (UnsafeMutablePointer<ProcessSlot<P>>) -> Element
  ) {
    self.state = state
    self.read = read
  }

  /// 0.
  @inlinable public var startIndex: Int { 0 }
  /// The number of processes.
  @inlinable public var endIndex: Int { state.processCount }
  /// The part of process `process`.
  @inlinable public subscript(_ process: Int) -> Element {
    precondition(process >= 0 && process < state.processCount, "no process \(process)")
    return read(state.slot(process))
  }
}

/// Every process's local state, as a collection indexed by process number: read in place, with
/// no function value in between, so that a property matching on one part of a local state
/// copies nothing else.
public struct ProcessLocals<P: SystemProcess>: RandomAccessCollection {
  @usableFromInline let state: SystemState<P>

  @inlinable init(_ state: SystemState<P>) { self.state = state }

  /// 0.
  @inlinable public var startIndex: Int { 0 }
  /// The number of processes.
  @inlinable public var endIndex: Int { state.processCount }
  /// The local state of process `process`.
  @inlinable public subscript(_ process: Int) -> P.LocalState {
    precondition(process >= 0 && process < state.processCount, "no process \(process)")
    return state.slot(process).pointee.local
  }
}
