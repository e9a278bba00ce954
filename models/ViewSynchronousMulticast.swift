import Faultline

/// View-synchronous multicast under crashes, with view changes agreed by consensus: Cachin,
/// Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed Programming" (2nd
/// ed., 2011), §6.8 (view synchrony by a flush and a consensus on the next view), after Birman
/// and Joseph's virtual synchrony (Isis, 1987). The consensus is hierarchical uniform consensus
/// (algorithm 5.4), as in `uniform-consensus` and `total-order-multicast`.
///
/// Assumptions (the book's fail-stop model): reliable links that reorder, a perfect failure
/// detector, any number of crashes below the number of processes, each possibly in the middle
/// of a step's sends.
///
/// - Every process starts in view 0, whose members are all. Process i, for i below the number of
///   commands, multicasts command i once, in its current view, unless it is flushing: it
///   delivers it at once and sends `Data(v, i)` to the other members. A member delivers data of
///   its current view on receipt, unless it is flushing; data of the next view is kept until it
///   installs it, and data of an earlier view is dropped.
/// - A member that suspects a member of its view starts the *flush*: it stops multicasting and
///   delivering in the view, and sends `Report(v, delivered)`, what it delivered in the view, to
///   every unsuspected member. With the reports of every unsuspected member it proposes the
///   next view (the members it does not suspect) and the union of the reports.
/// - The decision of view v's consensus is the view change: each process delivers the decided
///   messages it has not delivered, then installs view v + 1 with the decided members.
///
/// Two processes that install the same next view therefore delivered the same messages in the
/// view before (view synchrony), crashed ones included (the consensus is uniform).
///
/// Broken variants:
/// - `no-flush`: a process installs the next view as soon as it suspects a member, without a
///   flush or consensus: two survivors leave the view having delivered different messages.
/// - `deliver-after-report`: a flushing process still delivers the view's data after it sent its
///   report, so the decided union can miss a message that one survivor delivered.
public struct ViewSynchronousMulticastProcess: SystemProcess {
  /// What the consensus of a view change decides: the next view's members, and the messages
  /// every one of them must have delivered in the view that ends.
  public struct ViewChange: Hashable, Sendable, Comparable, Fingerprintable, CustomStringConvertible {
    /// The next view's members.
    public var members: ProcessSet
    /// The messages delivered in the view that ends, by some member that reported.
    public var messages: ProcessSet

    /// Orders by members, then messages.
    public static func < (a: ViewChange, b: ViewChange) -> Bool {
      (a.members, a.messages) < (b.members, b.messages)
    }

    /// Feeds both sets in one word.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(word: members.bits | messages.bits << 32)
    }

    /// `members {1, 2}, messages {0}`.
    public var description: String { "members \(members), messages \(messages)" }
  }

  /// The protocol's messages.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A command multicast in `view`.
    case data(view: Int, command: Int)
    /// A flushing member's report: what it delivered in `view`.
    case report(view: Int, delivered: ProcessSet)
    /// The leader of a round of view `view`'s consensus asks all to adopt `change`.
    case propose(view: Int, change: ViewChange)
    /// The sender recorded the leader's proposal.
    case ack(view: Int)
    /// View `view`'s consensus decided `change`; broadcast by `origin`, the leader that decided it.
    case decided(view: Int, change: ViewChange, origin: Int)

    var key: (Int, Int, UInt64) {
      switch self {
      case .data(let view, let command): return (0, view, UInt64(command))
      case .report(let view, let delivered): return (1, view, delivered.bits)
      case .propose(let view, let change): return (2, view, change.members.bits | change.messages.bits << 32)
      case .ack(let view): return (3, view, 0)
      case .decided(let view, let change, let origin):
        return (4, view | origin << 8, change.members.bits | change.messages.bits << 32)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// Feeds the kind and fields.
    public func fingerprint(into f: inout Fingerprinter) {
      let (tag, x, bits) = key
      f.combine(word: UInt64(truncatingIfNeeded: x) << 3 | UInt64(tag))
      f.combine(word: bits)
    }

    /// `Data(view 0, 1)`, `Report(view 0, {1})`, `Propose(view 0, ...)`, `Ack(view 0)`, `Decided(...)`.
    public var description: String {
      switch self {
      case .data(let view, let command): return "Data(view \(view), \(command))"
      case .report(let view, let delivered): return "Report(view \(view), \(delivered))"
      case .propose(let view, let change): return "Propose(view \(view), \(change))"
      case .ack(let view): return "Ack(view \(view))"
      case .decided(let view, let change, let origin):
        return "Decided(view \(view), \(change), by p\(origin))"
      }
    }
  }

  /// A process's spontaneous steps.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Multicast its command.
    case multicast
    /// Lead its round of the current view's consensus.
    case lead

    /// `multicasts its command`, `leads the view change`.
    public var description: String {
      switch self {
      case .multicast: return "multicasts its command"
      case .lead: return "leads the view change"
      }
    }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The installed view and its members.
    public var view = 0
    public var members = ProcessSet()
    /// Whether it has multicast its command.
    public var multicast = false
    /// Commands delivered in the current view, and in all views.
    public var delivered = ProcessSet()
    public var everDelivered = ProcessSet()
    /// Whether it is flushing the current view (it has sent its report).
    public var flushing = false
    /// Who reported in the current view, and the union of their reports.
    public var reported = ProcessSet()
    public var union = ProcessSet()
    /// Data, reporters and reports of the next view, kept until it is installed.
    public var nextData = ProcessSet()
    public var nextReported = ProcessSet()
    public var nextUnion = ProcessSet()
    /// The current view's consensus: the round it follows, its proposal, the proposals it
    /// recorded by rank, the acknowledgements of its own and whether it led. A decision ends
    /// the view at once.
    public var round = 0
    public var proposal: ViewChange? = nil
    public var proposed: [ViewChange?] = []
    public var acks = ProcessSet()
    public var led = false
    /// The decision that installed the current view, the process that broadcast it, and whether
    /// this process relayed it (lazy reliable broadcast: once the origin is suspected).
    public var last: ViewChange? = nil
    public var origin = -1
    public var relayed = false

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(view) | UInt64(round) << 8 | UInt64(origin + 1) << 16 | (multicast ? 1 << 24 : 0)
          | (flushing ? 1 << 25 : 0) | (led ? 1 << 26 : 0) | (relayed ? 1 << 27 : 0) | members.bits << 32)
      f.combine(word: delivered.bits | everDelivered.bits << 16 | reported.bits << 32 | union.bits << 48)
      f.combine(word: nextData.bits | nextReported.bits << 16 | nextUnion.bits << 32 | acks.bits << 48)
      f.combine(proposal)
      f.combine(last)
      f.combine(proposed)
    }

    /// The view, its members, the flush and the deliveries.
    public var description: String {
      "view \(view) \(members)" + (flushing ? ", flushing" : "")
        + ", delivered \(delivered) (all \(everDelivered))"
    }
  }

  /// Commands are their multicasters' numbers.
  public typealias Value = Int

  /// Which version of the protocol the process runs.
  public let variant: ViewSynchronousMulticastVariant
  /// The number of commands, multicast by processes 0 to `commands - 1`.
  public let commands: Int

  /// Creates the process code of one variant.
  public init(variant: ViewSynchronousMulticastVariant, commands: Int) {
    self.variant = variant
    self.commands = commands
  }

  /// Every process installs view 0, whose members are all.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    state.members = ProcessSet.all(context.processCount)
    state.proposed = Array(repeating: nil, count: context.processCount)
    context.install(view: 0, members: state.members)
    return state
  }

  /// The current view's other members that it does not suspect.
  func reachable(_ state: LocalState, _ context: Context<Self>) -> ProcessSet {
    var others = state.members.subtracting(context.suspected)
    others.remove(context.id)
    return others
  }

  /// Multicasting once, unless flushing; leading its round of the view change's consensus.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    var result: [Choice] = []
    if !state.multicast && !state.flushing && context.id < commands { result.append(.multicast) }
    if state.round == context.id && !state.led && state.proposal != nil {
      result.append(.lead)
    }
    return result
  }

  /// Multicasts its command (delivering it itself), or leads: proposes to all and acknowledges
  /// itself.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch choice {
    case .multicast:
      state.multicast = true
      context.broadcastRequest(context.id)
      deliver(context.id, &state, &context)
      context.send(.data(view: state.view, command: context.id), to: reachable(state, context))
    case .lead:
      guard let change = state.proposal else { return }
      state.led = true
      state.proposed[context.id] = change
      state.acks = ProcessSet([context.id])
      context.send(.propose(view: state.view, change: change), to: reachable(state, context))
      decideIfAcknowledged(&state, &context)
    }
  }

  /// Delivers data, collects reports, and runs the view change's consensus.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .data(let view, let command):
      if view == state.view + 1 {
        state.nextData.insert(command)
      } else if view == state.view && (!state.flushing || variant == .deliverAfterReport)
        && !state.everDelivered.contains(command)
      {
        deliver(command, &state, &context)
      }
    case .report(let view, let delivered):
      if view == state.view {
        state.reported.insert(sender)
        state.union = state.union.union(delivered)
        proposeIfFlushed(&state, context)
      } else if view == state.view + 1 {
        state.nextReported.insert(sender)
        state.nextUnion = state.nextUnion.union(delivered)
      }
    case .propose(let view, let change):
      // Recorded and acknowledged unless the process has moved past the sender's round.
      guard view == state.view, sender >= state.round else { return }
      state.proposed[sender] = change
      context.send(.ack(view: view), to: sender)
    case .ack(let view):
      guard view == state.view, state.led else { return }
      state.acks.insert(sender)
      decideIfAcknowledged(&state, &context)
    case .decided(let view, let change, let origin):
      guard view == state.view else { return }
      decide(change, origin: origin, &state, &context)
    }
  }

  /// Starts the flush on suspecting a member (or, `no-flush`, installs the next view at once);
  /// moves past suspected leaders; relays a suspected leader's decision; lets a waiting leader
  /// stop waiting for crashed processes.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    if variant == .noFlush {
      guard !state.members.subtracting(context.suspected).isSuperset(of: state.members) else { return }
      install(
        ViewChange(members: state.members.subtracting(context.suspected), messages: ProcessSet()), &state,
        &context)
      return
    }
    startFlushIfNeeded(&state, &context)
    advance(&state, context)
    relay(&state, &context)
    proposeIfFlushed(&state, context)
    decideIfAcknowledged(&state, &context)
  }

  /// Once a member of its view is suspected, stops multicasting and delivering in the view, and
  /// reports what it delivered to the unsuspected members.
  func startFlushIfNeeded(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard !state.flushing, state.members.subtracting(context.suspected) != state.members else { return }
    state.flushing = true
    state.reported.insert(context.id)
    state.union = state.union.union(state.delivered)
    context.send(.report(view: state.view, delivered: state.delivered), to: reachable(state, context))
  }

  /// With the reports of every unsuspected member, proposes the next view and their union.
  func proposeIfFlushed(_ state: inout LocalState, _ context: Context<Self>) {
    guard variant != .noFlush, state.flushing, state.proposal == nil else { return }
    let members = state.members.subtracting(context.suspected)
    guard state.reported.isSuperset(of: members) else { return }
    state.proposal = ViewChange(members: members, messages: state.union)
  }

  /// Moves past rounds whose leader is suspected, adopting the proposal recorded from each.
  func advance(_ state: inout LocalState, _ context: Context<Self>) {
    while state.round < context.id && context.suspected.contains(state.round) {
      if let recorded = state.proposed[state.round] { state.proposal = recorded }
      state.proposed[state.round] = nil
      state.round += 1
    }
  }

  /// Lazy reliable broadcast of the decision that installed the current view: relayed once its
  /// origin is suspected, to the members that may still wait for it in the view before.
  func relay(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard let change = state.last, !state.relayed, state.origin >= 0, context.suspected.contains(state.origin)
    else { return }
    state.relayed = true
    context.send(
      .decided(view: state.view - 1, change: change, origin: state.origin), to: reachable(state, context))
  }

  /// Once every process acknowledged or is suspected, the leader decides the view change and
  /// sends it by lazy reliable broadcast.
  func decideIfAcknowledged(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.led, let change = state.proposal else { return }
    guard state.acks.union(context.suspected).isSuperset(of: state.members) else { return }
    context.send(
      .decided(view: state.view, change: change, origin: context.id), to: reachable(state, context))
    decide(change, origin: context.id, &state, &context)
  }

  /// Delivers the decided messages it missed, installs the next view, and keeps the decision
  /// for the reliable broadcast (relaying it at once if its origin is suspected).
  func decide(_ change: ViewChange, origin: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    for command in change.messages.subtracting(state.everDelivered).members {
      deliver(command, &state, &context)
    }
    install(change, &state, &context)
    state.last = change
    state.origin = origin
    relay(&state, &context)
    guard variant != .noFlush else { return }
    startFlushIfNeeded(&state, &context)
    advance(&state, context)
    proposeIfFlushed(&state, context)
  }

  /// Installs the next view with `change`'s members, and delivers the data of that view that
  /// arrived early.
  func install(_ change: ViewChange, _ state: inout LocalState, _ context: inout Context<Self>) {
    let early = state.nextData
    let reported = state.nextReported
    let union = state.nextUnion
    let multicast = state.multicast
    let everDelivered = state.everDelivered
    let view = state.view + 1
    state = LocalState()
    state.view = view
    state.members = change.members
    state.multicast = multicast
    state.everDelivered = everDelivered
    state.reported = reported
    state.union = union
    state.proposed = Array(repeating: nil, count: context.processCount)
    context.install(view: state.view, members: change.members)
    for command in early.subtracting(everDelivered).members { deliver(command, &state, &context) }
  }

  func deliver(_ command: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.delivered.insert(command)
    state.everDelivered.insert(command)
    context.deliver(command)
  }
}

/// Builds the view-synchronous multicast system and its properties.
public enum ViewSynchronousMulticast {
  /// The most processes the catalogue accepts.
  public static let maxProcesses = 4

  /// `processes` processes, all members of view 0, over a reliable reordering network with a
  /// perfect failure detector; at most `crashes` crashes, each possibly in mid-step; `commands`
  /// commands, multicast by processes 0 to `commands - 1`. Under an eventually perfect or strong
  /// `detector`, or a `network` whose links may be cut, the algorithm's assumption is broken: the
  /// check then shows why it needs P.
  public static func make(
    processes: Int = 3, crashes: Int = 1, commands: Int = 1,
    variant: ViewSynchronousMulticastVariant = .flush,
    detector: FailureDetector = .perfect, network: NetworkSemantics = .unordered
  ) throws(FaultlineError) -> System<ViewSynchronousMulticastProcess> {
    try DetectorSetting.validate(detector, network: network)
    try MulticastParameters.validate(
      processes: processes, crashes: crashes, commands: commands, most: maxProcesses)
    let goal = goal()
    return try System(
      processes: Array(
        repeating: ViewSynchronousMulticastProcess(variant: variant, commands: commands), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true),
      // A perfect detector has nothing to report when no process can crash.
      detector: detector == .perfect && crashes == 0 ? .none : detector,
      properties: [
        SystemProperties.viewSynchrony(),
        .always("same view delivery: a message is delivered in one view by all that deliver it") { state in
          var views: [Int: Int] = [:]
          for outputs in state.outputs {
            var view = 0
            for output in outputs {
              switch output {
              case .install(let next, _): view = next
              case .deliver(let command):
                if let other = views[command], other != view { return false }
                views[command] = view
              case .decide, .broadcast: break
              }
            }
          }
          return true
        },
        SystemProperties.deliversAtMostOnce(),
        SystemProperties.deliversOnlyBroadcast(),
        .leadsTo("membership and delivery", { !goal($0) }, goal),
      ]
        // Without a crash no view changes, and the check would be a vacuous violation.
        + (crashes == 0
          ? []
          : [
            .sometimes("a view without a crashed member is installed") { state in
              state.locals.indices.contains { process in
                !state.crashed.contains(process) && state.locals[process].view > 0
              }
            }
          ]))
  }

  /// Every process that is up is in the same view, whose members are exactly the processes that
  /// are up, and has delivered the same messages, among them every command an up process
  /// multicast. Under crash-stop faults, "up at the end of a behaviour" is "correct".
  static func goal() -> @Sendable (SystemState<ViewSynchronousMulticastProcess>) -> Bool {
    { state in
      let up = ProcessSet(state.locals.indices.filter { !state.crashed.contains($0) })
      guard let first = up.members.first else { return true }
      let reference = state.locals[first]
      var owed = ProcessSet()
      for process in up.members where state.locals[process].multicast { owed.insert(process) }
      return up.members.allSatisfy { process in
        let local = state.locals[process]
        return local.view == reference.view && local.members == up
          && local.everDelivered == reference.everDelivered
          && local.everDelivered.isSuperset(of: owed)
      }
    }
  }
}
