import Faultline

/// Primary-backup replication of a register (Budhiraja, Marzullo, Schneider and Toueg, "The
/// primary-backup approach", in *Distributed Systems*, 2nd ed., 1993), with view-synchronous
/// updates and view changes as in Guerraoui and Rodrigues, *Introduction to Reliable
/// Distributed Programming* (2006), and Cachin, Guerraoui and Rodrigues (2011): primary-backup
/// over view-synchronous communication, where a new view starts only once its members hold the
/// same state.
///
/// Processes `0..<replicas` are replicas, the rest clients; client `k` performs `operations`
/// operations one after the other: for even `k` writes of distinct values and reads in turn,
/// starting with a write, and for odd `k` reads. Each
/// operation has a number (`k × operations + j` for the j-th), which requests and replies carry,
/// so a late reply to an earlier operation is never taken for the next one. The view is named by
/// its primary, the lowest replica not suspected. The primary sequences operations: it answers a
/// read from its committed value, and for a write sends the new value to the backups of its view,
/// commits once every unsuspected backup acknowledged, and replies. When replicas suspect the
/// primary they flush: each sends its state to the next primary and ignores later updates of the
/// old view; the new primary adopts the most advanced state, installs the view and sends the
/// state in `NewView`. It serves clients in the new view only once every unsuspected backup
/// acknowledged `NewView`: until then a crash of the new primary could lose a state it had
/// answered from (issue #13: it replied to a resent write it had applied, then crashed with
/// `NewView` unsent, and the next primary read 0). So replicas that install the same next view
/// delivered the same updates before it, and whatever a client saw is at every live replica.
///
/// A `State` that reaches the next primary before that replica suspects the old one is kept
/// (it used to be dropped, and the flush waited for it forever). An `Update` of a new view
/// cannot overtake that view's `NewView`: the primary sends updates only after every backup
/// acknowledged `NewView`.
///
/// Assumptions: reliable unordered network; crash-stop, at most `crashes` crashes, each of which
/// may strike in mid-broadcast; a perfect failure detector, or ◇P with `falseSuspicions` to show
/// why the protocol needs a perfect one (a backup that wrongly suspects the primary leaves it
/// waiting forever, or serving stale reads); clients send to the replica they believe primary
/// and resend whenever that changes; a replica remembers which writes it applied, so a
/// resent write is not applied twice.
public struct PrimaryBackupProcess: SystemProcess {
  /// The protocol's variants.
  public enum Variant: String, Sendable, CaseIterable {
    /// The protocol as described.
    case correct
    /// The primary replies to a write before the backups acknowledge it.
    case replyBeforeAck = "reply-before-ack"
    /// No flush: replicas install the next view at once and accept updates of any view.
    case nonViewSynchronous = "non-view-synchronous"
    /// Clients never resend: a client whose request died with the primary waits forever (a
    /// liveness violation; what it does see stays linearizable).
    case noClientRetry = "no-client-retry"
  }

  /// A message; which fields matter depends on `kind`.
  public struct Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// What the message is.
    public enum Kind: Int, Sendable { case request, reply, update, ack, state, newView, installed }
    /// What the message is.
    public var kind: Kind
    /// The view it belongs to (update, ack) or installs (state, newView, installed).
    public var view = 0
    /// The sequence number of the update (update, ack) or of the sender's state.
    public var seq = 0
    /// The register's value after the update, or in the sender's state.
    public var value = 0
    /// The write an update carries, or the writes the sender's state holds, by operation number.
    public var clients = ProcessSet()
    /// The client's operation (request) or its result (reply).
    public var operation = RegisterOperation.ok

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool {
      (a.kind.rawValue, a.view, a.seq, a.value, a.clients.bits) < (
        b.kind.rawValue, b.view, b.seq, b.value, b.clients.bits
      )
        || (a.kind.rawValue, a.view, a.seq, a.value, a.clients.bits)
          == (b.kind.rawValue, b.view, b.seq, b.value, b.clients.bits) && a.operation < b.operation
    }

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(kind.rawValue) | UInt64(truncatingIfNeeded: view) << 4 | UInt64(truncatingIfNeeded: seq)
          << 12
          | UInt64(truncatingIfNeeded: value) << 20)
      f.combine(clients)
      f.combine(operation)
    }

    /// `Update(v0, #1, 1)`, `Request(write(1))`, ...
    public var description: String {
      switch kind {
      case .request: return "Request(\(operation))"
      case .reply: return "Reply(\(operation))"
      case .update: return "Update(v\(view), #\(seq), \(value))"
      case .ack: return "Ack(v\(view), #\(seq))"
      case .state: return "State(v\(view), #\(seq), \(value))"
      case .newView: return "NewView(v\(view), #\(seq), \(value))"
      case .installed: return "Installed(v\(view))"
      }
    }
  }

  /// A client invokes its operation.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Invoke the operation.
    case invoke
    /// `invoke`.
    public var description: String { "invoke" }
  }

  /// A replica's or a client's state.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The installed view (its primary).
    var view = 0
    /// The view being installed; equal to `view` outside a view change.
    var target = 0
    /// Updates applied, and the register's committed value.
    var seq = 0
    var value = 0
    /// Writes the value holds, by operation number.
    var applied = ProcessSet()
    /// Operations whose requests wait at this replica.
    var queue = ProcessSet()
    /// The primary's write being replicated (an operation number), or -1; and who acknowledged it.
    var pending = -1
    var acks = ProcessSet()
    /// The flush to this replica's own view: replicas whose state it has.
    var flushed = ProcessSet()
    /// Backups that acknowledged this replica's `NewView`: it serves once all unsuspected did.
    var installedAt = ProcessSet()
    /// Client state, and how many of its operations completed before the current one.
    var client = RegisterClient()
    var completed = 0
    /// Whether the process is a client (fixed by its number: it only chooses the description).
    var isClient = false

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(truncatingIfNeeded: view) | UInt64(truncatingIfNeeded: target) << 8
          | UInt64(truncatingIfNeeded: seq) << 16 | UInt64(truncatingIfNeeded: value) << 24
          | UInt64(truncatingIfNeeded: pending + 1) << 32 | UInt64(truncatingIfNeeded: completed) << 40)
      f.combine(word: applied.bits ^ queue.bits << 16 ^ acks.bits << 32 ^ flushed.bits << 48)
      f.combine(installedAt)
      f.combine(client)
    }

    /// A short summary.
    public var description: String {
      if isClient || client.invoked { return client.description }
      var text = "view \(view)\(target != view ? "→\(target)" : ""), value \(value) (#\(seq))"
      if pending >= 0 { text += ", replicating write #\(pending), acks \(acks)" }
      if !queue.isEmpty { text += ", queue \(queue)" }
      return text
    }
  }

  /// Operations, results and delivered updates.
  public typealias Value = RegisterOperation

  /// The number of replicas; the other processes are clients.
  public let replicas: Int
  /// Operations per client.
  public let operations: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(replicas: Int, operations: Int = 1, variant: Variant) {
    self.replicas = replicas
    self.operations = operations
    self.variant = variant
  }

  func isReplica(_ id: Int) -> Bool { id < replicas }
  /// The number of client process `client`'s operation after `completed` others.
  func number(client: Int, completed: Int) -> Int { (client - replicas) * operations + completed }
  /// The client process that performs operation `number`.
  func client(of number: Int) -> Int { replicas + number / operations }
  /// What operation `number` does: client k's j-th writes k / 2 × operations + j + 1 for even
  /// k and even j, and reads otherwise, so a writer reads back between its writes (with one
  /// operation each, `RegisterOperation.of(client:)`).
  func operation(_ number: Int) -> RegisterOperation {
    let (k, j) = number.quotientAndRemainder(dividingBy: operations)
    return k % 2 == 0 && j % 2 == 0 ? .write(k / 2 * operations + j + 1) : .read
  }
  /// The number of the operation a client is performing.
  func current(_ state: LocalState, _ context: Context<Self>) -> Int {
    number(client: context.id, completed: state.completed)
  }

  /// The lowest replica `context`'s detector does not suspect.
  func primary(_ context: Context<Self>) -> Int {
    (0..<replicas).first { !context.suspected.contains($0) } ?? replicas
  }

  /// The replicas above `view` not suspected: the backups of that view.
  func backups(of view: Int, _ context: Context<Self>) -> ProcessSet {
    ProcessSet(((view + 1)..<max(replicas, view + 1)).filter { !context.suspected.contains($0) })
  }

  /// Replicas install view 0, whose primary is replica 0.
  public func start(_ context: inout Context<Self>) -> LocalState {
    if isReplica(context.id) { context.install(view: 0, members: ProcessSet(0..<replicas)) }
    var state = LocalState()
    state.isClient = !isReplica(context.id)
    return state
  }

  /// A client invokes its first operation, and each next one once the last has its reply.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    !isReplica(context.id)
      && (!state.client.invoked || state.client.done && state.completed + 1 < operations) ? [.invoke] : []
  }

  /// The client invokes its next operation and sends it to the replica it believes primary.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    if state.client.invoked { state.completed += 1 }
    state.client.invoked = true
    state.client.done = false
    context.invoke(operation(current(state, context)))
    send(&state, &context)
  }

  func send(_ state: inout LocalState, _ context: inout Context<Self>) {
    state.client.sentTo = primary(context)
    guard state.client.sentTo < replicas else { return }
    let number = current(state, context)
    context.send(Message(kind: .request, seq: number, operation: operation(number)), to: state.client.sentTo)
  }

  /// Handles every message.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message.kind {
    case .request:
      state.queue.insert(message.seq)
      serve(&state, &context)
    case .reply:
      guard state.client.invoked, !state.client.done, message.seq == current(state, context) else { return }
      state.client.done = true
      context.respond(message.operation)
    case .update:
      let current = message.view == state.view && state.target == state.view && sender == state.view
      guard variant == .nonViewSynchronous || current, message.seq > state.seq else { return }
      state.seq = message.seq
      state.value = message.value
      state.applied = state.applied.union(message.clients)
      context.deliver(.write(message.value))
      context.send(Message(kind: .ack, view: message.view, seq: message.seq), to: sender)
    case .ack:
      guard state.pending >= 0, message.view == state.view, message.seq == state.seq + 1 else { return }
      state.acks.insert(sender)
      serve(&state, &context)
    case .state:
      // States come only for this replica's own view, from replicas that suspect every lower
      // one, so all lower ones have crashed: a state may arrive before this replica suspects
      // them too, and is kept for the flush rather than dropped.
      guard message.view == context.id, state.view != context.id else { return }
      adopt(message, &state, &context)
      state.flushed.insert(sender)
      installIfFlushed(&state, &context)
    case .newView:
      guard message.view == state.target, state.view != state.target else { return }
      adopt(message, &state, &context)
      state.view = message.view
      context.install(view: state.view, members: backups(of: state.view, context).union(ProcessSet([sender])))
      context.send(Message(kind: .installed, view: state.view), to: sender)
    case .installed:
      guard message.view == state.view, state.view == context.id else { return }
      state.installedAt.insert(sender)
      serve(&state, &context)
    }
  }

  /// Takes a more advanced state from the flush, delivering the update it was missing.
  func adopt(_ message: Message, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard message.seq > state.seq else { return }
    state.seq = message.seq
    state.value = message.value
    state.applied = state.applied.union(message.clients)
    context.deliver(.write(message.value))
  }

  /// Whether the new view's state is at every unsuspected backup, so the primary may serve. View
  /// 0 starts with every replica in the same state; without a flush there is nothing to wait for.
  func stateInstalled(_ state: LocalState, _ context: Context<Self>) -> Bool {
    variant == .nonViewSynchronous || state.view == 0
      || state.installedAt.isSuperset(of: backups(of: state.view, context))
  }

  /// The primary answers queued requests: reads at once, writes one at a time, each committed
  /// once every unsuspected backup acknowledged it (at once, in `reply-before-ack`).
  func serve(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard isReplica(context.id), state.view == context.id, state.target == context.id,
      stateInstalled(state, context)
    else { return }
    var progress = true
    while progress {
      progress = false
      for number in state.queue.members {
        let operation = operation(number)
        if operation == .read || state.applied.contains(number) {
          state.queue.remove(number)
          context.send(
            Message(kind: .reply, seq: number, operation: operation == .read ? .value(state.value) : .ok),
            to: client(of: number))
          continue
        }
        guard state.pending < 0, case .write(let written) = operation else { continue }
        let update = Message(
          kind: .update, view: state.view, seq: state.seq + 1, value: written, clients: ProcessSet([number]))
        if variant == .replyBeforeAck {
          state.queue.remove(number)
          commit(update, &state, &context)
        } else {
          state.pending = number
          state.acks = ProcessSet()
        }
        context.send(update, to: backups(of: state.view, context))
      }
      if state.pending >= 0, state.acks.isSuperset(of: backups(of: state.view, context)),
        case .write(let written) = operation(state.pending)
      {
        let number = state.pending
        state.pending = -1
        state.queue.remove(number)
        commit(
          Message(
            kind: .update, view: state.view, seq: state.seq + 1, value: written, clients: ProcessSet([number])
          ),
          &state, &context)
        progress = true
      }
    }
  }

  /// Applies a write at the primary and replies to its client.
  func commit(_ update: Message, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.seq = update.seq
    state.value = update.value
    state.applied = state.applied.union(update.clients)
    context.deliver(.write(update.value))
    for number in update.clients.members {
      context.send(Message(kind: .reply, seq: number, operation: .ok), to: client(of: number))
    }
  }

  /// Clients resend when the replica they believe primary changes; replicas start a view
  /// change when the primary is suspected, and a waiting primary stops waiting for crashed
  /// backups.
  ///
  /// With a perfect detector the primary a client believes in changes only when it suspects the
  /// one it sent to; with ◇P (`--false-suspicions`) it also changes back when the client trusts
  /// a lower replica again, and the client resends there.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    guard isReplica(context.id) else {
      if state.client.invoked, !state.client.done, primary(context) != state.client.sentTo,
        variant != .noClientRetry
      {
        send(&state, &context)
      }
      return
    }
    let next = primary(context)
    if next > state.target {
      state.target = next
      if variant == .nonViewSynchronous {
        state.view = next
        context.install(view: next, members: backups(of: next, context).union(ProcessSet([next])))
      } else if next != context.id {
        context.send(
          Message(kind: .state, view: next, seq: state.seq, value: state.value, clients: state.applied),
          to: next)
      }
    }
    installIfFlushed(&state, &context)
    serve(&state, &context)
  }

  /// The new primary installs its view once every unsuspected backup sent its state, and sends
  /// them that state; it serves once they all acknowledged it.
  func installIfFlushed(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.target == context.id, state.view != state.target,
      state.flushed.isSuperset(of: backups(of: context.id, context))
    else { return }
    state.view = context.id
    let members = backups(of: context.id, context)
    context.install(view: state.view, members: members.union(ProcessSet([context.id])))
    context.send(
      Message(kind: .newView, view: state.view, seq: state.seq, value: state.value, clients: state.applied),
      to: members)
    serve(&state, &context)
  }

  /// Replicas are `p0`, `p1`, ...; clients `c0`, `c1`, ...
  public func name(of process: Int) -> String {
    isReplica(process) ? "p\(process)" : "c\(process - replicas)"
  }
}

/// Builds the primary-backup system.
public enum PrimaryBackup {
  /// `replicas` replicas and `clients` clients over a reliable unordered network, with at most
  /// `crashes` crashes, each possibly in mid-broadcast, and a perfect failure detector. Under an
  /// eventually perfect or strong `detector`, or a `network` whose links may be cut, the
  /// protocol's assumption is broken: the check then shows why it needs P.
  public static func make(
    replicas: Int, clients: Int, operations: Int = 1, crashes: Int, detector: FailureDetector = .perfect,
    network: NetworkSemantics = .unordered, variant: PrimaryBackupProcess.Variant
  ) throws(FaultlineError) -> System<PrimaryBackupProcess> {
    try DetectorSetting.validate(detector, network: network)
    guard (1...3).contains(operations) else {
      throw .invalidParameter(name: "operations", value: "\(operations)", expected: "an integer from 1 to 3")
    }
    // Without a flush, replicas diverge only if two of them outlive a primary that crashed in
    // mid-broadcast: with fewer replicas or no crash the variant behaves like the correct one,
    // and a "holds" there would say nothing about it.
    if variant == .nonViewSynchronous {
      try ReplicatedRegister.requireForVariant(
        variant.rawValue, replicas: (3, replicas, "its backups can diverge only with two survivors"),
        crashes: (crashes, "without a crash there is no view change"))
    }
    /// Every client invoked all its operations and has their replies.
    @Sendable func allReplied(_ state: SystemState<PrimaryBackupProcess>) -> Bool {
      ReplicatedRegister.allReplied(state, operations: clients * operations)
    }
    if variant == .noClientRetry, crashes < 1 {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)",
        expected: "1 or more for variant no-client-retry (only a crashed primary leaves a request unanswered)"
      )
    }
    var properties: [Property<SystemState<PrimaryBackupProcess>>] = [
      SystemProperties.viewSynchrony(),
      .sometimes("every client has its reply", allReplied),
      // Clients never crash, and fewer than all replicas do, so some replica is up to serve.
      .eventually("every client eventually gets its reply", allReplied),
    ]
    // A view change needs a crash: with none, a new view is unreachable by design, and the
    // sanity check would report a vacuous "violation".
    if crashes > 0 {
      properties.insert(
        .sometimes("a new primary installs its view") { state in
          state.outputs.contains {
            $0.contains { if case .install(let view, _) = $0 { view > 0 } else { false } }
          }
        }, at: 1)
    }
    return try ReplicatedRegister.system(
      PrimaryBackupProcess(replicas: replicas, operations: operations, variant: variant), replicas: replicas,
      clients: clients,
      crashes: crashes,
      detector: detector, network: network, properties: properties)
  }
}
