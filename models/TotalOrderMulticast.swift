import Faultline

/// Total-order multicast by reduction to consensus, driving active replication: Cachin,
/// Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd
/// ed., 2011), algorithm 6.1 "Consensus-Based Total-Order Broadcast", after Chandra and Toueg
/// (1996). Every process runs the same deterministic state machine over the commands it delivers.
///
/// Assumptions (the book's fail-stop model): reliable links, a perfect failure detector, any
/// number of crashes below the number of processes, each possibly in the middle of a step's
/// sends.
///
/// - Process `i` (for `i` below the number of commands) multicasts command `i` once, by lazy
///   reliable broadcast (algorithm 3.2): it sends the command to every other process, and a
///   process that holds a command whose multicaster it suspects relays it to all, once. Commands
///   received and not yet delivered are *unordered*.
/// - Consensus instances 0, 1, 2, ... order the commands in batches. While a process has
///   unordered commands it proposes them to the instance it is in (a process's proposal counts
///   only if no proposal was adopted first). When instance k decides, the process delivers the
///   decided batch's new commands in a fixed order (by number) and moves to instance k + 1.
/// - Each instance is hierarchical uniform consensus (algorithm 5.4), as in `uniform-consensus`:
///   the leader of round r is process r; it sends `Propose(k, batch)` to all and waits for an
///   `Ack` from every process it does not suspect, then sends `Decided` by lazy reliable
///   broadcast (relayed by whoever holds it once the leader is suspected). A process acknowledges a proposal unless it has moved past that round, records
///   it, and adopts it when it moves past the round of a suspected leader.
///
/// Each decision holds a command no earlier instance decided (a proposal is made after
/// delivering every earlier instance, and holds an undelivered command), so the correct protocol
/// needs at most one instance per command.
///
/// Broken variants:
/// - `deliver-on-receipt`: no consensus; a process delivers each command as it receives it.
/// - `non-uniform-consensus`: each instance is hierarchical consensus (algorithm 5.2): the leader
///   decides at once and tells the higher ranks. A leader that decides, delivers and crashes
///   before telling anyone lets the others order the same commands another way.
/// - `ignores-suspicions`: the consensus waits for every process, as if no process could crash.
///   One crash blocks it for ever.
public struct TotalOrderMulticastProcess: SystemProcess {
  /// The protocol's messages.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A multicast command: its multicaster is the process of the same number.
    case command(Int)
    /// The leader of a round of instance `instance` asks all to adopt `batch`.
    case propose(instance: Int, batch: ProcessSet)
    /// The sender has recorded the leader's proposal in instance `instance`.
    case ack(instance: Int)
    /// Instance `instance` decided `batch`: broadcast by `origin`, the leader that decided it
    /// (uniform), or the rank that decided it (non-uniform).
    case decided(instance: Int, batch: ProcessSet, origin: Int)

    var key: (Int, Int, UInt64) {
      switch self {
      case .command(let c): return (0, c, 0)
      case .propose(let k, let batch): return (1, k, batch.bits)
      case .ack(let k): return (2, k, 0)
      case .decided(let k, let batch, let origin): return (3, k | origin << 8, batch.bits)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// Feeds the kind and fields.
    public func fingerprint(into f: inout Fingerprinter) {
      let (tag, x, bits) = key
      f.combine(word: UInt64(truncatingIfNeeded: x) << 2 | UInt64(tag))
      f.combine(word: bits)
    }

    /// `Command(1)`, `Propose(0, {0, 1})`, `Ack(0)`, `Decided(0, {1})`.
    public var description: String {
      switch self {
      case .command(let c): return "Command(\(c))"
      case .propose(let k, let batch): return "Propose(\(k), \(batch))"
      case .ack(let k): return "Ack(\(k))"
      case .decided(let k, let batch, let origin): return "Decided(\(k), \(batch), by p\(origin))"
      }
    }
  }

  /// A process's spontaneous steps.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Multicast its command.
    case multicast
    /// Lead its round of a consensus instance.
    case lead(instance: Int)

    /// `multicasts its command`, `leads instance 0`.
    public var description: String {
      switch self {
      case .multicast: return "multicasts its command"
      case .lead(let k): return "leads instance \(k)"
      }
    }
  }

  /// One consensus instance as one process sees it; batches are never empty, so an empty one
  /// stands for none (⊥).
  public struct Instance: Hashable, Sendable, Fingerprintable {
    /// The round whose leader it follows; it leads when this reaches its own rank.
    public var round = 0
    /// The batch it would propose if it led now; empty for none yet.
    public var proposal = ProcessSet()
    /// The rank whose decision it adopted (non-uniform consensus), -1 for none.
    public var adoptedRank = -1
    /// For each rank, the proposal received from it (uniform consensus); empty for none.
    public var proposed: [ProcessSet] = []
    /// The processes that acknowledged its proposal.
    public var acks = ProcessSet()
    /// The ranks whose decision it received (non-uniform consensus).
    public var heardFrom = ProcessSet()
    /// Whether it has led its round.
    public var led = false
    /// The instance's decision as this process knows it; empty for none yet.
    public var decision = ProcessSet()
    /// The process that broadcast that decision, -1 for none yet.
    public var origin = -1
    /// Whether it has relayed that decision, its origin being suspected (lazy reliable broadcast).
    public var relayed = false

    /// Keeps `batch` as the decision (uniform consensus), and forgets what only a decision-less
    /// instance reads: the proposal, the recorded proposals and the acknowledgements.
    mutating func decide(_ batch: ProcessSet, origin: Int) {
      decision = batch
      self.origin = origin
      proposal = ProcessSet()
      acks = ProcessSet()
      for rank in proposed.indices { proposed[rank] = ProcessSet() }
    }

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(round) | UInt64(adoptedRank + 1) << 8 | UInt64(origin + 1) << 16 | (led ? 1 << 24 : 0)
          | (relayed ? 1 << 25 : 0))
      f.combine(word: proposal.bits | acks.bits << 16 | heardFrom.bits << 32 | decision.bits << 48)
      f.combine(proposed)
    }
  }

  /// What a process remembers; command sets are `ProcessSet`s of command numbers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Whether it has multicast its command.
    public var multicast = false
    /// Commands received by reliable broadcast, delivered or not.
    public var received = ProcessSet()
    /// Multicasters whose commands it has relayed (lazy reliable broadcast).
    public var relayed = ProcessSet()
    /// Commands delivered.
    public var delivered = ProcessSet()
    /// The consensus instance whose decision it waits for.
    public var instance = 0
    /// Every consensus instance it may take part in.
    public var instances: [Instance] = []
    /// The replica's state machine.
    public var machine = 0

    /// Commands received and not yet delivered.
    public var unordered: ProcessSet { received.subtracting(delivered) }

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(instance) | (multicast ? 1 << 8 : 0) | received.bits << 16 | relayed.bits << 32
          | delivered.bits << 48)
      f.combine(word: UInt64(truncatingIfNeeded: machine))
      f.combine(instances)
    }

    /// The instance, unordered and delivered commands, and the machine.
    public var description: String {
      "instance \(instance), unordered \(unordered), delivered \(delivered), machine \(machine)"
    }
  }

  /// Commands are their multicasters' numbers.
  public typealias Value = Int

  /// Which version of the protocol the process runs.
  public let variant: TotalOrderMulticastVariant
  /// The number of commands, multicast by processes 0 to `commands - 1`.
  public let commands: Int

  /// Creates the process code of one variant.
  public init(variant: TotalOrderMulticastVariant, commands: Int) {
    self.variant = variant
    self.commands = commands
  }

  var uniform: Bool { variant != .nonUniformConsensus }
  var detects: Bool { variant != .ignoresSuspicions }

  /// Nothing received or delivered; instance 0; one slot per command for the instances.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    guard variant != .deliverOnReceipt else { return state }
    var instance = Instance()
    if uniform { instance.proposed = Array(repeating: ProcessSet(), count: context.processCount) }
    state.instances = Array(repeating: instance, count: commands)
    return state
  }

  /// The others, but for suspected processes: with a perfect detector they have crashed, and a
  /// message to them would be lost (the `ignores-suspicions` variant sends to all).
  func reachable(_ context: Context<Self>) -> ProcessSet {
    detects ? context.others.subtracting(context.suspected) : context.others
  }

  /// The processes the consensus treats as crashed.
  func suspected(_ context: Context<Self>) -> ProcessSet { detects ? context.suspected : ProcessSet() }

  /// Multicasting once, if it has a command; leading its round in an instance that has a
  /// proposal and no decision.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    var result: [Choice] = []
    if !state.multicast && context.id < commands { result.append(.multicast) }
    for (k, instance) in state.instances.enumerated()
    where instance.round == context.id && !instance.led && !instance.proposal.isEmpty
      && instance.decision.isEmpty
    {
      result.append(.lead(instance: k))
    }
    return result
  }

  /// Multicasts its command, or leads: uniform, by proposing to all and acknowledging itself;
  /// non-uniform, by deciding at once and telling the higher ranks.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch choice {
    case .multicast:
      state.multicast = true
      context.broadcastRequest(context.id)
      context.send(.command(context.id), to: reachable(context))
      if variant == .deliverOnReceipt {
        apply(context.id, to: &state, &context)
      } else {
        state.received.insert(context.id)
        progress(&state, &context)
      }
    case .lead(let k):
      state.instances[k].led = true
      let batch = state.instances[k].proposal
      if uniform {
        state.instances[k].proposed[context.id] = batch
        state.instances[k].acks = ProcessSet([context.id])
        context.send(.propose(instance: k, batch: batch), to: reachable(context))
        decideIfAcknowledged(k, &state, &context)
      } else {
        state.instances[k].decision = batch
        context.send(
          .decided(instance: k, batch: batch, origin: context.id),
          to: ProcessSet((context.id + 1)..<context.processCount).subtracting(context.suspected))
        progress(&state, &context)
      }
    }
  }

  /// Collects commands (relaying a suspected multicaster's), proposals, acknowledgements and
  /// decisions.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .command(let c):
      if variant == .deliverOnReceipt {
        if !state.delivered.contains(c) { apply(c, to: &state, &context) }
        return
      }
      guard !state.received.contains(c) else { return }
      state.received.insert(c)
      relay(&state, &context)
      progress(&state, &context)
    case .propose(let k, let batch):
      // Recorded and acknowledged unless the process has moved past the sender's round (a
      // proposal from a passed round would never be read: it is not kept).
      guard k < state.instances.count, sender >= state.instances[k].round else { return }
      if state.instances[k].decision.isEmpty { state.instances[k].proposed[sender] = batch }
      context.send(.ack(instance: k), to: sender)
    case .ack(let k):
      // Once the instance is decided, nothing reads acknowledgements any more.
      guard k < state.instances.count, state.instances[k].led, state.instances[k].decision.isEmpty else {
        return
      }
      state.instances[k].acks.insert(sender)
      decideIfAcknowledged(k, &state, &context)
    case .decided(let k, let batch, let origin):
      guard k < state.instances.count else { return }
      if uniform {
        // Lazy reliable broadcast: keep the first decision, relayed if its origin is suspected.
        guard state.instances[k].decision.isEmpty else { return }
        state.instances[k].decide(batch, origin: origin)
        relay(&state, &context)
      } else if sender < context.id {
        state.instances[k].heardFrom.insert(sender)
        if sender > state.instances[k].adoptedRank {
          state.instances[k].proposal = batch
          state.instances[k].adoptedRank = sender
        }
      }
      progress(&state, &context)
    }
  }

  /// Relays the commands of newly suspected multicasters, moves past suspected leaders, and lets
  /// a waiting leader stop waiting for crashed processes.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    guard variant != .deliverOnReceipt else { return }
    relay(&state, &context)
    progress(&state, &context)
    if detects { for k in state.instances.indices { decideIfAcknowledged(k, &state, &context) } }
  }

  /// Lazy reliable broadcast (algorithm 3.2): relays, once, each command and each decision it
  /// holds whose broadcaster is suspected.
  func relay(_ state: inout LocalState, _ context: inout Context<Self>) {
    for c in state.received.subtracting(state.relayed).members where context.suspected.contains(c) {
      state.relayed.insert(c)
      context.send(.command(c), to: reachable(context))
    }
    for k in state.instances.indices {
      let instance = state.instances[k]
      guard !instance.relayed, instance.origin >= 0, context.suspected.contains(instance.origin) else {
        continue
      }
      state.instances[k].relayed = true
      context.send(
        .decided(instance: k, batch: instance.decision, origin: instance.origin), to: reachable(context))
    }
  }

  /// Brings the process up to date: moves past the rounds of suspected leaders (or, non-uniform,
  /// of leaders that announced a decision) in every instance, delivers every decided instance in
  /// turn, and proposes its unordered commands to the instance it is in.
  func progress(_ state: inout LocalState, _ context: inout Context<Self>) {
    for k in state.instances.indices { advance(k, &state, context) }
    while state.instance < state.instances.count {
      let k = state.instance
      if state.instances[k].proposal.isEmpty && state.instances[k].decision.isEmpty
        && !state.unordered.isEmpty
      {
        state.instances[k].proposal = state.unordered
      }
      // The decision as the process has it: received or made (uniform), or made when it led
      // (non-uniform, where every process decides in its own round).
      let batch = state.instances[k].decision
      guard !batch.isEmpty else { return }
      for c in batch.subtracting(state.delivered).members { apply(c, to: &state, &context) }
      state.instance += 1
    }
  }

  /// Moves past the rounds of instance `k` whose leader is suspected (or, non-uniform, has
  /// announced a decision); uniform consensus adopts the proposal it recorded from each.
  func advance(_ k: Int, _ state: inout LocalState, _ context: Context<Self>) {
    let suspected = suspected(context)
    while state.instances[k].round < context.id
      && (suspected.contains(state.instances[k].round)
        || state.instances[k].heardFrom.contains(state.instances[k].round))
    {
      let round = state.instances[k].round
      if uniform, !state.instances[k].proposed[round].isEmpty {
        state.instances[k].proposal = state.instances[k].proposed[round]
      }
      state.instances[k].round += 1
      if uniform { state.instances[k].proposed[round] = ProcessSet() }
    }
  }

  /// Once every process acknowledged or is suspected, the uniform leader decides instance `k`
  /// and sends the decision by reliable broadcast.
  func decideIfAcknowledged(_ k: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard uniform, state.instances[k].led, state.instances[k].decision.isEmpty else { return }
    guard
      state.instances[k].acks.union(suspected(context)).isSuperset(of: ProcessSet.all(context.processCount))
    else { return }
    let batch = state.instances[k].proposal
    state.instances[k].decide(batch, origin: context.id)
    context.send(.decided(instance: k, batch: batch, origin: context.id), to: reachable(context))
    progress(&state, &context)
  }

  /// Delivers command `c` and applies it to the replica's state machine.
  func apply(_ c: Int, to state: inout LocalState, _ context: inout Context<Self>) {
    state.delivered.insert(c)
    state.machine = (3 * state.machine + c + 1) % 101
    context.deliver(c)
  }

  /// The instances run out with commands still unordered: only a broken consensus, which
  /// decides differently at different processes, gets here.
  public func bound(reachedIn state: LocalState) -> String? {
    guard variant != .deliverOnReceipt, state.instance == state.instances.count, !state.unordered.isEmpty
    else { return nil }
    return "consensus instances (one per command)"
  }
}

/// Builds the total-order multicast system and its properties.
public enum TotalOrderMulticast {
  /// The most processes the catalogue accepts.
  public static let maxProcesses = 4

  /// `processes` replicas over a reliable reordering network with a perfect failure detector,
  /// at most `crashes` crashes (each possibly in mid-step), and `commands` commands, multicast by
  /// processes 0 to `commands - 1`.
  /// Under an eventually perfect or strong `detector`, or a `network` whose links may be cut, the
  /// algorithm's assumption is broken: the check then shows why it needs P.
  public static func make(
    processes: Int = 2, crashes: Int = 1, commands: Int = 2, variant: TotalOrderMulticastVariant = .consensus,
    detector: FailureDetector = .perfect, network: NetworkSemantics = .unordered
  ) throws(FaultlineError) -> System<TotalOrderMulticastProcess> {
    try DetectorSetting.validate(detector, network: network)
    try MulticastParameters.validate(
      processes: processes, crashes: crashes, commands: commands, most: maxProcesses)
    let goal = goal(commands: commands)
    return try System(
      processes: Array(
        repeating: TotalOrderMulticastProcess(variant: variant, commands: commands), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true),
      // A perfect detector has nothing to report when no process can crash.
      detector: detector == .perfect && crashes == 0 ? .none : detector,
      properties: [
        SystemProperties.totalOrder(),
        SystemProperties.deliversAtMostOnce(),
        SystemProperties.deliversOnlyBroadcast(),
        .always("replicas agree") { state in
          // Replicas that applied the same commands are in the same state.
          var machines: [ProcessSet: Int] = [:]
          for local in state.locals {
            if let other = machines[local.delivered], other != local.machine { return false }
            machines[local.delivered] = local.machine
          }
          return true
        },
        .leadsTo("uniform agreement and validity", { !goal($0) }, goal),
        .sometimes("every command delivered everywhere") { state in
          state.locals.allSatisfy { $0.delivered.count == commands }
        },
      ])
  }

  /// Every process that is up has delivered every command some process delivered (uniform
  /// agreement) and every command an up process multicast (validity). Under crash-stop faults,
  /// "up" at the end of a behaviour is "correct".
  static func goal(commands: Int) -> @Sendable (SystemState<TotalOrderMulticastProcess>) -> Bool {
    { state in
      var owed = ProcessSet()
      for (process, local) in state.locals.enumerated() {
        owed = owed.union(local.delivered)
        if local.multicast && !state.crashed.contains(process) { owed.insert(process) }
      }
      return state.locals.indices.allSatisfy { process in
        state.crashed.contains(process) || state.locals[process].delivered.isSuperset(of: owed)
      }
    }
  }
}

/// The parameters the crash-tolerant multicast models share.
enum MulticastParameters {
  /// Refuses a point outside 2 to `most` processes, fewer crashes than processes, and 1 to
  /// `processes` commands (one per multicasting process).
  static func validate(processes: Int, crashes: Int, commands: Int, most: Int) throws(FaultlineError) {
    guard processes >= 2 && processes <= most else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "2 to \(most)")
    }
    guard crashes >= 0 && crashes < processes else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "0 to \(processes - 1) (fewer than the processes)")
    }
    guard commands >= 1 && commands <= processes else {
      throw .invalidParameter(
        name: "commands", value: "\(commands)", expected: "1 to \(processes) (one per multicasting process)")
    }
  }
}
