import Faultline

/// View-synchronous multicast with a flush before each view change, and state transfer to a
/// joining process (Birman's virtual synchrony, as in Isis; Cachin, Guerraoui and Rodrigues,
/// section 6.8).
///
/// - Members p0 … p(m−1) start in view 0; each may multicast its own number once, delivering
///   it at once and sending it to the other members (a reliable, reordering network, no
///   crashes). The application state is the set of commands delivered.
/// - Process p(m) asks p0, the membership coordinator, to join. The coordinator runs a flush:
///   it asks every member to stop multicasting and report what it delivered in view 0, and
///   once all have reported it sends view 1 (everyone plus the joiner) with the union of the
///   reports. A member delivers whatever of the union it missed, then installs view 1; the
///   joiner installs view 1 with the union as its state (state transfer). Messages of view 0
///   that arrive in view 1 are already delivered and are dropped.
///
/// Broken variant `no-flush`: the coordinator installs view 1 at once and sends it with its
/// own state; members install on receipt, and view-0 messages still in flight are lost to
/// view 0, so two members move to view 1 having delivered different messages in view 0.
public struct ViewSynchronousMulticastProcess: SystemProcess {
  /// The protocol's messages.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A command multicast in `view`.
    case data(view: Int, command: Int)
    /// A process asks the coordinator to join.
    case join
    /// The coordinator asks members to stop and report.
    case flushRequest
    /// A member's report: the commands it delivered in the current view.
    case flushOK(delivered: ProcessSet)
    /// The next view, with the commands its members must have delivered in the previous one
    /// (with flush), which is also the state a joiner starts from.
    case newView(view: Int, state: ProcessSet)

    var key: (Int, Int, UInt64) {
      switch self {
      case .data(let view, let command): return (0, view, UInt64(command))
      case .join: return (1, 0, 0)
      case .flushRequest: return (2, 0, 0)
      case .flushOK(let delivered): return (3, 0, delivered.bits)
      case .newView(let view, let state): return (4, view, state.bits)
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

    /// `Data(0, 1)`, `Join`, `FlushRequest`, `FlushOK({1})`, `NewView(1, {0, 1})`.
    public var description: String {
      switch self {
      case .data(let view, let command): return "Data(view \(view), \(command))"
      case .join: return "Join"
      case .flushRequest: return "FlushRequest"
      case .flushOK(let delivered): return "FlushOK(\(delivered))"
      case .newView(let view, let state): return "NewView(\(view), \(state))"
      }
    }
  }

  /// Spontaneous steps.
  public enum Choice: String, Hashable, Sendable, CustomStringConvertible {
    /// A member multicasts its command.
    case multicast
    /// The outsider asks to join.
    case join
    /// The choice's name.
    public var description: String { rawValue }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The installed view, -1 for none yet.
    public var view: Int
    /// Whether it has multicast (members) or asked to join (the outsider).
    public var acted = false
    /// Whether it is flushing: it multicasts no more in this view.
    public var flushing = false
    /// The application state: the commands delivered, or transferred on joining.
    public var applied = ProcessSet()
    /// The application state when it installed its view.
    public var stateAtInstall = ProcessSet()
    /// The coordinator's flush: who reported, and the union of their reports.
    public var reported = ProcessSet()
    /// The union of the reports.
    public var union = ProcessSet()

    /// Feeds every field in two words.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(truncatingIfNeeded: view + 1) << 2 | (acted ? 1 : 0) | (flushing ? 2 : 0))
      f.combine(
        word: applied.bits | stateAtInstall.bits << 16 | reported.bits << 32 | union.bits << 48)
    }

    /// The view, the flush and the application state.
    public var description: String {
      (view < 0 ? "no view" : "view \(view)") + (flushing ? ", flushing" : "") + ", state \(applied)"
    }
  }

  /// Commands are the members' numbers.
  public typealias Value = Int

  /// Whether the view change flushes (false: the broken `no-flush`).
  public let flush: Bool
  /// The number of members of view 0; process `members` is the one that joins.
  public let members: Int

  /// Creates the process code of one variant for `members` initial members.
  public init(flush: Bool, members: Int) {
    self.flush = flush
    self.members = members
  }

  var initialView: ProcessSet { ProcessSet(0..<members) }
  var nextView: ProcessSet { ProcessSet(0...members) }

  /// Members install view 0; the outsider has no view.
  public func start(_ context: inout Context<Self>) -> LocalState {
    guard context.id < members else { return LocalState(view: -1) }
    context.install(view: 0, members: initialView)
    return LocalState(view: 0)
  }

  /// A member multicasts once in view 0 unless flushing; the outsider asks to join once.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    guard !state.acted else { return [] }
    if context.id == members { return [.join] }
    return state.view == 0 && !state.flushing ? [.multicast] : []
  }

  /// Multicasts its command (delivering it itself), or asks to join.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.acted = true
    switch choice {
    case .multicast:
      context.broadcastRequest(context.id)
      deliver(context.id, &state, &context)
      var others = initialView
      others.remove(context.id)
      context.send(.data(view: 0, command: context.id), to: others)
    case .join:
      context.send(.join, to: 0)
    }
  }

  /// Delivers the current view's data, runs the flush, and installs the next view.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .data(let view, let command):
      // Data of an earlier view arrives too late: with flush it was delivered already.
      if view == state.view && !state.applied.contains(command) { deliver(command, &state, &context) }
    case .join:
      guard context.id == 0, state.view == 0, !state.flushing else { return }
      if flush {
        state.flushing = true
        state.reported = ProcessSet([0])
        state.union = state.applied
        var others = initialView
        others.remove(0)
        context.send(.flushRequest, to: others)
        installIfFlushed(&state, &context)
      } else {
        install(state.applied, &state, &context)
      }
    case .flushRequest:
      guard state.view == 0 else { return }
      state.flushing = true
      context.send(.flushOK(delivered: state.applied), to: sender)
    case .flushOK(let delivered):
      guard context.id == 0, state.flushing else { return }
      state.reported.insert(sender)
      state.union = state.union.union(delivered)
      installIfFlushed(&state, &context)
    case .newView(let view, let transferred):
      guard view == state.view + 1 || (state.view < 0 && context.id == members) else { return }
      if context.id == members {
        state.applied = transferred
      } else if flush {
        for command in transferred.subtracting(state.applied).members { deliver(command, &state, &context) }
      }
      state.view = view
      state.flushing = false
      state.stateAtInstall = state.applied
      context.install(view: view, members: nextView)
    }
  }

  /// The coordinator ends the flush once every member reported.
  func installIfFlushed(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.reported.isSuperset(of: initialView) else { return }
    for command in state.union.subtracting(state.applied).members { deliver(command, &state, &context) }
    install(state.union, &state, &context)
  }

  /// The coordinator installs view 1 and sends it, with `transferred`, to everyone else.
  func install(_ transferred: ProcessSet, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.view = 1
    state.flushing = false
    state.stateAtInstall = state.applied
    context.install(view: 1, members: nextView)
    var others = nextView
    others.remove(0)
    context.send(.newView(view: 1, state: transferred), to: others)
  }

  func deliver(_ command: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.applied.insert(command)
    context.deliver(command)
  }

  /// `p0` … for members, `joiner` for the outsider.
  public func name(of process: Int) -> String { process == members ? "joiner" : "p\(process)" }
}

/// Builds the view-synchronous multicast system and its properties.
public enum ViewSynchronousMulticast {
  /// The most initial members the catalogue accepts.
  public static let maxMembers = 4

  /// `members` processes in view 0 and one that joins, over a reliable reordering network.
  public static func make(members: Int = 3, flush: Bool = true) throws(FaultlineError) -> System<
    ViewSynchronousMulticastProcess
  > {
    guard members >= 2 && members <= maxMembers else {
      throw .invalidParameter(name: "members", value: "\(members)", expected: "2 to \(maxMembers)")
    }
    let joiner = members
    return try System(
      processes: Array(
        repeating: ViewSynchronousMulticastProcess(flush: flush, members: members), count: members + 1),
      network: .unordered,
      properties: [
        SystemProperties.viewSynchrony(),
        .always("state transfer: a view's members start it in the same state") { state in
          let starts = state.locals.filter { $0.view == 1 }.map(\.stateAtInstall)
          return Set(starts).count <= 1
        },
        SystemProperties.deliversAtMostOnce(),
        SystemProperties.deliversOnlyBroadcast(),
        .sometimes("the joiner receives a non-empty state") { state in
          state.locals[joiner].view == 1 && !state.locals[joiner].applied.isEmpty
        },
      ])
  }
}
