import FaultlineConsistency
import FaultlineCore

/// A map of system states onto representatives, applied to every state the system reaches, for
/// data the protocol never reads as numbers: ballot numbers a protocol only compares can be
/// renamed to the smallest that keep their order, and messages no handler will ever react to
/// can be dropped, so that an unbounded protocol has a finite state space.
///
/// The map is the model author's claim, and a sound one only if every handler commutes with
/// it: for each reachable state `s` and step `a`, the representative of `a`'s successor of `s`
/// is the successor of `s`'s representative by `a` renamed. Then the explored graph is the
/// protocol's graph up to the renaming, its paths replay, and a cycle in it is a behaviour of
/// the protocol that repeats for ever (with the renamed data growing). Symmetry reduction is not
/// combined with it (`System` refuses both). The `paxos` model's `dueling-proposers` variant
/// argues its map in docs/models.md.
public struct StateAbstraction<P: SystemProcess>: Sendable {
  /// Rewrites a state's parts in place onto its representative.
  public let rewrite: @Sendable (inout SystemStateParts<P>) -> Void
  /// What the rewrite does to a state a step reached, in a few words for counterexamples
  /// ("ballots 2, 3 renamed 0, 1"), or nil when nothing worth saying; the report appends it to
  /// the step, whose changes would otherwise read as the step's own.
  public let note: (@Sendable (SystemStateParts<P>) -> String?)?

  /// Creates an abstraction from its rewrite and, optionally, what to say about it.
  @inlinable
  public init(
    note: (@Sendable (SystemStateParts<P>) -> String?)? = nil,
    _ rewrite: @escaping @Sendable (inout SystemStateParts<P>) -> Void
  ) {
    self.rewrite = rewrite
    self.note = note
  }
}

/// The parts of a system state that a `StateAbstraction` reads and may rewrite: each process's
/// local state, stable storage and messages in flight to it. The rest (outputs, timers,
/// suspicions, crashes, budgets) is read-only or left as it is.
public struct SystemStateParts<P: SystemProcess>: Sendable {
  /// Creates the parts of a state.
  @inlinable public init(
    locals: [P.LocalState], stable: [P.Stable?], inboxes: [[Envelope<P.Message>]],
    outputs: [[SystemOutput<P.Value>]], crashed: ProcessSet
  ) {
    self.locals = locals
    self.stable = stable
    self.inboxes = inboxes
    self.outputs = outputs
    self.crashed = crashed
  }

  /// Each process's local state.
  public var locals: [P.LocalState]
  /// Each process's stable storage, nil before its first write.
  public var stable: [P.Stable?]
  /// The messages in flight to each process; the network's order is restored afterwards.
  public var inboxes: [[Envelope<P.Message>]]
  /// Each process's outputs, read-only.
  public let outputs: [[SystemOutput<P.Value>]]
  /// The processes that are down.
  public let crashed: ProcessSet

  /// The number of processes.
  @inlinable public var processCount: Int { locals.count }
}

extension System {
  /// `state` mapped by the system's abstraction, if it has one.
  @inlinable func abstracted(_ state: State) -> State {
    abstraction == nil ? state : representative(of: state)
  }

  /// The representative of `state` under the system's abstraction (`state` itself without one),
  /// remembered per search thread. Inlinable, so that it is specialised for the model's
  /// processes: run generic, it spends its time in the runtime's metadata lookups.
  @inlinable public func representative(of state: State) -> State {
    guard let abstraction else { return state }
    if let known = cache?.representatives[state.key] { return self.state(known) }
    let slots = (0..<processes.count).map { state.slot($0).pointee }
    var parts = self.parts(of: slots, crashed: state.crashed)
    abstraction.rewrite(&parts)
    var key = state.key
    for process in 0..<processes.count {
      var slot = slots[process]
      slot.local = parts.locals[process]
      slot.stable = parts.stable[process]
      slot.inbox = []
      for envelope in parts.inboxes[process] { slot.enqueue(envelope, network.delivery) }
      if slot != slots[process] { key[process] = store.number(of: slot) }
    }
    cache?.representatives[state.key] = key
    return self.state(key)
  }

  /// The parts of the state whose slots are `slots`.
  @inlinable func parts(of slots: [ProcessSlot<P>], crashed: ProcessSet) -> SystemStateParts<P> {
    var locals: [P.LocalState] = []
    locals.reserveCapacity(slots.count)
    var stable: [P.Stable?] = []
    stable.reserveCapacity(slots.count)
    var inboxes: [[Envelope<P.Message>]] = []
    inboxes.reserveCapacity(slots.count)
    var outputs: [[SystemOutput<P.Value>]] = []
    outputs.reserveCapacity(slots.count)
    for slot in slots {
      locals.append(slot.local)
      stable.append(slot.stable)
      inboxes.append(slot.inbox)
      outputs.append(slot.outputs)
    }
    return SystemStateParts(
      locals: locals, stable: stable, inboxes: inboxes, outputs: outputs, crashed: crashed)
  }

  /// What the abstraction's note says about `state`, a state a step reached before the rewrite.
  @usableFromInline func abstractionNote(for state: State) -> String? {
    guard let note = abstraction?.note else { return nil }
    return note(parts(of: (0..<processes.count).map { state.slot($0).pointee }, crashed: state.crashed))
  }
}
