import Faultline

/// Viewstamped Replication Revisited (Liskov and Cowling, MIT-CSAIL-TR-2012-021, 2012) of a
/// register: a replicated log with a stable primary, normal operation (§4.1) and view changes
/// (§4.2), with the client table of §4.1.
///
/// Processes `0..<replicas` are replicas (n = 2f + 1), the rest clients; the primary of view v
/// is replica v mod n. Client k's j-th operation writes k / 2 × operations + j + 1 for even k
/// and even j and reads otherwise (as in primary-backup). The primary appends a request to its
/// log and sends Prepare; it commits op-number n once f backups sent PrepareOK for it (f + 1
/// replicas counting itself hold the entry), executes it, replies, and tells the backups with
/// Commit. A replica that times out on the primary starts a view change; the new primary takes
/// the log of the DoViewChange with the largest last-normal view, then the largest op-number,
/// and sends StartView.
///
/// Abstracted: state transfer (a replica drops a Prepare that is not the next op-number, or of
/// a view it has not entered, instead of fetching what it misses: progress is lost, never
/// safety), recovery (§4.3: replicas crash-stop), reconfiguration, batching. The client table is
/// the log's latest entry of each client, with its result once executed, which is what §4.1
/// keeps in it; a register's application state is the replay of the committed log.
public struct StateMachineReplicationProcess: SystemProcess {
  /// The protocol as published, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// Viewstamped Replication Revisited as published.
    case correct
    /// The primary executes a request and replies as soon as it is in its own log, before f
    /// backups sent PrepareOK.
    case replyBeforeCommit = "reply-before-commit"
    /// The new primary keeps its own log instead of the DoViewChange log with the largest
    /// last-normal view and op-number.
    case viewChangeWithoutLogMerge = "view-change-without-log-merge"
  }

  /// Operations, results, and the history's values.
  public typealias Value = RegisterOperation

  /// The number of replicas, n = 2f + 1.
  public let replicas: Int
  /// Operations per client.
  public let operations: Int
  /// The highest view-number a replica may time out into.
  public let viewChanges: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(replicas: Int, operations: Int, viewChanges: Int, variant: Variant) {
    self.replicas = replicas
    self.operations = operations
    self.viewChanges = viewChanges
    self.variant = variant
  }

  /// f: the crashes the replicas tolerate.
  var f: Int { (replicas - 1) / 2 }
  func isReplica(_ id: Int) -> Bool { id < replicas }
  /// The primary of view `view` (§4: replicas in round robin).
  func primary(of view: Int) -> Int { view % replicas }
  /// Every replica but `id`.
  func otherReplicas(_ id: Int) -> ProcessSet {
    var set = ProcessSet(0..<replicas)
    set.remove(id)
    return set
  }

  /// What client process `client` asks in its request `number`: on its even requests client k
  /// writes k × operations + number + 1, a value no other request writes, when k is even or
  /// clients make several operations each (so two clients with two operations are two writers
  /// that each read back); it reads otherwise (with one operation each, client 1 reads client
  /// 0's write).
  func operation(client: Int, number: Int) -> RegisterOperation {
    let k = client - replicas
    return number % 2 == 0 && (k % 2 == 0 || operations > 1) ? .write(k * operations + number + 1) : .read
  }

  /// The result of the entry at op-number `opNumber` of `log`: the register after executing the
  /// entries before it, in order (the state machine's replay).
  static func result(at opNumber: Int, in log: [Entry]) -> RegisterOperation {
    let entry = log[opNumber - 1]
    guard entry.operation == .read else { return .ok }
    for earlier in log[..<(opNumber - 1)].reversed() {
      if case .write(let v) = earlier.operation { return .value(v) }
    }
    return .value(0)
  }

  /// The op-numbers whose results the replica knows: its committed ones, and at the primary of
  /// `reply-before-commit` every one it holds (it executes on arrival).
  func executed(_ state: LocalState, _ id: Int) -> Int {
    variant == .replyBeforeCommit && state.status == .normal && primary(of: state.view) == id
      ? state.log.count : state.commit
  }

  /// Replicas start in view 0 with an empty log; clients know view 0.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    state.isClient = !isReplica(context.id)
    return state
  }

  /// A client invokes its next operation or resends once; a replica below the bound may time out.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    if state.isClient {
      if !state.waiting { return state.completed < operations ? [.invoke] : [] }
      return state.resent ? [] : [.resend]
    }
    return state.view < viewChanges ? [.timeout] : []
  }

  /// Invokes, resends, or starts a view change.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    let request = Entry(
      client: context.id, number: state.completed,
      operation: operation(client: context.id, number: state.completed))
    switch choice {
    case .invoke:
      state.waiting = true
      state.resent = false
      context.invoke(request.operation)
      context.send(.request(request), to: primary(of: state.view))
    case .resend:
      // §4.1: a client that gets no timely reply resends to all replicas.
      state.resent = true
      context.send(.request(request), to: ProcessSet(0..<replicas))
    case .timeout:
      // §4.2: a replica that suspects the primary moves to the next view.
      enterViewChange(state.view + 1, &state, &context)
      sendDoViewChangeIfReady(&state, &context)
    }
  }

  /// Handles every message of §4.1 and §4.2.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .request(let entry): request(entry, &state, &context)
    case .prepare(let view, let entry, let opNumber, let commit):
      // §4.1 steps 4 and 7: a backup takes the next entry of its view, in order, acknowledges
      // it, and executes (commits) up to the primary's commit-number.
      guard state.status == .normal, view == state.view, opNumber == state.log.count + 1 else { return }
      state.log.append(entry)
      context.send(.prepareOK(view: view, opNumber: opNumber), to: sender)
      state.commit = max(state.commit, min(commit, state.log.count))
      state.noteCommitted()
    case .prepareOK(let view, let opNumber):
      // §4.1 step 5: the primary counts acknowledgements; an ok for n covers every entry up to n.
      guard state.status == .normal, view == state.view, primary(of: view) == context.id else { return }
      let covered = min(opNumber, state.log.count, state.prepared.count)
      guard covered > state.commit else { return }
      for index in state.commit..<covered { state.prepared[index].insert(sender) }
      commitPrepared(&state, &context)
    case .reply(let view, let number, let result):
      guard state.waiting, number == state.completed else { return }
      state.view = max(state.view, view)
      state.waiting = false
      state.completed += 1
      context.respond(result)
    case .startViewChange(let view):
      // §4.2 steps 1-2.
      if view > state.view { enterViewChange(view, &state, &context) }
      guard view == state.view, state.status == .viewChange else { return }
      state.startViewChanges.insert(sender)
      sendDoViewChangeIfReady(&state, &context)
    case .doViewChange(let view, let log, let lastNormal, let commit):
      // §4.2 step 3: the new primary collects f + 1 DoViewChange messages.
      if view > state.view {
        enterViewChange(view, &state, &context)
        sendDoViewChangeIfReady(&state, &context)
      }
      guard view == state.view, state.status == .viewChange, primary(of: view) == context.id else { return }
      record(ViewChangeRecord(sender: sender, log: log, lastNormal: lastNormal, commit: commit), &state)
      startViewIfReady(&state, &context)
    case .startView(let view, let log, let commit):
      // §4.2 step 5: the other replicas take the new primary's log and acknowledge what is
      // not yet committed in it.
      guard view > state.view || view == state.view && state.status == .viewChange else { return }
      state.view = view
      state.status = .normal
      state.lastNormal = view
      // "Advance their commit-number": never below what the replica had committed.
      state.log = log
      state.commit = min(max(state.commit, commit), log.count)
      state.noteCommitted()
      state.prepared = []
      resetViewChange(&state)
      if log.count > state.commit {
        context.send(.prepareOK(view: view, opNumber: log.count), to: primary(of: view))
      }
    }
  }

  /// §4.1 steps 1-3 at the primary, with the client table: a request older than the client's
  /// latest is dropped, the latest one again gets its result if executed (dropped if not), and a
  /// new one is appended and sent to the backups in Prepare.
  func request(_ entry: Entry, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.status == .normal, primary(of: state.view) == context.id else { return }
    if let index = state.log.lastIndex(where: { $0.client == entry.client }),
      state.log[index].number >= entry.number
    {
      if state.log[index].number == entry.number, index < executed(state, context.id) {
        reply(opNumber: index + 1, state, &context)
      }
      return
    }
    state.log.append(entry)
    state.prepared.append(ProcessSet())
    let opNumber = state.log.count
    context.send(
      .prepare(view: state.view, entry: entry, opNumber: opNumber, commit: state.commit),
      to: otherReplicas(context.id))
    if variant == .replyBeforeCommit { reply(opNumber: opNumber, state, &context) }
  }

  /// Sends the client of op-number `opNumber` its result.
  func reply(opNumber: Int, _ state: LocalState, _ context: inout Context<Self>) {
    let entry = state.log[opNumber - 1]
    context.send(
      .reply(view: state.view, number: entry.number, result: Self.result(at: opNumber, in: state.log)),
      to: entry.client)
  }

  /// §4.1 step 5: commits, in order, each entry f backups acknowledged, and replies to its
  /// client (unless the variant already did). The backups learn the commit-number from the next
  /// Prepare (step 7); the Commit message the paper sends when no request comes is left out, as
  /// it only hastens what the next Prepare or a view change's DoViewChange carries.
  func commitPrepared(_ state: inout LocalState, _ context: inout Context<Self>) {
    while state.commit < state.log.count, state.prepared[state.commit].count >= f {
      state.commit += 1
      state.noteCommitted()
      if variant != .replyBeforeCommit { reply(opNumber: state.commit, state, &context) }
    }

  }

  /// §4.2 step 1: moves to view `view` in status view-change and sends StartViewChange.
  func enterViewChange(_ view: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.view = view
    state.status = .viewChange
    state.prepared = []
    resetViewChange(&state)
    context.send(.startViewChange(view: view), to: otherReplicas(context.id))
  }

  func resetViewChange(_ state: inout LocalState) {
    state.startViewChanges = ProcessSet()
    state.sentDoViewChange = false
    state.doViewChanges = []
  }

  /// §4.2 step 2: with StartViewChange from f others, sends DoViewChange to the new primary (to
  /// itself, if it is the new primary).
  func sendDoViewChangeIfReady(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.status == .viewChange, !state.sentDoViewChange, state.startViewChanges.count >= f else {
      return
    }
    state.sentDoViewChange = true
    let next = primary(of: state.view)
    if next == context.id {
      record(
        ViewChangeRecord(
          sender: context.id, log: state.log, lastNormal: state.lastNormal, commit: state.commit),
        &state)
      startViewIfReady(&state, &context)
    } else {
      context.send(
        .doViewChange(view: state.view, log: state.log, lastNormal: state.lastNormal, commit: state.commit),
        to: next)
    }
  }

  /// Keeps one DoViewChange per sender, sorted by sender.
  func record(_ record: ViewChangeRecord, _ state: inout LocalState) {
    guard !state.doViewChanges.contains(where: { $0.sender == record.sender }) else { return }
    let index = state.doViewChanges.firstIndex { $0.sender > record.sender } ?? state.doViewChanges.count
    state.doViewChanges.insert(record, at: index)
  }

  /// §4.2 steps 3-4: with f + 1 DoViewChange messages the new primary takes the log with the
  /// largest last-normal view, then the largest op-number (its own, in the broken variant), the
  /// largest commit-number, becomes normal, sends StartView, and replies for the committed
  /// entries it had not executed; the uncommitted ones wait for the backups' PrepareOK.
  func startViewIfReady(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.doViewChanges.count >= f + 1 else { return }
    let records = state.doViewChanges
    let executedBefore = state.commit
    var log = state.log
    if variant != .viewChangeWithoutLogMerge,
      let best = records.max(by: { a, b in
        (a.lastNormal, a.log.count, b.sender) < (b.lastNormal, b.log.count, a.sender)
      })
    {
      log = best.log
    }
    let commit = min(records.map(\.commit).max() ?? state.commit, log.count)
    state.log = log
    state.commit = commit
    state.noteCommitted()
    state.status = .normal
    state.lastNormal = state.view
    state.prepared = Array(repeating: ProcessSet(), count: log.count)
    resetViewChange(&state)
    context.send(.startView(view: state.view, log: log, commit: commit), to: otherReplicas(context.id))
    if executedBefore < commit {
      for opNumber in (executedBefore + 1)...commit { reply(opNumber: opNumber, state, &context) }
    }
  }

  /// Replicas are `r0`, `r1`, ...; clients `c0`, `c1`, ...
  public func name(of process: Int) -> String {
    isReplica(process) ? "r\(process)" : "c\(process - replicas)"
  }
}
