import FaultlineConsistency
import FaultlineCore

/// A distributed system of processes over a network with chosen semantics and faults: a
/// `Model` whose steps are handlers running atomically and environment events (crashes,
/// losses, partitions, failure-detector reports).
///
/// ```swift
/// let system = try System(
///   processes: [Pinger(), Pinger()], network: .fifo, faults: Faults(crashes: 1),
///   properties: [SystemProperties.agreement()])
/// let exploration = try Explorer(system).run()
/// ```
public struct System<P: SystemProcess>: Model {
  /// A state of the whole system.
  public typealias State = SystemState<P>
  /// A step of the whole system.
  public typealias Action = SystemAction<P>

  /// The processes, by number; a process's number is its index.
  public let processes: [P]
  /// How the network carries messages.
  public let network: NetworkSemantics
  /// Which failures may happen.
  public let faults: Faults
  /// What failure detectors report.
  public let detector: FailureDetector
  /// The properties every exploration checks.
  public let properties: [Property<SystemState<P>>]
  /// The renamings of interchangeable processes that symmetry reduction folds together; just
  /// the identity when symmetry is off.
  public let symmetries: [ProcessPermutation]

  /// The largest group of interchangeable processes symmetry reduction accepts (8! renamings).
  public static var maximumSymmetricProcesses: Int { 8 }

  /// Creates a system; throws when it has no processes or too many for `ProcessSet`, or
  /// asks for symmetry over more than `maximumSymmetricProcesses` processes.
  ///
  /// `symmetric` lists processes that are interchangeable: same code, same parameters, and a
  /// protocol that treats them alike. With it, states equal up to renaming those processes
  /// count once, so the explorer counts orbits; paths still replay as concrete steps.
  public init(
    processes: [P], network: NetworkSemantics, faults: Faults = .none, detector: FailureDetector = .none,
    symmetric: [Int] = [], properties: [Property<SystemState<P>>] = []
  ) throws(FaultlineError) {
    guard !processes.isEmpty, processes.count <= ProcessSet.capacity else {
      throw .invalidModel("a system needs 1 to \(ProcessSet.capacity) processes, not \(processes.count)")
    }
    let movable = Array(Set(symmetric.filter { processes.indices.contains($0) })).sorted()
    guard movable.count <= Self.maximumSymmetricProcesses else {
      throw .invalidModel(
        "symmetry over \(movable.count) processes is too costly (at most \(Self.maximumSymmetricProcesses))")
    }
    self.processes = processes
    self.network = network
    self.faults = faults
    self.detector = detector
    self.properties = properties
    symmetries = ProcessPermutation.all(count: processes.count, permuting: movable)
  }

  /// The one initial state: every process started, its start-up effects applied in order.
  public var initialStates: [State] {
    var contexts: [Context<P>] = []
    var locals: [P.LocalState] = []
    for (id, process) in processes.enumerated() {
      var context = Context<P>(id: id, processCount: processes.count)
      locals.append(process.start(&context))
      contexts.append(context)
    }
    var state = State(locals: locals)
    for (id, context) in contexts.enumerated() {
      apply(context, of: id, local: locals[id], keeping: nil, to: &state)
    }
    return [state]
  }

  // MARK: - Enabled actions

  /// Every enabled step, in a fixed order: deliveries, timers, choices, detector reports,
  /// losses, crashes, recoveries, link cuts and heals.
  @inlinable
  public func actions(from state: State, into actions: inout [Action]) {
    let live = state.live
    for index in state.network.indices {
      let envelope = state.network[index]
      if index > 0 {
        let previous = state.network[index - 1]
        // FIFO delivers only each channel's head; the others deliver each distinct message once.
        if network.delivery == .fifo ? previous.sameChannel(as: envelope) : previous == envelope { continue }
      }
      if live.contains(envelope.to) { addHandle(.deliver(envelope), in: state, into: &actions) }
    }
    for process in live.members {
      for timer in state.timers[process] {
        addHandle(.fire(process: process, timer: timer), in: state, into: &actions)
      }
    }
    for process in live.members {
      let context = Context<P>(
        id: process, processCount: processes.count, suspected: state.suspected[process],
        stable: state.stable[process])
      for choice in processes[process].choices(in: state.locals[process], context) {
        addHandle(.choose(process: process, choice: choice), in: state, into: &actions)
      }
    }
    if detector.isEnabled {
      let canSuspectLive = state.falseSuspicionsUsed < detector.falseSuspicionBound
      for observer in live.members {
        for target in 0..<processes.count where target != observer {
          let suspects = state.suspected[observer].contains(target)
          if !suspects && (state.crashed.contains(target) || canSuspectLive) {
            addHandle(.suspect(observer: observer, target: target), in: state, into: &actions)
          } else if suspects && live.contains(target) {
            addHandle(.trust(observer: observer, target: target), in: state, into: &actions)
          }
        }
      }
    }
    if network.lossy {
      var position = 0
      for index in state.network.indices {
        let envelope = state.network[index]
        if index > 0 {
          let previous = state.network[index - 1]
          if network.delivery == .fifo {
            position = previous.sameChannel(as: envelope) ? position + 1 : 0
          } else if previous == envelope {
            continue
          }
        }
        actions.append(.drop(envelope, position: network.delivery == .fifo ? position : 0))
      }
    }
    if state.crashesUsed < faults.crashes {
      for process in live.members where faults.mayCrash(process) { actions.append(.crash(process: process)) }
    }
    if faults.recovery {
      for process in state.crashed.members {
        addHandle(.recover(process: process), in: state, into: &actions)
      }
    }
    if state.partitionEventsUsed < network.partitionEvents {
      for a in 0..<processes.count {
        for b in (a + 1)..<max(processes.count, a + 1) {
          actions.append(state.cutLinks[a].contains(b) ? .heal(a, b) : .cut(a, b))
        }
      }
    }
  }

  /// Appends the event's handler as one atomic step and, when a crash may strike during its
  /// sends, one step for each proper subset of its sends that left before the crash (the
  /// largest subsets first).
  @inlinable
  func addHandle(_ event: SystemEvent<P>, in state: State, into actions: inout [Action]) {
    actions.append(.handle(event, crashKeeping: nil))
    guard faults.crashDuringSends, state.crashesUsed < faults.crashes, faults.mayCrash(event.process),
      let (_, _, context) = run(event, in: state)
    else { return }
    let sends = context.sends.count
    guard sends > 0 else { return }
    if sends <= 12 {
      // Every proper subset: a crash interleaved with independent sends can stop any of them.
      var mask = (UInt64(1) << UInt64(sends)) - 2
      while true {
        actions.append(.handle(event, crashKeeping: mask))
        if mask == 0 { break }
        mask -= 1
      }
    } else {
      // Too many subsets to explore: fall back to the prefixes of the sends, in order.
      for kept in stride(from: sends - 1, through: 0, by: -1) {
        actions.append(.handle(event, crashKeeping: (UInt64(1) << UInt64(kept)) - 1))
      }
    }
  }

  // MARK: - Next state

  /// The state after `action`, or nil when the action is not enabled in `state`.
  @inlinable
  public func successor(of state: State, via action: Action) -> State? {
    switch action {
    case .handle(let event, let keeping):
      if keeping != nil && !faults.mayCrash(event.process) { return nil }
      guard let (reached, local, context) = run(event, in: state) else { return nil }
      var next = reached
      apply(context, of: event.process, local: local, keeping: keeping, to: &next)
      return next
    case .drop(let envelope, let position):
      guard let index = state.locate(envelope, position: position, network.delivery) else { return nil }
      var next = state
      next.network.remove(at: index)
      return next
    case .crash(let process):
      guard state.live.contains(process), state.crashesUsed < faults.crashes, faults.mayCrash(process) else {
        return nil
      }
      var next = state
      next.crash(process)
      return next
    case .cut(let a, let b), .heal(let a, let b):
      guard state.cutLinks.indices.contains(a), state.cutLinks.indices.contains(b),
        state.partitionEventsUsed < network.partitionEvents
      else { return nil }
      var next = state
      next.partitionEventsUsed += 1
      if case .cut = action {
        next.cutLinks[a].insert(b)
        next.cutLinks[b].insert(a)
        next.dropLink(a, b)
      } else {
        next.cutLinks[a].remove(b)
        next.cutLinks[b].remove(a)
      }
      return next
    }
  }

  /// Runs the event's handler: the state with the event consumed, the process's new local
  /// state, and the effects it recorded; nil when the event cannot happen in `state`.
  @inlinable
  func run(_ event: SystemEvent<P>, in state: State) -> (State, P.LocalState, Context<P>)? {
    let process = event.process
    guard processes.indices.contains(process) else { return nil }
    var next = state
    if case .recover = event {
      guard state.crashed.contains(process), faults.recovery else { return nil }
      next.crashed.remove(process)
      var context = Context<P>(id: process, processCount: processes.count, stable: state.stable[process])
      let local = processes[process].recover(&context)
      return (next, local, context)
    }
    guard state.live.contains(process) else { return nil }
    var local = state.locals[process]
    switch event {
    case .deliver(let envelope):
      guard let index = state.locate(envelope, position: 0, network.delivery) else { return nil }
      if network.delivery != .duplicating { next.network.remove(at: index) }
      var context = makeContext(process, next)
      processes[process].receive(envelope.message, from: envelope.from, in: &local, &context)
      return (next, local, context)
    case .fire(_, let timer):
      guard let index = state.timers[process].firstIndex(of: timer) else { return nil }
      next.timers[process].remove(at: index)
      var context = makeContext(process, next)
      processes[process].fire(timer, in: &local, &context)
      return (next, local, context)
    case .choose(_, let choice):
      var context = makeContext(process, next)
      guard processes[process].choices(in: local, context).contains(choice) else { return nil }
      processes[process].take(choice, in: &local, &context)
      return (next, local, context)
    case .suspect(_, let target):
      guard detector.isEnabled, !state.suspected[process].contains(target) else { return nil }
      if !state.crashed.contains(target) {
        guard state.falseSuspicionsUsed < detector.falseSuspicionBound else { return nil }
        next.falseSuspicionsUsed += 1
      }
      next.suspected[process].insert(target)
      var context = makeContext(process, next)
      processes[process].suspicionsChanged(in: &local, &context)
      return (next, local, context)
    case .trust(_, let target):
      guard state.suspected[process].contains(target), state.live.contains(target) else { return nil }
      next.suspected[process].remove(target)
      var context = makeContext(process, next)
      processes[process].suspicionsChanged(in: &local, &context)
      return (next, local, context)
    case .recover:
      return nil
    }
  }

  @inlinable
  func makeContext(_ process: Int, _ state: State) -> Context<P> {
    Context<P>(
      id: process, processCount: processes.count, suspected: state.suspected[process],
      stable: state.stable[process])
  }

  /// Applies a handler's effects for `process` in order; with `keeping` set, only the masked
  /// sends leave and then the process crashes. Sends to crashed processes and over cut links
  /// are lost.
  @inlinable
  func apply(
    _ context: Context<P>, of process: Int, local: P.LocalState, keeping: UInt64?, to state: inout State
  ) {
    state.locals[process] = local
    if context.wroteStable { state.stable[process] = context.stable }
    for change in context.timerChanges {
      let index = state.timers[process].firstIndex { !($0 < change.timer) } ?? state.timers[process].count
      let present = index < state.timers[process].count && state.timers[process][index] == change.timer
      if change.set && !present {
        state.timers[process].insert(change.timer, at: index)
      } else if !change.set && present {
        state.timers[process].remove(at: index)
      }
    }
    state.outputs[process].append(contentsOf: context.outputs)
    state.history.append(contentsOf: context.history)
    for (offset, send) in context.sends.enumerated() {
      if let keeping, offset >= 64 || keeping & (UInt64(1) << UInt64(offset)) == 0 { continue }
      if state.crashed.contains(send.to) || state.cutLinks[process].contains(send.to) { continue }
      state.enqueue(Envelope(from: process, to: send.to, message: send.message), network.delivery)
    }
    if keeping != nil { state.crash(process) }
  }
}
