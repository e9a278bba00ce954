import Faultline

/// The `rpc` system: the base `System` with separate crash budgets for the server and for the
/// clients, and fair-lossy links.
///
/// The System layer has one crash budget for all the processes it may crash; this model keeps
/// the base budget at the sum and drops every step that would take the server, or the clients
/// together, past their own. It counts from the state alone: each recovery is recorded on stable
/// storage (the server's restarts, a client's epoch), so a process's crashes so far are its
/// recoveries, plus one while it is down. A dropped step is one whose successor is nil, so the
/// actions listed and their numbering stay the base system's, and paths replay through it.
///
/// On a lossy network a delivery is strongly fair: a link that holds a message again and again
/// eventually delivers one. That is the fair-loss assumption under which retransmission is
/// meant to work; with weak fairness alone, a network that loses every copy a client resends
/// would leave it waiting forever. Everything else is the base system's.
public struct RpcSystem: Model {
  /// A state of the whole system.
  public typealias State = SystemState<RpcProcess>
  /// A step of the whole system.
  public typealias Action = SystemAction<RpcProcess>

  /// The system whose crashes are budgeted.
  public let base: System<RpcProcess>
  /// The most crashes of the server.
  public let serverCrashes: Int
  /// The most crashes of the clients, in all.
  public let clientCrashes: Int

  /// Wraps `base`, whose crash budget should be at least `serverCrashes + clientCrashes`.
  public init(_ base: System<RpcProcess>, serverCrashes: Int, clientCrashes: Int) {
    self.base = base
    self.serverCrashes = serverCrashes
    self.clientCrashes = clientCrashes
  }

  /// The crashes of `process` so far: its recoveries, plus one while it is down.
  static func crashes(of process: Int, in state: State) -> Int {
    let down = state.crashed.contains(process) ? 1 : 0
    switch state.stable[process] {
    case .server(let storage)?: return storage.boots + down
    case .client(let epoch, _)?: return epoch + down
    case nil: return down
    }
  }

  /// Whether `state` keeps within both budgets.
  func withinBudgets(_ state: State) -> Bool {
    guard state.crashesUsed > 0 else { return true }
    let clients = (1..<state.processCount).reduce(0) { $0 + Self.crashes(of: $1, in: state) }
    return Self.crashes(of: 0, in: state) <= serverCrashes && clients <= clientCrashes
  }

  /// The base system's initial state.
  public var initialStates: [State] { base.initialStates }

  /// The base system's steps; those past a budget have no successor.
  public func actions(from state: State, into actions: inout [Action]) {
    base.actions(from: state, into: &actions)
  }

  /// The base system's successor, within the budgets.
  public func successor(of state: State, via action: Action) -> State? {
    guard let next = base.successor(of: state, via: action), withinBudgets(next) else { return nil }
    return next
  }

  /// The base system's successors within the budgets, with the base system's numbering.
  public func forEachSuccessor(
    of state: State, scratch: inout [Action], _ body: (_ choice: Int, _ successor: State) -> Void
  ) -> Int {
    base.forEachSuccessor(of: state, scratch: &scratch) { choice, next in
      if withinBudgets(next) { body(choice, next) }
    }
  }

  /// The base system's properties.
  public var properties: [Property<State>] { base.properties }

  /// The base system's fairness, with deliveries strongly fair on a lossy network.
  public func fairness(of action: Action) -> Fairness { strengthened(base.fairness(of: action), action) }

  /// The base system's fairness in `state`, with deliveries strongly fair on a lossy network.
  public func fairness(of action: Action, in state: State) -> Fairness {
    strengthened(base.fairness(of: action, in: state), action)
  }

  func strengthened(_ fairness: Fairness, _ action: Action) -> Fairness {
    guard base.network.lossy, fairness == .weak, case .handle(.deliver, nil) = action else { return fairness }
    return .strong
  }

  /// The base system's numbering of actions (by link on the `latest` network).
  public func actionNumbering() -> ActionNumbering<Action>? { base.actionNumbering() }

  /// The base system's bound.
  public func bound(reachedIn state: State) -> String? { base.bound(reachedIn: state) }

  /// As the base system: a behaviour may stop where only the environment could act.
  public var stuttersWithoutFairSteps: Bool { base.stuttersWithoutFairSteps }

  /// The base system's description of a step.
  public func describe(_ action: Action) -> ActionDescription { base.describe(action) }

  /// The base system's description of a step with its events.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    base.describe(action, from: before, to: after)
  }

  /// The base system's description of a state.
  public func describe(_ state: State) -> [StateVariable] { base.describe(state) }

  /// The base system's fingerprint.
  public func fingerprint(of state: State) -> UInt64 { base.fingerprint(of: state) }

  /// A copy around the base system's copy for one search thread.
  public func worker() -> Self {
    RpcSystem(base.worker(), serverCrashes: serverCrashes, clientCrashes: clientCrashes)
  }

  /// The base system's packing.
  public var packedStateWords: Int { base.packedStateWords }

  /// Packs as the base system does.
  public func pack(_ state: State, into words: UnsafeMutablePointer<UInt32>) { base.pack(state, into: words) }

  /// Unpacks as the base system does.
  public func unpack(_ words: UnsafePointer<UInt32>) -> State { base.unpack(words) }
}
