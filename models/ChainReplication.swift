import Faultline

/// Chain replication of a register (van Renesse and Schneider), with a perfect failure detector.
///
/// Processes `0..<replicas` form the chain in order, the rest are clients; the first `writers`
/// clients write once each (client k writes k + 1), each of the others reads twice, one read
/// after the other. The head (the lowest unsuspected replica) takes writes, applies them and
/// passes its state down the chain; the tail (the highest unsuspected replica) answers reads and
/// acknowledges the writes its state holds. When a replica's successor crashes it sends its
/// state to the next one; a replica ignores messages from replicas it suspects, so a crashed
/// head's unforwarded writes are lost (their clients never got a reply).
///
/// Assumptions: reliable unordered network; crash-stop, at most `crashes` crashes, each of which
/// may strike in mid-broadcast; perfect failure detector; clients send writes to the head and
/// reads to the tail they believe in, and resend when they suspect that replica.
public struct ChainReplicationProcess: SystemProcess {
  /// The protocol's variants.
  public enum Variant: String, Sendable, CaseIterable {
    /// The protocol as described.
    case correct
    /// The head answers reads: it may expose a write that is then lost with it.
    case readAtHead = "read-at-head"
    /// When its successor crashes, a replica links to the next one without resending what it
    /// holds: a write that died with the crashed replica never reaches the tail, and its client
    /// waits forever (a liveness violation; every read stays linearizable).
    case noResendOnRepair = "no-resend-on-repair"
  }

  /// A message: a client's request, a reply, or a replica's state passed down the chain.
  public struct Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// What the message is.
    public enum Kind: Int, Sendable { case request, reply, update }
    /// What the message is.
    public var kind: Kind
    /// Updates applied by the sender (update), or which of its client's operations a request or
    /// reply is about (0 or 1), so that a late reply to an earlier request is not taken.
    public var seq = 0
    /// The register's value at the sender (update).
    public var value = 0
    /// The writers whose writes the sender's state holds (update).
    public var clients = ProcessSet()
    /// The operation (request) or result (reply).
    public var operation = RegisterOperation.ok

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool {
      let left = (a.kind.rawValue, a.seq, a.value, a.clients.bits)
      let right = (b.kind.rawValue, b.seq, b.value, b.clients.bits)
      return left < right || (left == right && a.operation < b.operation)
    }

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(kind.rawValue) | UInt64(truncatingIfNeeded: seq) << 4 | UInt64(truncatingIfNeeded: value)
          << 20)
      f.combine(clients)
      f.combine(operation)
    }

    /// `Update(#1, 1)`, `Request(read)`, ...
    public var description: String {
      switch kind {
      case .request: return "Request(\(operation))"
      case .reply: return "Reply(\(operation))"
      case .update: return "Update(#\(seq), \(value))"
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
    /// Updates applied and the register's value.
    var seq = 0
    var value = 0
    /// Writers whose writes the value holds, and those the replica acknowledged as tail.
    var applied = ProcessSet()
    var acked = ProcessSet()
    /// Requests waiting at this replica, each as `2 × client + index` (the client's first or
    /// second operation), so a reply names the request it answers.
    var queue = ProcessSet()
    /// The successor it last passed its state to (-1: none, it is the tail).
    var successor = -1
    /// Client state, and the operations the client completed.
    var client = RegisterClient()
    var completed = 0
    /// Whether the process is a client (fixed by its number: it only chooses the description).
    var isClient = false

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(truncatingIfNeeded: seq) | UInt64(truncatingIfNeeded: value) << 16
          | UInt64(truncatingIfNeeded: successor + 1) << 32 | UInt64(truncatingIfNeeded: completed) << 48)
      f.combine(word: applied.bits ^ acked.bits << 21 ^ queue.bits << 42)
      f.combine(client)
    }

    /// A short summary.
    public var description: String {
      if isClient || client.invoked { return client.description }
      var text = "value \(value) (#\(seq))"
      if !queue.isEmpty { text += ", queue \(queue)" }
      return text
    }
  }

  /// Operations and results.
  public typealias Value = RegisterOperation

  /// The number of replicas; the other processes are clients.
  public let replicas: Int
  /// The number of clients that write (the first ones); the others read.
  public let writers: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(replicas: Int, writers: Int = 1, variant: Variant) {
    self.replicas = replicas
    self.writers = writers
    self.variant = variant
  }

  func isReplica(_ id: Int) -> Bool { id < replicas }
  /// Client k writes k + 1 if it is one of the writers, and reads otherwise.
  func operation(of client: Int) -> RegisterOperation {
    client - replicas < writers ? .write(client - replicas + 1) : .read
  }
  func unsuspected(_ context: Context<Self>) -> [Int] {
    (0..<replicas).filter { !context.suspected.contains($0) }
  }
  func isHead(_ context: Context<Self>) -> Bool { unsuspected(context).first == context.id }
  func isTail(_ context: Context<Self>) -> Bool { unsuspected(context).last == context.id }
  func successor(_ context: Context<Self>) -> Int {
    unsuspected(context).first { $0 > context.id } ?? -1
  }

  /// Every replica starts with the register at 0 and its chain successor.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    if isReplica(context.id) { state.successor = successor(context) } else { state.isClient = true }
    return state
  }

  /// How many operations client `id` performs: a writer one, a reader two.
  func operationCount(of id: Int) -> Int { id - replicas < writers ? 1 : 2 }

  /// A client with no operation pending and operations left may invoke the next.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    !isReplica(context.id) && (!state.client.invoked || state.client.done)
      && state.completed < operationCount(of: context.id) ? [.invoke] : []
  }

  /// The client invokes its operation and sends it to the head or the tail.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.client.invoked = true
    state.client.done = false
    context.invoke(operation(of: context.id))
    send(&state, &context)
  }

  func send(_ state: inout LocalState, _ context: inout Context<Self>) {
    let operation = operation(of: context.id)
    let chain = unsuspected(context)
    let atHead = operation != .read || variant == .readAtHead
    guard let target = atHead ? chain.first : chain.last else { return }
    state.client.sentTo = target
    context.send(Message(kind: .request, seq: state.completed, operation: operation), to: target)
  }

  /// Handles every message.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message.kind {
    case .request:
      state.queue.insert(2 * sender + min(max(message.seq, 0), 1))
      serve(&state, &context)
    case .reply:
      guard state.client.invoked, !state.client.done, message.seq == state.completed else { return }
      state.client.done = true
      state.completed += 1
      context.respond(message.operation)
    case .update:
      guard !context.suspected.contains(sender), message.seq > state.seq else { return }
      state.seq = message.seq
      state.value = message.value
      state.applied = state.applied.union(message.clients)
      pass(&state, &context)
      serve(&state, &context)
    }
  }

  /// Passes the state to the successor, or, at the tail, acknowledges the writes it holds.
  func pass(_ state: inout LocalState, _ context: inout Context<Self>) {
    if state.successor >= 0 {
      context.send(
        Message(kind: .update, seq: state.seq, value: state.value, clients: state.applied),
        to: state.successor)
    } else {
      let unacknowledged = state.applied.subtracting(state.acked)
      state.acked = state.applied
      context.send(Message(kind: .reply, operation: .ok), to: unacknowledged)
    }
  }

  /// The head applies queued writes; the tail (the head, in `read-at-head`) answers reads.
  func serve(_ state: inout LocalState, _ context: inout Context<Self>) {
    for request in state.queue.members {
      let client = request / 2
      let operation = operation(of: client)
      if case .write(let written) = operation {
        guard isHead(context) else { continue }
        state.queue.remove(request)
        if !state.applied.contains(client) {
          state.seq += 1
          state.value = written
          state.applied.insert(client)
        }
        pass(&state, &context)
      } else if variant == .readAtHead ? isHead(context) : isTail(context) {
        state.queue.remove(request)
        context.send(Message(kind: .reply, seq: request % 2, operation: .value(state.value)), to: client)
      }
    }
  }

  /// Clients resend to the new head or tail; a replica whose successor crashed passes its
  /// state to the next one, or becomes the tail.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    guard isReplica(context.id) else {
      if state.client.invoked, !state.client.done, context.suspected.contains(state.client.sentTo) {
        send(&state, &context)
      }
      return
    }
    let next = successor(context)
    if next != state.successor {
      state.successor = next
      // Van Renesse and Schneider's repair: the predecessor of a crashed replica sends its
      // successor what that one may have missed. The broken variant only acknowledges, as a
      // new tail.
      if next < 0 || (state.seq > 0 && variant != .noResendOnRepair) { pass(&state, &context) }
    }
    serve(&state, &context)
  }

  /// Replicas are `p0`, `p1`, ...; clients `c0`, `c1`, ...
  public func name(of process: Int) -> String {
    isReplica(process) ? "p\(process)" : "c\(process - replicas)"
  }
}

/// Builds the chain replication system.
public enum ChainReplication {
  /// A chain of `replicas` and `clients` clients (the first `writers` write once each, the others
  /// read twice) over a reliable unordered network, with a perfect failure detector and at most
  /// `crashes` crashes.
  public static func make(
    replicas: Int, clients: Int, writers: Int = 1, crashes: Int, variant: ChainReplicationProcess.Variant
  ) throws(FaultlineError) -> System<ChainReplicationProcess> {
    guard (1...max(clients, 1)).contains(writers) else {
      throw .invalidParameter(
        name: "writers", value: "\(writers)", expected: "1 to \(max(clients, 1)) (at most --clients)")
    }
    // The lost resend matters only when a replica between the head and the tail crashes.
    if variant == .noResendOnRepair {
      try ReplicatedRegister.requireForVariant(
        variant.rawValue, replicas: (3, replicas, "a middle replica must crash"),
        crashes: (crashes, "without a crash the chain is never repaired"))
    }
    /// Every operation (one write per writer, two reads per reader) was invoked and has its reply.
    @Sendable func allReplied(_ state: SystemState<ChainReplicationProcess>) -> Bool {
      ReplicatedRegister.allReplied(state, operations: writers + 2 * (clients - writers))
    }
    return try ReplicatedRegister.system(
      ChainReplicationProcess(replicas: replicas, writers: writers, variant: variant), replicas: replicas,
      clients: clients,
      crashes: crashes,
      properties: [
        .sometimes("every client has its reply", allReplied),
        // Clients never crash, and fewer than all replicas do, so the chain keeps a head and a tail.
        .eventually("every client eventually gets its replies", allReplied),
      ])
  }
}
