import FaultlineConsistency
import FaultlineCore

/// Everything about one process that only its own steps and messages sent to it change: its
/// local state, storage, timers, suspicions, outputs, and the messages in flight to it.
///
/// The engine numbers distinct slots once (`Interner`), so a system state is a short vector
/// of slot numbers and a handler's effect on a slot is computed once per distinct slot.
@usableFromInline
struct ProcessSlot<P: SystemProcess>: Hashable, Sendable {
  @usableFromInline var local: P.LocalState
  @usableFromInline var stable: P.Stable?
  /// Set timers, sorted.
  @usableFromInline var timers: [P.Timer]
  @usableFromInline var suspected: ProcessSet
  @usableFromInline var outputs: [SystemOutput<P.Value>]
  /// Messages in flight to this process: by sender, then in the order sent for FIFO, sorted
  /// otherwise; the duplicating network keeps one copy of each, the latest network one per sender.
  @usableFromInline var inbox: [Envelope<P.Message>]

  @inlinable static func == (a: ProcessSlot, b: ProcessSlot) -> Bool {
    a.suspected == b.suspected && a.local == b.local && a.inbox == b.inbox && a.outputs == b.outputs
      && a.timers == b.timers && a.stable == b.stable
  }

  @inlinable func hash(into hasher: inout Hasher) {
    hasher.combine(local)
    hasher.combine(suspected.bits)
    hasher.combine(inbox.count)
    for envelope in inbox { hasher.combine(envelope) }
    hasher.combine(outputs.count)
    for output in outputs { hasher.combine(output) }
    hasher.combine(timers.count)
    for timer in timers { hasher.combine(timer) }
    hasher.combine(stable)
  }

  @usableFromInline init(local: P.LocalState) {
    self.local = local
    stable = nil
    timers = []
    suspected = ProcessSet()
    outputs = []
    inbox = []
  }

  /// Adds a message sent to this process, keeping the inbox's canonical order.
  @inlinable mutating func enqueue(_ envelope: Envelope<P.Message>, _ delivery: NetworkSemantics.Delivery) {
    var index = inbox.count
    switch delivery {
    case .fifo:
      while index > 0, inbox[index - 1].from > envelope.from { index -= 1 }
    case .unordered:
      while index > 0, envelope < inbox[index - 1] { index -= 1 }
    case .duplicating:
      while index > 0, envelope < inbox[index - 1] { index -= 1 }
      if index > 0 && inbox[index - 1] == envelope { return }
    case .latest:
      inbox.removeAll { $0.from == envelope.from }
      index = inbox.count
      while index > 0, envelope < inbox[index - 1] { index -= 1 }
    }
    inbox.insert(envelope, at: index)
  }

  /// Records a handler's effects on its own process: storage, timers and outputs. Sends and
  /// client events reach beyond the slot; the engine applies them.
  @inlinable mutating func record(_ context: Context<P>) {
    if context.wroteStable { stable = context.stable }
    for change in context.timerChanges { self.change(change.timer, set: change.set) }
    outputs.append(contentsOf: context.outputs)
  }

  /// The index of `envelope` as the network would hand it over: the head of its sender's
  /// channel for FIFO (offset `position` into the channel, for losses), any copy otherwise.
  @inlinable func locate(
    _ envelope: Envelope<P.Message>, position: Int, _ delivery: NetworkSemantics.Delivery
  )
    -> Int?
  {
    switch delivery {
    case .fifo:
      guard let start = inbox.firstIndex(where: { $0.from == envelope.from }) else { return nil }
      let index = start + position
      guard position >= 0, index < inbox.count, inbox[index] == envelope else { return nil }
      return index
    case .unordered, .duplicating, .latest:
      return inbox.firstIndex(of: envelope)
    }
  }

  /// Applies a timer change: setting a set timer or cancelling an unset one changes nothing.
  @inlinable mutating func change(_ timer: P.Timer, set: Bool) {
    let index = timers.firstIndex { !($0 < timer) } ?? timers.count
    let present = index < timers.count && timers[index] == timer
    if set && !present {
      timers.insert(timer, at: index)
    } else if !set && present {
      timers.remove(at: index)
    }
  }

  /// The slot of a process that just crashed: timers, suspicions and messages to it are gone;
  /// its last local state, storage and outputs remain.
  @inlinable var crashed: ProcessSlot {
    var slot = self
    slot.timers = []
    slot.suspected = ProcessSet()
    slot.inbox = []
    return slot
  }

  /// The slot with every process number renamed, for process `owner` whose code renames its
  /// own values (`SystemProcess.permute`).
  @usableFromInline func renamed(
    by permutation: ProcessPermutation, code: P, delivery: NetworkSemantics.Delivery
  )
    -> ProcessSlot
  {
    var slot = self
    slot.local = code.permute(state: local, by: permutation)
    slot.stable = stable.map { code.permute(stable: $0, by: permutation) }
    slot.suspected = suspected.permuted(by: permutation)
    slot.outputs = outputs.map { output in
      switch output {
      case .decide(let value): return .decide(code.permute(value: value, by: permutation))
      case .broadcast(let value): return .broadcast(code.permute(value: value, by: permutation))
      case .deliver(let value): return .deliver(code.permute(value: value, by: permutation))
      case .install(let view, let members):
        return .install(view: view, members: members.permuted(by: permutation))
      }
    }
    slot.inbox = []
    for envelope in inbox {
      slot.enqueue(
        Envelope(
          from: permutation[envelope.from], to: permutation[envelope.to],
          message: code.permute(message: envelope.message, by: permutation)), delivery)
    }
    return slot
  }
}

/// What the environment knows about the whole system: who is down, which links are cut, the
/// fault budgets spent, and the client history.
@usableFromInline
struct SystemEnvironment<P: SystemProcess>: Hashable, Sendable {
  @usableFromInline var crashed: ProcessSet
  @usableFromInline var cutLinks: [ProcessSet]
  @usableFromInline var crashesUsed: Int
  @usableFromInline var falseSuspicionsUsed: Int
  @usableFromInline var partitionEventsUsed: Int
  @usableFromInline var history: [HistoryEvent<P.Value>]

  @inlinable static func == (a: SystemEnvironment, b: SystemEnvironment) -> Bool {
    a.crashed == b.crashed && a.crashesUsed == b.crashesUsed && a.falseSuspicionsUsed == b.falseSuspicionsUsed
      && a.partitionEventsUsed == b.partitionEventsUsed && a.cutLinks == b.cutLinks && a.history == b.history
  }

  @inlinable func hash(into hasher: inout Hasher) {
    hasher.combine(crashed.bits)
    hasher.combine(crashesUsed &<< 40 ^ falseSuspicionsUsed &<< 20 ^ partitionEventsUsed)
    for link in cutLinks { hasher.combine(link.bits) }
    hasher.combine(history.count)
    for event in history { hasher.combine(event) }
  }

  @usableFromInline init(processCount: Int) {
    crashed = ProcessSet()
    cutLinks = Array(repeating: ProcessSet(), count: processCount)
    crashesUsed = 0
    falseSuspicionsUsed = 0
    partitionEventsUsed = 0
    history = []
  }

  /// The environment with every process number renamed.
  @usableFromInline func renamed(by permutation: ProcessPermutation, codes: [P]) -> SystemEnvironment {
    var environment = self
    environment.crashed = crashed.permuted(by: permutation)
    for old in cutLinks.indices {
      environment.cutLinks[permutation[old]] = cutLinks[old].permuted(by: permutation)
    }
    environment.history = history.map { event in
      HistoryEvent(
        client: permutation[event.client], isInvocation: event.isInvocation,
        value: codes[event.client].permute(value: event.value, by: permutation))
    }
    return environment
  }
}
