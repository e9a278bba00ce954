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
///
/// The engine keeps each process's part of a state (its `ProcessSlot`: local state, storage,
/// timers, suspicions, outputs and the messages in flight to it) once, numbered, and a state
/// is a vector of those numbers. A handler depends only on its process's slot, so each search
/// thread runs it once per distinct slot and event and remembers the outcome (`SystemCache`).
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
  /// The interchangeable processes that symmetry reduction renames, sorted; empty when
  /// symmetry is off.
  public let symmetricProcesses: [Int]
  /// The map of every reached state onto its representative, if any (`StateAbstraction`).
  public let abstraction: StateAbstraction<P>?

  @usableFromInline let store: SystemStore<P>
  /// This copy's memory of handler outcomes; nil for a copy that may be shared between threads,
  /// which works with a fresh cache on each call.
  @usableFromInline let cache: SystemCache<P>?

  /// The largest group of interchangeable processes symmetry reduction accepts.
  public static var maximumSymmetricProcesses: Int { 8 }

  /// Creates a system; throws when it has no processes or too many for `ProcessSet`, or
  /// asks for symmetry over more than `maximumSymmetricProcesses` processes.
  ///
  /// `symmetric` lists processes that are interchangeable: same code, same parameters, and a
  /// protocol that treats them alike. With it, states equal up to renaming those processes
  /// count once, so the explorer counts orbits; paths still replay as concrete steps.
  /// `abstraction` maps every reached state onto a representative (`StateAbstraction`); it
  /// cannot be combined with symmetry.
  public init(
    processes: [P], network: NetworkSemantics, faults: Faults = .none, detector: FailureDetector = .none,
    symmetric: [Int] = [], properties: [Property<SystemState<P>>] = [],
    abstraction: StateAbstraction<P>? = nil
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
    symmetricProcesses = movable.count > 1 ? movable : []
    self.abstraction = abstraction
    guard abstraction == nil || symmetricProcesses.isEmpty else {
      throw .invalidModel("a state abstraction cannot be combined with symmetry reduction")
    }
    if properties.contains(where: { $0.expectation.isLiveness }) {
      // Fairness names concrete actions, which renaming processes does not respect, and a ◇P or
      // ◇S detector's completeness and eventual accuracy are not yet fairness conditions.
      guard symmetricProcesses.isEmpty else {
        throw .invalidModel("liveness properties cannot be checked with symmetry reduction")
      }
      // ◇S's eventual weak accuracy (some correct process is eventually suspected by none) is
      // kept by the bound alone: with fewer false suspicions than processes that never crash,
      // some correct process cannot be suspected forever. With as many, it could, and a
      // verdict would cover behaviours ◇S excludes.
      if case .eventuallyStrong(let bound) = detector, bound >= processes.count - faults.crashes {
        throw .invalidModel(
          "liveness with a ◇S detector needs fewer false suspicions (\(bound)) than processes that never "
            + "crash (at least \(processes.count - faults.crashes)): with as many, every correct process "
            + "may be suspected forever, which ◇S's eventual weak accuracy excludes")
      }
    }
    store = SystemStore<P>.shared
    cache = nil
  }

  @usableFromInline init(copying system: System, cache: SystemCache<P>?) {
    processes = system.processes
    network = system.network
    faults = system.faults
    detector = system.detector
    properties = system.properties
    symmetricProcesses = system.symmetricProcesses
    abstraction = system.abstraction
    store = system.store
    self.cache = cache
  }

  /// A copy with its own memory of handler outcomes, for one search thread.
  public func worker() -> System { System(copying: self, cache: SystemCache()) }

  /// The one initial state: every process started, its start-up effects applied in order.
  public var initialStates: [State] {
    var slots: [ProcessSlot<P>] = []
    var contexts: [Context<P>] = []
    for (id, process) in processes.enumerated() {
      var context = Context<P>(id: id, processCount: processes.count)
      var slot = ProcessSlot<P>(local: process.start(&context))
      slot.record(context)
      slots.append(slot)
      contexts.append(context)
    }
    var environment = SystemEnvironment<P>(processCount: processes.count)
    for (id, context) in contexts.enumerated() {
      environment.history.append(contentsOf: context.history)
      for send in context.sends {
        slots[send.to].enqueue(Envelope(from: id, to: send.to, message: send.message), network.delivery)
      }
    }
    let key = SystemKey(slots: slots.map { store.number(of: $0) }, environment: store.number(of: environment))
    return [abstracted(state(key))]
  }

  @inlinable func state(_ key: SystemKey) -> State {
    SystemState(
      key: key, slots: store.slots.chunks, environments: store.environments.chunks,
      processCount: processes.count)
  }

  // MARK: - Fairness

  /// What a fair behaviour may not ignore forever while it stays enabled (weak fairness): a
  /// message's delivery to a live process, a set timer, a process's own choices, a crashed
  /// process's recovery (with `Faults.recovery`, processes are eventually up), the withdrawal of
  /// a suspicion, and, with a perfect detector, the suspicion of a crashed process. The
  /// environment is never fair: crashes, crashes in mid-step, losses and partitions may happen
  /// or not, and a cut link may stay cut.
  @inlinable public func fairness(of action: Action) -> Fairness {
    switch action {
    case .handle(let event, let keeping):
      guard keeping == nil else { return .none }
      switch event {
      case .deliver, .fire, .choose, .recover: return .weak
      // ◇P withdraws every false suspicion eventually (eventual strong accuracy); ◇S may keep
      // one forever, as long as some correct process is eventually trusted by all.
      case .trust:
        if case .eventuallyStrong = detector { return .none }
        return .weak
      case .suspect: return detector == .perfect ? .weak : .none
      }
    case .drop, .crash, .cut, .heal: return .none
    }
  }

  /// As `fairness(of:)`, except that every detector eventually suspects a crashed process
  /// (strong completeness), while suspecting a live one is never owed.
  @inlinable public func fairness(of action: Action, in state: State) -> Fairness {
    if case .handle(.suspect(_, let target), nil) = action, detector.isEnabled {
      return state.crashed.contains(target) ? .weak : .none
    }
    return fairness(of: action)
  }

  /// The first live process's bound (`SystemProcess.bound(reachedIn:)`), named.
  @inlinable public func bound(reachedIn state: State) -> String? {
    let crashed = state.crashed
    for process in processes.indices where !crashed.contains(process) {
      if let bound = processes[process].bound(reachedIn: state.locals[process]) {
        return "\(processes[process].name(of: process)): \(bound)"
      }
    }
    return nil
  }

  /// A system may stay forever where only the environment could act: a crash, a loss or a
  /// partition may never happen.
  @inlinable public var stuttersWithoutFairSteps: Bool { true }

  // MARK: - Packed frontier

  /// A state packs into its processes' slot numbers and its environment's number: one word
  /// per process (the first 14, then one for the rest) and one for the environment.
  @inlinable public var packedStateWords: Int {
    min(processes.count, SystemKey.inlineSlots) + (processes.count > SystemKey.inlineSlots ? 1 : 0) + 1
  }

  /// Writes the state's numbers, the lanes of its key that the system uses.
  @inlinable public func pack(_ state: State, into words: UnsafeMutablePointer<UInt32>) {
    let lanes = state.key.lanes
    let used = packedStateWords - 1
    for lane in 0..<used { words[lane] = lanes[lane] }
    words[used] = lanes[15]
  }

  /// The state whose numbers `pack(_:into:)` wrote.
  @inlinable public func unpack(_ words: UnsafePointer<UInt32>) -> State {
    var lanes = SIMD16<UInt32>(repeating: 0)
    let used = packedStateWords - 1
    for lane in 0..<used { lanes[lane] = words[lane] }
    lanes[15] = words[used]
    return state(SystemKey(lanes: lanes))
  }

  // MARK: - Enabled actions

  /// Every enabled step, in a fixed order: deliveries, timers, choices, detector reports,
  /// losses, crashes, recoveries, link cuts and heals.
  @inlinable
  public func actions(from state: State, into actions: inout [Action]) {
    let cache = self.cache ?? SystemCache()
    forEachHandlerEvent(in: state, cache) { index, process in
      addHandle(index, of: process, in: state, cache, into: &actions)
    }
    environmentActions(from: state, into: &actions)
  }

  /// Each step's index among those `actions(from:into:)` lists and its successor, worked out
  /// from the cached handler outcomes without listing the handlers' steps as actions.
  @inlinable
  public func forEachSuccessor(
    of state: State, scratch actions: inout [Action], _ body: (_ choice: Int, _ successor: State) -> Void
  ) -> Int {
    forEachStep(of: state, scratch: &actions, labelling: nil) { choice, successor, _ in
      body(choice, successor)
    }
  }

  /// As `forEachSuccessor(of:scratch:_:)`, with each step's fair action number: a handler
  /// event's step is numbered once and its number kept in the cache (its fairness depends on
  /// the event alone), the environment's steps are numbered as they come.
  @inlinable
  public func forEachSuccessor(
    of state: State, scratch actions: inout [Action], fairActions: inout FairActionTable<Action>,
    _ body: (_ choice: Int, _ successor: State, _ fairAction: Int32) -> Void
  ) -> Int {
    withUnsafeMutablePointer(to: &fairActions) { table in
      forEachStep(of: state, scratch: &actions, labelling: table, body)
    }
  }

  /// The one walk behind both `forEachSuccessor`s: each step's choice and successor, and its
  /// number in `table` (-1 for a step that is not fair, and for every step without a table).
  @inlinable
  func forEachStep(
    of state: State, scratch actions: inout [Action],
    labelling table: UnsafeMutablePointer<FairActionTable<Action>>?,
    _ body: (_ choice: Int, _ successor: State, _ fairAction: Int32) -> Void
  ) -> Int {
    /// The number of `action`, taken from `state`, in the table.
    func number(_ action: Action) -> Int32 {
      table?.pointee.number(of: action, fairness: fairness(of: action, in: state)) ?? -1
    }
    guard let cache else {
      actions.removeAll(keepingCapacity: true)
      self.actions(from: state, into: &actions)
      for choice in actions.indices {
        if let successor = successor(of: state, via: actions[choice]) {
          body(choice, successor, number(actions[choice]))
        }
      }
      return actions.count
    }
    if let table, cache.fairNumbersTable != table.pointee.identity {
      cache.fairNumbersTable = table.pointee.identity
      cache.fairNumbers.removeAll(keepingCapacity: true)
    }
    var choice = 0
    forEachHandlerEvent(in: state, cache) { index, process in
      var label: Int32 = -1
      if table != nil {
        if index >= cache.fairNumbers.count {
          cache.fairNumbers.append(
            contentsOf: repeatElement(Int32.min, count: cache.events.count - cache.fairNumbers.count))
        }
        label = cache.fairNumbers[index]
        if label == Int32.min {
          label = number(.handle(cache.events[index], crashKeeping: nil))
          cache.fairNumbers[index] = label
        }
      }
      body(choice, abstracted(handled(index, of: process, keeping: nil, in: state, cache)), label)
      choice += 1
      guard mayCrashMidStep(process, in: state) else { return }
      let sends = Int(outcome(index, of: process, slot: state.key[process], cache).sendsCount)
      // A crash in mid-step is the environment's, never fair.
      forEachCrashMask(sends: sends) { mask in
        body(choice, abstracted(handled(index, of: process, keeping: mask, in: state, cache)), -1)
        choice += 1
      }
    }
    actions.removeAll(keepingCapacity: true)
    environmentActions(from: state, into: &actions)
    for offset in actions.indices {
      if let successor = successor(of: state, via: actions[offset]) {
        body(choice + offset, successor, number(actions[offset]))
      }
    }
    return choice + actions.count
  }

  /// Calls `body` with the index in `cache.events` and the process of every event the live
  /// processes' slots enable by themselves, in action order: every process's deliveries, then
  /// every process's timers, then every process's choices.
  @inlinable
  func forEachHandlerEvent(
    in state: State, _ cache: SystemCache<P>, _ body: (_ index: Int, _ process: Int) -> Void
  ) {
    let count = processes.count
    let live = faults.crashes > 0 ? state.live : ProcessSet.all(count)
    // Each live process's record, looked up once; kept in the cache, since a buffer of its own
    // would be captured with the system by a closure, which copies the system.
    if cache.liveRecords.count < count { cache.liveRecords = Array(repeating: -1, count: count) }
    for process in 0..<count {
      cache.liveRecords[process] =
        live.contains(process) ? record(of: process, state.key[process], cache) : -1
    }
    for phase in 0..<3 {
      for process in 0..<count where cache.liveRecords[process] >= 0 {
        let record = cache.records[Int(cache.liveRecords[process])]
        let range =
          switch phase {
          case 0: record.start..<record.deliveriesEnd
          case 1: record.deliveriesEnd..<record.firesEnd
          default: record.firesEnd..<record.end
          }
        for index in range { body(Int(index), process) }
      }
    }
  }

  /// The steps that depend on the environment: detector reports, losses, crashes, recoveries,
  /// link cuts and heals, in that order.
  @inlinable
  func environmentActions(from state: State, into actions: inout [Action]) {
    let environment = state.environment
    let live = state.live
    let count = processes.count
    if detector.isEnabled {
      let canSuspectLive = environment.pointee.falseSuspicionsUsed < detector.falseSuspicionBound
      for observer in live.members {
        let suspected = state.slot(observer).pointee.suspected
        for target in 0..<count where target != observer {
          let suspects = suspected.contains(target)
          if !suspects && (environment.pointee.crashed.contains(target) || canSuspectLive) {
            addHandle(.suspect(observer: observer, target: target), in: state, into: &actions)
          } else if suspects && live.contains(target) {
            addHandle(.trust(observer: observer, target: target), in: state, into: &actions)
          }
        }
      }
    }
    if network.lossy {
      for process in live.members {
        let inbox = state.slot(process).pointee.inbox
        var position = 0
        for index in inbox.indices {
          if index > 0 {
            let previous = inbox[index - 1]
            if network.delivery == .fifo {
              position = previous.from == inbox[index].from ? position + 1 : 0
            } else if previous == inbox[index] {
              continue
            }
          }
          actions.append(.drop(inbox[index], position: network.delivery == .fifo ? position : 0))
        }
      }
    }
    if environment.pointee.crashesUsed < faults.crashes {
      for process in live.members where faults.mayCrash(process) { actions.append(.crash(process: process)) }
    }
    if faults.recovery {
      for process in environment.pointee.crashed.members where process < count {
        addHandle(.recover(process: process), in: state, into: &actions)
      }
    }
    if environment.pointee.partitionEventsUsed < network.partitionEvents {
      let cutLinks = environment.pointee.cutLinks
      for a in 0..<count {
        for b in (a + 1)..<max(count, a + 1) {
          actions.append(cutLinks[a].contains(b) ? .heal(a, b) : .cut(a, b))
        }
      }
    }
  }

  /// Whether a crash may strike during `process`'s sends in `state`.
  @inlinable func mayCrashMidStep(_ process: Int, in state: State) -> Bool {
    faults.crashDuringSends && state.environment.pointee.crashesUsed < faults.crashes
      && faults.mayCrash(process)
  }

  /// Appends the cached event's handler as one atomic step and its crash variants.
  @inlinable
  func addHandle(
    _ index: Int, of process: Int, in state: State, _ cache: SystemCache<P>, into actions: inout [Action]
  ) {
    let event = cache.events[index]
    actions.append(.handle(event, crashKeeping: nil))
    guard mayCrashMidStep(process, in: state) else { return }
    let outcome = outcome(index, of: process, slot: state.key[process], cache)
    addCrashVariants(event, sends: Int(outcome.sendsCount), into: &actions)
  }

  /// Appends an environment-dependent event's handler and its crash variants.
  @inlinable
  func addHandle(_ event: SystemEvent<P>, in state: State, into actions: inout [Action]) {
    actions.append(.handle(event, crashKeeping: nil))
    guard mayCrashMidStep(event.process, in: state) else { return }
    switch event {
    case .suspect, .trust:
      let cache = self.cache ?? SystemCache()
      let index = detectorEventIndex(event, of: event.process, slot: state.key[event.process], cache)
      addCrashVariants(
        event,
        sends: Int(outcome(index, of: event.process, slot: state.key[event.process], cache).sendsCount),
        into: &actions)
    default:
      guard let (_, _, context) = direct(event, in: state) else { return }
      addCrashVariants(event, sends: context.sends.count, into: &actions)
    }
  }

  /// One step for each proper subset of the handler's sends that left before a crash.
  @inlinable
  func addCrashVariants(_ event: SystemEvent<P>, sends: Int, into actions: inout [Action]) {
    forEachCrashMask(sends: sends) { mask in actions.append(.handle(event, crashKeeping: mask)) }
  }

  /// Calls `body` with the sends that left before a crash, as a mask, for each proper subset of
  /// a handler's `sends` (the largest subsets first); past 12 sends, only the prefixes.
  @inlinable
  func forEachCrashMask(sends: Int, _ body: (UInt64) -> Void) {
    guard sends > 0 else { return }
    if sends <= 12 {
      // Every proper subset: a crash interleaved with independent sends can stop any of them.
      var mask = (UInt64(1) << UInt64(sends)) - 2
      while true {
        body(mask)
        if mask == 0 { break }
        mask -= 1
      }
    } else {
      for kept in stride(from: sends - 1, through: 0, by: -1) { body((UInt64(1) << UInt64(kept)) - 1) }
    }
  }

  // MARK: - Next state

  /// The state after `action`, or nil when the action is not enabled in `state`; with an
  /// abstraction, its representative.
  @inlinable
  public func successor(of state: State, via action: Action) -> State? {
    guard let next = concreteSuccessor(of: state, via: action) else { return nil }
    return abstracted(next)
  }

  /// The state after `action` before any abstraction maps it, or nil when the action is not
  /// enabled in `state`.
  @inlinable
  public func concreteSuccessor(of state: State, via action: Action) -> State? {
    let count = processes.count
    var key = state.key
    let old = state.environment
    var environment: SystemEnvironment<P>? = nil
    switch action {
    case .handle(let event, let keeping):
      let process = event.process
      guard process >= 0 && process < count else { return nil }
      if keeping != nil && !mayCrashMidStep(process, in: state) { return nil }
      let history: [HistoryEvent<P.Value>]
      switch event {
      case .deliver, .fire, .choose:
        guard !old.pointee.crashed.contains(process) else { return nil }
        let cache = self.cache ?? SystemCache()
        let record = cache.records[Int(self.record(of: process, key[process], cache))]
        var found = -1
        for index in Int(record.start)..<Int(record.end) where cache.events[index] == event {
          found = index
          break
        }
        guard found >= 0 else { return nil }
        return handled(found, of: process, keeping: keeping, in: state, cache)
      case .suspect, .trust:
        guard let changed = detectorChange(event, in: state) else { return nil }
        let cache = self.cache ?? SystemCache()
        let index = detectorEventIndex(event, of: process, slot: key[process], cache)
        return handled(index, of: process, keeping: keeping, in: state, cache, environment: changed)
      case .recover:
        guard let (slot, changed, context) = direct(event, in: state) else { return nil }
        let sends = context.sends
        let directHistory = context.history
        key[process] = store.number(of: keeping == nil ? slot : slot.crashed)
        environment = changed
        history = directHistory
        let crashed = (changed?.crashed ?? old.pointee.crashed)
        let cut = old.pointee.cutLinks[process]
        for (offset, send) in sends.enumerated() {
          if let keeping, offset >= 64 || keeping & (UInt64(1) << UInt64(offset)) == 0 || send.to == process {
            continue
          }
          if crashed.contains(send.to) || cut.contains(send.to) { continue }
          key[send.to] = arrive(Envelope(from: process, to: send.to, message: send.message), at: key[send.to])
        }
      }
      if !history.isEmpty || keeping != nil {
        var changed = environment ?? old.pointee
        changed.history.append(contentsOf: history)
        if keeping != nil {
          changed.crashed.insert(process)
          changed.crashesUsed += 1
        }
        environment = changed
      }
    case .drop(let envelope, let position):
      guard envelope.to >= 0 && envelope.to < count,
        let slot = transition(.drop(key[envelope.to], envelope, position: position))
      else { return nil }
      key[envelope.to] = slot
    case .crash(let process):
      guard process >= 0 && process < count, !old.pointee.crashed.contains(process),
        old.pointee.crashesUsed < faults.crashes, faults.mayCrash(process),
        let slot = transition(.crash(key[process]))
      else { return nil }
      key[process] = slot
      var changed = old.pointee
      changed.crashed.insert(process)
      changed.crashesUsed += 1
      environment = changed
    case .cut(let a, let b), .heal(let a, let b):
      guard a >= 0, b >= 0, a < count, b < count, a != b,
        old.pointee.partitionEventsUsed < network.partitionEvents
      else { return nil }
      var changed = old.pointee
      changed.partitionEventsUsed += 1
      if case .cut = action {
        changed.cutLinks[a].insert(b)
        changed.cutLinks[b].insert(a)
        guard let slotA = transition(.dropFrom(key[a], sender: b)),
          let slotB = transition(.dropFrom(key[b], sender: a))
        else { return nil }
        key[a] = slotA
        key[b] = slotB
      } else {
        changed.cutLinks[a].remove(b)
        changed.cutLinks[b].remove(a)
      }
      environment = changed
    }
    if let environment { key.environment = store.number(of: environment) }
    return self.state(key)
  }

  /// The state after live `process` handles the cached event at `index`; with `keeping`, it
  /// crashes at the end of the handler and only the sends in that mask leave.
  @inlinable
  func handled(
    _ index: Int, of process: Int, keeping: UInt64?, in state: State, _ cache: SystemCache<P>,
    environment base: SystemEnvironment<P>? = nil
  ) -> State {
    var key = state.key
    let old = state.environment
    let outcome = self.outcome(index, of: process, slot: key[process], cache)
    let slot = keeping == nil ? outcome.slot : crashedSlot(index, of: process, slot: key[process], cache)
    if processes.count <= SystemKey.inlineSlots {
      key.withLanes { slots in
        deliverSends(of: outcome, from: process, slot: slot, keeping, old, cache, slots)
      }
    } else {
      var slots = (0..<processes.count).map { key[$0] }
      slots.withUnsafeMutableBufferPointer { buffer in
        deliverSends(
          of: outcome, from: process, slot: slot, keeping, old, cache, buffer.baseAddress.unsafelyUnwrapped)
      }
      for changed in slots.indices where slots[changed] != key[changed] { key[changed] = slots[changed] }
    }
    if outcome.history >= 0 || keeping != nil || base != nil {
      var changed = base ?? old.pointee
      if outcome.history >= 0 { changed.history.append(contentsOf: cache.histories[Int(outcome.history)]) }
      if keeping != nil {
        changed.crashed.insert(process)
        changed.crashesUsed += 1
      }
      key.environment = store.number(of: changed)
    }
    return self.state(key)
  }

  /// Writes the handling process's new `slot` into `slots` (one number per process) and the
  /// slots its sends arrive in: those `keeping` lets out, to live processes over links not cut.
  @inlinable
  func deliverSends(
    of outcome: HandlerOutcome, from process: Int, slot: UInt32, _ keeping: UInt64?,
    _ old: UnsafeMutablePointer<SystemEnvironment<P>>, _ cache: SystemCache<P>,
    _ slots: UnsafeMutablePointer<UInt32>
  ) {
    slots[process] = slot
    // Reading who is down chases the environment's pointer: not when nothing ever crashes.
    var crashed = faults.crashes > 0 ? old.pointee.crashed : ProcessSet()
    if keeping != nil { crashed.insert(process) }
    // Reading the cut links chases a pointer per environment: not when links are never cut.
    let cut = network.partitionEvents > 0 ? old.pointee.cutLinks[process] : ProcessSet()
    for offset in 0..<Int(outcome.sendsCount) {
      if let keeping, offset >= 64 || keeping & (UInt64(1) << UInt64(offset)) == 0 { continue }
      let target = Int(cache.sendTargets[Int(outcome.sendsStart) + offset])
      if crashed.contains(target) || cut.contains(target) { continue }
      let code = cache.sendCodes[Int(outcome.sendsStart) + offset]
      let arrival = UInt64(slots[target]) << 32 | UInt64(code)
      if let known = cache.arrivals[arrival] {
        slots[target] = known
      } else {
        let next = arrive(cache.envelopes[Int(code)], at: slots[target])
        cache.arrivals[arrival] = next
        slots[target] = next
      }
    }
  }

  // MARK: - Handlers, once per slot

  /// The index in `cache.records` of the events `process`'s slot enables by itself:
  /// deliveries, timers and choices.
  @inlinable
  func record(of process: Int, _ number: UInt32, _ cache: SystemCache<P>) -> Int32 {
    let dense = Int(number)
    if dense < cache.recordBySlot.count {
      let candidate = cache.recordBySlot[dense]
      if candidate >= 0 && cache.records[Int(candidate)].owner == Int32(process) { return candidate }
    }
    let key = SystemCache<P>.recordKey(process: process, slot: number)
    if let known = cache.recordIndex[key] { return known }
    let slot = store.slots.address(number)
    let start = Int32(cache.events.count)
    let inbox = slot.pointee.inbox
    for index in inbox.indices {
      if index > 0 {
        let previous = inbox[index - 1]
        // FIFO delivers only each channel's head; the others deliver each distinct message once.
        if network.delivery == .fifo ? previous.from == inbox[index].from : previous == inbox[index] {
          continue
        }
      }
      cache.events.append(.deliver(inbox[index]))
    }
    let deliveriesEnd = Int32(cache.events.count)
    for timer in slot.pointee.timers { cache.events.append(.fire(process: process, timer: timer)) }
    let firesEnd = Int32(cache.events.count)
    let context = makeContext(process, slot.pointee)
    for choice in processes[process].choices(in: slot.pointee.local, context) {
      cache.events.append(.choose(process: process, choice: choice))
    }
    let end = Int32(cache.events.count)
    cache.outcomes.append(contentsOf: repeatElement(HandlerOutcome(), count: Int(end - start)))
    let index = Int32(cache.records.count)
    cache.records.append(
      SlotRecord(
        owner: Int32(process), start: start, deliveriesEnd: deliveriesEnd, firesEnd: firesEnd, end: end))
    if dense >= cache.recordBySlot.count {
      cache.recordBySlot.append(
        contentsOf: repeatElement(
          -1, count: max(dense + 1, 2 * cache.recordBySlot.count) - cache.recordBySlot.count))
    }
    if cache.recordBySlot[dense] < 0 {
      cache.recordBySlot[dense] = index
    } else {
      cache.recordIndex[key] = index
    }
    return index
  }

  /// What handling the cached event at `index` does.
  @inlinable
  func outcome(_ index: Int, of process: Int, slot number: UInt32, _ cache: SystemCache<P>) -> HandlerOutcome
  {
    let known = cache.outcomes[index]
    if known.slot != HandlerOutcome.unknown { return known }
    var slot = store.slots[number]
    let context = run(cache.events[index], of: process, on: &slot)
    var outcome = HandlerOutcome()
    outcome.slot = store.number(of: slot)
    outcome.sendsStart = Int32(cache.sendCodes.count)
    outcome.sendsCount = Int32(context.sends.count)
    for send in context.sends {
      cache.sendCodes.append(cache.code(of: Envelope(from: process, to: send.to, message: send.message)))
      cache.sendTargets.append(Int32(send.to))
    }
    if !context.history.isEmpty {
      outcome.history = Int32(cache.histories.count)
      cache.histories.append(context.history)
    }
    cache.outcomes[index] = outcome
    return outcome
  }

  /// Runs `process`'s handler of `event`, which its own slot enables (a delivery, a timer, a
  /// choice or a failure detector's report), on `slot`: the event is consumed, the handler's
  /// local state and stable storage written back; the context holds the handler's effects.
  @inlinable
  func run(_ event: SystemEvent<P>, of process: Int, on slot: inout ProcessSlot<P>) -> Context<P> {
    var context = makeContext(process, slot)
    var local = slot.local
    switch event {
    case .deliver(let envelope):
      if network.delivery != .duplicating, let at = slot.locate(envelope, position: 0, network.delivery) {
        slot.inbox.remove(at: at)
      }
      processes[process].receive(envelope.message, from: envelope.from, in: &local, &context)
    case .fire(_, let timer):
      if let at = slot.timers.firstIndex(of: timer) { slot.timers.remove(at: at) }
      processes[process].fire(timer, in: &local, &context)
    case .choose(_, let choice):
      processes[process].take(choice, in: &local, &context)
    case .suspect(_, let target):
      slot.suspected.insert(target)
      context = makeContext(process, slot)
      processes[process].suspicionsChanged(in: &local, &context)
    case .trust(_, let target):
      slot.suspected.remove(target)
      context = makeContext(process, slot)
      processes[process].suspicionsChanged(in: &local, &context)
    case .recover:
      break
    }
    slot.local = local
    slot.record(context)
    return context
  }

  /// The slot after handling the cached event at `index` and crashing at its end.
  @inlinable
  func crashedSlot(_ index: Int, of process: Int, slot number: UInt32, _ cache: SystemCache<P>) -> UInt32 {
    let outcome = outcome(index, of: process, slot: number, cache)
    if outcome.crashedSlot != HandlerOutcome.unknown { return outcome.crashedSlot }
    let crashed = store.number(of: store.slots[outcome.slot].crashed)
    cache.outcomes[index].crashedSlot = crashed
    return crashed
  }

  /// Whether a failure detector's report `event` can happen in `state`: nil when it cannot,
  /// otherwise the environment it leaves, nil inside when it leaves it unchanged (`.some(nil)`).
  @inlinable
  func detectorChange(_ event: SystemEvent<P>, in state: State) -> SystemEnvironment<P>?? {
    let process = event.process
    let old = state.environment.pointee
    let suspected = state.slot(process).pointee.suspected
    switch event {
    case .suspect(_, let target):
      guard detector.isEnabled, !old.crashed.contains(process), !suspected.contains(target),
        target >= 0, target < processes.count, target != process
      else { return nil }
      if old.crashed.contains(target) { return .some(nil) }
      guard old.falseSuspicionsUsed < detector.falseSuspicionBound else { return nil }
      var changed = old
      changed.falseSuspicionsUsed += 1
      return .some(changed)
    case .trust(_, let target):
      guard !old.crashed.contains(process), suspected.contains(target), !old.crashed.contains(target),
        target >= 0, target < processes.count
      else { return nil }
      return .some(nil)
    case .deliver, .fire, .choose, .recover:
      return nil
    }
  }

  /// The index in `cache.events` of a failure detector's report to `process` in the slot
  /// numbered `number`: its handler's outcome depends on the slot alone (the environment's
  /// part, the budget of false suspicions, is `detectorChange`'s), so it is cached as a
  /// delivery's is.
  @inlinable
  func detectorEventIndex(
    _ event: SystemEvent<P>, of process: Int, slot number: UInt32, _ cache: SystemCache<P>
  )
    -> Int
  {
    let (kind, target): (UInt64, Int) =
      switch event {
      case .suspect(_, let target): (1, target)
      case .trust(_, let target): (2, target)
      default: (3, 0)
      }
    let key = UInt64(number) << 14 | kind << 12 | UInt64(process & 63) << 6 | UInt64(target & 63)
    if let known = cache.detectorEvents[key] { return Int(known) }
    let index = cache.events.count
    cache.events.append(event)
    cache.outcomes.append(HandlerOutcome())
    cache.detectorEvents[key] = Int32(index)
    return index
  }

  /// Runs a recovery, whose handler depends on the environment (the process is down): the new
  /// slot, the new environment and the handler's context (its sends, client events and
  /// recorded events); nil when the event cannot
  /// happen in `state`. (Failure-detector reports are cached as deliveries are:
  /// `detectorChange` and `detectorEventIndex`.)
  @inlinable
  func direct(_ event: SystemEvent<P>, in state: State)
    -> (ProcessSlot<P>, SystemEnvironment<P>?, Context<P>)?
  {
    let process = event.process
    let old = state.environment.pointee
    var slot = state.slot(process).pointee
    var environment: SystemEnvironment<P>? = nil
    var context: Context<P>
    var local = slot.local
    switch event {
    case .recover:
      guard old.crashed.contains(process), faults.recovery else { return nil }
      var changed = old
      changed.crashed.remove(process)
      environment = changed
      context = Context<P>(id: process, processCount: processes.count, stable: slot.stable)
      local = processes[process].recover(&context)
    case .deliver, .fire, .choose, .suspect, .trust:
      return nil
    }
    slot.local = local
    slot.record(context)
    return (slot, environment, context)
  }

  /// The slot after `envelope` arrives at the slot numbered `number`.
  @inlinable
  func arrive(_ envelope: Envelope<P.Message>, at number: UInt32) -> UInt32 {
    var slot = store.slots[number]
    slot.enqueue(envelope, network.delivery)
    return store.number(of: slot)
  }

  /// The slot after a change that runs no handler; nil when it does not apply.
  @inlinable
  func transition(_ change: SlotTransition<P>) -> UInt32? {
    if let known = cache?.transitions[change] { return known == .max ? nil : known }
    var result: UInt32? = nil
    switch change {
    case .drop(let number, let envelope, let position):
      var slot = store.slots[number]
      if let at = slot.locate(envelope, position: position, network.delivery) {
        slot.inbox.remove(at: at)
        result = store.number(of: slot)
      }
    case .dropFrom(let number, let sender):
      var slot = store.slots[number]
      slot.inbox.removeAll { $0.from == sender }
      result = store.number(of: slot)
    case .crash(let number):
      result = store.number(of: store.slots[number].crashed)
    }
    cache?.transitions[change] = result ?? .max
    return result
  }

  @inlinable
  func makeContext(_ process: Int, _ slot: ProcessSlot<P>) -> Context<P> {
    Context<P>(id: process, processCount: processes.count, suspected: slot.suspected, stable: slot.stable)
  }
}
