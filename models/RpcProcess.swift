import Faultline

/// Remote procedure calls with retransmission, duplicate detection and orphan detection, on the
/// `System` layer, from the published designs:
///
/// - Birrell and Nelson, "Implementing Remote Procedure Calls" (ACM TOCS 2(1), 1984), §3.1 and
///   §3.2: a call carries a call identifier (the calling activity and a sequence number that
///   grows with each of its calls, one outstanding call per activity); the caller retransmits
///   until the result comes back; the callee keeps, for each activity, the sequence number of
///   its last call and the result, answers a retransmission of that call with the result again
///   and discards older ones; and the identifier lets the caller take a result only for its
///   current call, not a much delayed one of an earlier call. If the call returns, the
///   procedure ran exactly once; otherwise once or not at all.
/// - Spector, "Performing Remote Operations Efficiently on a Local Computer Network" (CACM 25(4),
///   1982): the semantics a remote operation may have, *maybe* (no retransmission),
///   *at-least-once* (retransmission, every copy executed) and *only-once* (duplicates
///   filtered). Across a crash of the server the filter must survive it too, or a retransmission
///   after the restart runs again.
/// - Nelson, "Remote Procedure Call" (PhD thesis, Carnegie-Mellon University, CMU-CS-81-119,
///   1981), on orphans: a call whose caller crashed is an orphan; it wastes the server and may
///   act on the world after the caller's new incarnation has begun. Of the cures (extermination,
///   reincarnation, expiration) this is reincarnation: the restarted caller starts a new epoch
///   and announces it, and the server kills the computations of earlier epochs and refuses
///   their calls.
///
/// Process 0 is the server, processes 1...clients the clients. The procedure appends its
/// argument, the call's identifier, to a log the server keeps on stable storage (the server's
/// data survives a crash in every variant) and returns the log's length: a non-idempotent call,
/// so executing one twice shows as its identifier twice in the log. The server begins a call
/// when it accepts it and completes it in a later step of its own (a computation in progress,
/// which a crash of the server or an orphan's extermination ends without effect); completing
/// appends to the log, records the result and sends it, atomically, so a crash in mid-step
/// leaves the log written and the result unsent.
///
/// Each client makes `calls` calls in all, one at a time, numbered across its incarnations: its
/// stable storage keeps its incarnation number (its epoch) and how many calls it has made, so a
/// call left pending by a crash is abandoned (it may or may not have run) and the new incarnation
/// goes on with the next. A waiting client resends its call each time its retry timer fires,
/// which may happen at any point (a timeout in an asynchronous system): before the result
/// arrives, after the server crashed, or after the network lost the call or the result.
///
/// In the correct protocol the server's table (per client: the last completed call and its
/// result, and the newest epoch announced) is on stable storage, written with the log. A
/// restarted client announces its new epoch and waits until the server acknowledges it before
/// calling again; the server first kills the client's running calls of earlier epochs and from
/// then on refuses their calls. Waiting for the acknowledgement is what makes "once the new
/// incarnation calls, no orphan runs" hold, as the explicit kill does in extermination; a call of
/// the old incarnation may still complete before it, which from the new incarnation's point of
/// view is no different from completing before the crash.
///
/// Left out: binding (Birrell and Nelson's other defence against a server restart, an exporter
/// identifier that changes with it, so that calls made before it fail instead of running
/// again), and callers that give up (their "call failed"): a client waits until the result
/// comes or it crashes.
public struct RpcProcess: SystemProcess {
  /// The protocol as published, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// Duplicate detection with a table on stable storage, and orphans killed by epochs.
    case correct
    /// Plain retransmission: the server keeps no table of completed calls and executes every
    /// copy of a call that reaches it (epochs still refuse orphans).
    case atLeastOnce = "at-least-once"
    /// The table is in volatile memory: a retransmission after a server crash runs again.
    case volatileTable = "volatile-table"
    /// Duplicate detection but no epochs: a call of a crashed client's old incarnation runs
    /// after the new incarnation has begun calling.
    case noOrphanDetection = "no-orphan-detection"
    /// The client takes any result that arrives as its current call's, ignoring the identifier.
    case acceptsAnyReply = "accepts-any-reply"

    /// Whether the server filters retransmissions with its table.
    var detectsDuplicates: Bool { self != .atLeastOnce }
    /// Whether the table survives a crash of the server.
    var tableIsStable: Bool { self != .volatileTable }
    /// Whether restarted clients announce epochs and the server refuses earlier ones.
    var detectsOrphans: Bool { self != .noOrphanDetection }
  }

  /// The number of clients.
  public let clients: Int
  /// The calls each client makes in all.
  public let calls: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(clients: Int, calls: Int, variant: Variant) {
    self.clients = clients
    self.calls = calls
    self.variant = variant
  }

  /// The server's storage in `context`, or the empty one before its first write.
  func storage(_ context: Context<Self>) -> ServerStorage {
    if case .server(let storage)? = context.stable { return storage }
    return ServerStorage()
  }

  /// The server starts with an empty table and no computation; a client idle in incarnation 0.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    if context.id == 0 {
      state.isServer = true
      state.table = Array(repeating: nil, count: clients)
      state.epochs = Array(repeating: 0, count: clients)
    }
    return state
  }

  /// A client with no call outstanding makes its next; the server completes any running call.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    if state.isServer {
      var result: [Choice] = []
      for call in state.running where result.last != .complete(call) { result.append(.complete(call)) }
      return result
    }
    return state.phase == .idle && state.made < calls ? [.call] : []
  }

  /// Makes the next call, or completes a running one.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch choice {
    case .call:
      let call = Call(client: context.id - 1, epoch: state.epoch, number: state.made)
      state.made += 1
      // Numbered across incarnations: the count is on stable storage before the call leaves.
      context.store(.client(epoch: state.epoch, made: state.made))
      state.phase = .waiting(call)
      state.lastCall = call
      state.reply = nil
      context.record(.call(Self.traceName(call)))
      context.send(.call(call), to: 0)
      context.setTimer(.retry)
    case .complete(let call):
      guard let index = state.running.firstIndex(of: call) else { return }
      state.running.remove(at: index)
      var stored = storage(context)
      stored.log.append(call)
      let result = stored.log.count
      // The table keeps the newest call: an orphan that completes late does not replace it.
      if variant.detectsDuplicates && (state.table[call.client].map { $0.call.number < call.number } ?? true)
      {
        state.table[call.client] = Entry(call: call, result: result)
      }
      store(stored, state, &context)
      context.record(.execute(call: Self.traceName(call), result: .int(result)))
      context.send(.result(call, result), to: call.client + 1)
    }
  }

  /// Writes the server's storage, with the table when the variant keeps it there.
  func store(_ storage: ServerStorage, _ state: LocalState, _ context: inout Context<Self>) {
    var stored = storage
    stored.table = variant.tableIsStable && variant.detectsDuplicates ? state.table : []
    stored.epochs = variant.tableIsStable && variant.detectsOrphans ? state.epochs : []
    context.store(.server(stored))
  }

  /// The server accepts calls and epochs; a client takes its call's result or its epoch's
  /// acknowledgement.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .call(let call):
      let client = call.client
      if variant.detectsOrphans {
        // A call of an earlier incarnation than the one announced is an orphan's: refused.
        if call.epoch < state.epochs[client] { return }
        // A newer epoch than the server knows (its volatile table was lost): adopt it.
        if call.epoch > state.epochs[client] { adopt(call.epoch, of: client, &state, &context) }
      }
      if variant.detectsDuplicates {
        if let last = state.table[client] {
          if last.call == call {
            context.send(.result(call, last.result), to: sender)
            return
          }
          if last.call.number > call.number { return }
        }
        if state.running.contains(call) { return }
      }
      let index = state.running.firstIndex { call < $0 } ?? state.running.count
      state.running.insert(call, at: index)
      context.record(.begin(call: Self.traceName(call)))
    case .newEpoch(let epoch):
      let client = sender - 1
      if epoch > state.epochs[client] { adopt(epoch, of: client, &state, &context) }
      context.send(.epochAck(epoch), to: sender)
    case .result(let call, let result):
      guard case .waiting(let current) = state.phase else { return }
      guard call == current || variant == .acceptsAnyReply else { return }
      state.reply = Entry(call: current, result: result)
      context.record(.reply(call: Self.traceName(current), result: .int(result)))
      state.phase = .idle
      context.cancelTimer(.retry)
    case .epochAck(let epoch):
      guard state.phase == .restarting, epoch == state.epoch else { return }
      state.phase = .idle
      context.cancelTimer(.retry)
    }
  }

  /// The server learns `client`'s epoch `epoch`: it kills the client's computations of earlier
  /// epochs (orphans) and refuses their calls from now on.
  func adopt(_ epoch: Int, of client: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.epochs[client] = epoch
    for orphan in state.running where orphan.client == client && orphan.epoch < epoch {
      context.record(.abandon(call: Self.traceName(orphan)))
    }
    state.running.removeAll { $0.client == client && $0.epoch < epoch }
    if variant.tableIsStable { store(storage(context), state, &context) }
  }

  /// A waiting client resends its call, a restarting one its epoch.
  public func fire(_ timer: Timer, in state: inout LocalState, _ context: inout Context<Self>) {
    switch state.phase {
    case .waiting(let call):
      context.send(.call(call), to: 0)
      context.setTimer(.retry)
    case .restarting:
      context.send(.newEpoch(state.epoch), to: 0)
      context.setTimer(.retry)
    case .idle:
      break
    }
  }

  /// The server comes back with its log, and its table if that is stable, and nothing running;
  /// a client comes back as a new incarnation, which (with orphan detection) announces itself.
  public func recover(_ context: inout Context<Self>) -> LocalState {
    var state = start(&context)
    if context.id == 0 {
      var stored = storage(context)
      stored.boots += 1
      if variant.tableIsStable {
        state.table = stored.table.isEmpty ? state.table : stored.table
        if variant.detectsOrphans && !stored.epochs.isEmpty { state.epochs = stored.epochs }
      }
      store(stored, state, &context)
      return state
    }
    var (epoch, made) = (0, 0)
    if case .client(let stableEpoch, let stableMade)? = context.stable {
      (epoch, made) = (stableEpoch, stableMade)
    }
    state.epoch = epoch + 1
    state.made = made
    context.store(.client(epoch: state.epoch, made: made))
    if variant.detectsOrphans {
      state.phase = .restarting
      context.send(.newEpoch(state.epoch), to: 0)
      context.setTimer(.retry)
    }
    return state
  }

  /// A call as the trace format names it. Handlers record the remote-call events `faultline
  /// verify` checks for at most once, replies and orphans: a client's call and the result it
  /// takes; the server beginning a call, executing it (its log entry, with its result) and
  /// abandoning it (an orphan killed). A crash ends whatever the server was running.
  static func traceName(_ call: Call) -> TraceValue { .string(call.description) }

  /// The server is `s`, the clients `c0`, `c1`, ...
  public func name(of process: Int) -> String { process == 0 ? "s" : "c\(process - 1)" }
}
