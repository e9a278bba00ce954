import Faultline

/// Quorum replication of a register on the `System` layer, from the published algorithms:
///
/// - Gifford, "Weighted Voting for Replicated Data" (SOSP 1979): every copy has votes (here one
///   each); a read collects a read quorum of r votes and a write a write quorum of w votes, with
///   r + w > n, so that every read quorum meets every write quorum; version numbers tell which
///   copies are current.
/// - Attiya, Bar-Noy and Dolev, "Sharing Memory Robustly in Message-Passing Systems" (JACM
///   42(1), 1995), in the multi-writer form of Lynch and Shvartsman, "Robust Emulation of Shared
///   Memory Using Dynamic Quorum-Acknowledged Broadcasts" (FTCS 1997): without transactions, a
///   write first queries a read quorum for the highest tag (version, writer) and stores
///   (max + 1, its id) at a write quorum; a read queries a read quorum, takes the highest-tagged
///   value, and writes it back to a write quorum before it returns.
///
/// Processes `0..<replicas` are replicas, the rest clients. Client 0 writes 1 and is done; every
/// other client k performs `operations` operations one after the other: a write of k + 1 first
/// if k < `writers`, then reads. A replica answers a query with its tag and value, and adopts a
/// stored value whose tag is higher than its own; either way it acknowledges. Tags are ordered
/// by version, then writer: of two writes with the same version, the higher client's wins.
///
/// Each phase asks a quorum the client picks (`Fanout.quorum`, the default: any r or w replicas
/// it does not suspect, a choice the explorer enumerates) or every replica (`Fanout.all`, as
/// Attiya, Bar-Noy and Dolev send), and completes with the first r or w distinct replies; a
/// message names the client's operation, so a late reply is ignored. A client that suspects a
/// replica it waits for (a perfect detector, with `Fanout.quorum`) asks every replica it does
/// not suspect and has not asked. While fewer than a quorum of replicas is up a client waits
/// forever, which breaks only the liveness property: nothing wrong is ever answered.
public struct QuorumReplicationProcess: SystemProcess {
  /// The protocol's variants.
  public enum Variant: String, Sendable, CaseIterable {
    /// The protocol as published, with r + w > n.
    case correct
    /// Quorums with r + w ≤ n: a read quorum may miss every replica the last write reached.
    case smallQuorums = "small-quorums"
    /// Reads return the highest-tagged value without writing it back to a write quorum.
    case noWriteBack = "no-write-back"
    /// Writers skip the query phase and tag their write with their own counter, as the
    /// single-writer algorithm of Attiya, Bar-Noy and Dolev does.
    case noWriteQuery = "no-write-query"
  }

  /// Whom a client sends each phase to.
  public enum Fanout: String, Sendable, CaseIterable {
    /// A quorum of its choice, and the other replicas once it suspects one it waits for.
    case quorum
    /// Every replica (Attiya, Bar-Noy and Dolev); needs no failure detector.
    case all
  }

  /// A value's tag: ordered by version, then by the client that wrote it.
  public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The version number: one more than the highest the writer found.
    public var version: Int
    /// The writer's client index (0 for c0), or -1 for the initial value.
    public var writer: Int

    /// The initial value's tag, below every write's.
    public static let initial = Tag(version: 0, writer: -1)

    /// Creates a tag.
    public init(version: Int, writer: Int) {
      self.version = version
      self.writer = writer
    }

    /// Orders by version, then writer.
    public static func < (a: Tag, b: Tag) -> Bool { (a.version, a.writer) < (b.version, b.writer) }

    /// `(1, c0)`, or `(0)` for the initial value.
    public var description: String { writer < 0 ? "(\(version))" : "(\(version), c\(writer))" }
  }

  /// A message between a client and a replica.
  public struct Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// What the message is.
    public enum Kind: Int, Sendable {
      /// A client asks for a replica's tag and value.
      case query
      /// A replica's tag and value.
      case reply
      /// A client asks a replica to store a tagged value.
      case store
      /// A replica holds a tag at least as high as the stored one.
      case ack
    }
    /// What the message is.
    public var kind: Kind
    /// Which of its client's operations it belongs to (0 for the first).
    public var operation: Int
    /// The tag replied or stored.
    public var tag = Tag.initial
    /// The value replied or stored.
    public var value = 0

    /// Creates a message; queries and acknowledgements carry the initial tag and 0.
    public init(kind: Kind, operation: Int, tag: Tag = .initial, value: Int = 0) {
      self.kind = kind
      self.operation = operation
      self.tag = tag
      self.value = value
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool {
      (a.kind.rawValue, a.operation, a.tag.version, a.tag.writer, a.value)
        < (b.kind.rawValue, b.operation, b.tag.version, b.tag.writer, b.value)
    }

    /// `Query(#1)`, `Reply(#1, 2 (1, c1))`, `Store(#1, 2 (1, c1))`, `Ack(#1)`: `#1` is the
    /// client's second operation, `2 (1, c1)` the value 2 with its tag.
    public var description: String {
      switch kind {
      case .query: return "Query(#\(operation))"
      case .reply: return "Reply(#\(operation), \(value) \(tag))"
      case .store: return "Store(#\(operation), \(value) \(tag))"
      case .ack: return "Ack(#\(operation))"
      }
    }
  }

  /// A client's own steps: invoking an operation and picking the quorums its phases ask.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Invoke the next operation and query these replicas.
    case query(ProcessSet)
    /// Store at these replicas: after the query phase, or at once for a write that skips it.
    case store(ProcessSet)

    /// `query {p0, p1}`, `store at {p1, p2}`.
    public var description: String {
      switch self {
      case .query(let replicas): return "query \(QuorumReplicationProcess.names(replicas))"
      case .store(let replicas): return "store at \(QuorumReplicationProcess.names(replicas))"
      }
    }
  }

  /// Where a client's operation stands.
  public enum Phase: Int, Hashable, Sendable {
    /// No operation pending.
    case idle
    /// Collecting a read quorum's replies.
    case query
    /// Done querying; the client picks the replicas to store at next.
    case ready
    /// Collecting a write quorum's acknowledgements.
    case store
  }

  /// A replica's or a client's state.
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// A replica's tagged value; a client's highest tag and value found, then the pair it stores.
    var tag = Tag.initial
    var value = 0
    /// A client's completed operations, and its pending operation's phase.
    var completed = 0
    var phase = Phase.idle
    /// The replicas a client asked in this phase, and those that answered.
    var asked = ProcessSet()
    var replies = ProcessSet()
    /// Whether this is a client (for the description).
    var isClient = false

    /// `1 (1, c0)` for a replica; a client's pending operation, or how many it completed.
    public var description: String {
      guard isClient else { return "\(value) \(tag)" }
      let found = "\(value) \(tag)"
      switch phase {
      case .idle: return "\(completed) done"
      case .query: return "op #\(completed) query: replies \(names(replies)), highest \(found)"
      case .ready: return "op #\(completed) queried: to store \(found)"
      case .store: return "op #\(completed) store \(found): acks \(names(replies))"
      }
    }

    func names(_ set: ProcessSet) -> String { QuorumReplicationProcess.names(set) }
  }

  /// Client operations and their results.
  public typealias Value = RegisterOperation

  /// The number of replicas; the other processes are clients.
  public let replicas: Int
  /// The replies a query phase waits for: the read quorum.
  public let readQuorum: Int
  /// The acknowledgements a store phase waits for: the write quorum.
  public let writeQuorum: Int
  /// The clients that write: client 0, and clients 1..<writers before their reads.
  public let writers: Int
  /// Operations of each client but client 0 (which writes once).
  public let operations: Int
  /// Whom each phase is sent to.
  public let fanout: Fanout
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(
    replicas: Int, readQuorum: Int, writeQuorum: Int, writers: Int, operations: Int, fanout: Fanout,
    variant: Variant
  ) {
    self.replicas = replicas
    self.readQuorum = readQuorum
    self.writeQuorum = writeQuorum
    self.writers = writers
    self.operations = operations
    self.fanout = fanout
    self.variant = variant
  }

  /// `{p0, p2}`.
  static func names(_ set: ProcessSet) -> String {
    "{" + set.members.map { "p\($0)" }.joined(separator: ", ") + "}"
  }

  func isReplica(_ id: Int) -> Bool { id < replicas }
  var allReplicas: ProcessSet { ProcessSet(0..<replicas) }

  /// Client `client`'s operation number `number`: client 0 writes 1; client k writes k + 1
  /// first if it is a writer, then reads.
  public func operation(_ number: Int, ofClient client: Int) -> RegisterOperation {
    number == 0 && client < writers ? .write(client + 1) : .read
  }

  /// How many operations client `client` performs.
  public func operationCount(ofClient client: Int) -> Int { client == 0 ? 1 : operations }

  /// Whether the operation skips the query phase (a write in `no-write-query`).
  func skipsQuery(_ operation: RegisterOperation) -> Bool {
    variant == .noWriteQuery && operation != .read
  }

  /// Replicas hold 0 with the initial tag; clients are idle.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState()
    state.isClient = !isReplica(context.id)
    return state
  }

  /// Every set of `size` replicas the client does not suspect, in a fixed order; all of them
  /// when fewer are left (the client then waits, forever if they are too few).
  func quorums(of size: Int, _ context: Context<Self>) -> [ProcessSet] {
    let candidates = allReplicas.subtracting(context.suspected).members
    guard candidates.count > size else { return [ProcessSet(candidates)] }
    var result: [ProcessSet] = []
    func extend(_ chosen: ProcessSet, from index: Int) {
      guard chosen.count < size else {
        result.append(chosen)
        return
      }
      for next in index..<candidates.count {
        var more = chosen
        more.insert(candidates[next])
        extend(more, from: next + 1)
      }
    }
    extend(ProcessSet(), from: 0)
    return result
  }

  /// An idle client with operations left invokes the next, querying any read quorum of
  /// replicas it does not suspect (a write that skips the query stores at any write quorum);
  /// a client done querying stores at any write quorum. With `Fanout.all` the one choice is
  /// every replica, and the store follows the query at once.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    guard state.isClient else { return [] }
    let client = context.id - replicas
    switch state.phase {
    case .idle:
      guard state.completed < operationCount(ofClient: client) else { return [] }
      let skips = skipsQuery(operation(state.completed, ofClient: client))
      let targets = fanout == .all ? [allReplicas] : quorums(of: skips ? writeQuorum : readQuorum, context)
      return targets.map { skips ? .store($0) : .query($0) }
    case .ready:
      return quorums(of: writeQuorum, context).map { .store($0) }
    case .query, .store:
      return []
    }
  }

  /// Invokes the next operation and starts its query (or, for a write that skips it, its
  /// store), or starts the store phase of a client done querying.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    let client = context.id - replicas
    let operation = operation(state.completed, ofClient: client)
    if state.phase == .idle { context.invoke(operation) }
    switch choice {
    case .query(let targets):
      state.phase = .query
      state.tag = .initial
      state.value = 0
      ask(targets, &state, &context)
    case .store(let targets):
      if state.phase == .idle, case .write(let written) = operation {
        // Its own counter: a client writes once, so this is version 1.
        state.tag = Tag(version: 1, writer: client)
        state.value = written
      }
      state.phase = .store
      ask(targets, &state, &context)
    }
  }

  /// Sends the pending phase's message to `targets` and waits for their replies, asking the
  /// others too if the client already suspects one of them.
  func ask(_ targets: ProcessSet, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.asked = targets
    state.replies = ProcessSet()
    context.send(phaseMessage(state), to: targets)
    askOthersIfSuspected(&state, &context)
  }

  /// With `Fanout.quorum`: once a replica the client asked and waits for is suspected, it asks
  /// every replica it does not suspect and has not asked in this phase.
  func askOthersIfSuspected(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard fanout == .quorum, state.phase == .query || state.phase == .store,
      state.asked.subtracting(state.replies).bits & context.suspected.bits != 0
    else { return }
    let others = allReplicas.subtracting(state.asked).subtracting(context.suspected)
    state.asked = state.asked.union(others)
    context.send(phaseMessage(state), to: others)
  }

  /// The message of the client's pending phase.
  func phaseMessage(_ state: LocalState) -> Message {
    state.phase == .query
      ? Message(kind: .query, operation: state.completed)
      : Message(kind: .store, operation: state.completed, tag: state.tag, value: state.value)
  }

  /// Done querying: the client stores `tag` and `value` at every replica (`Fanout.all`), or
  /// picks a write quorum next.
  func queried(_ tag: Tag, _ value: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.tag = tag
    state.value = value
    state.asked = ProcessSet()
    state.replies = ProcessSet()
    state.phase = fanout == .all ? .store : .ready
    if fanout == .all { ask(allReplicas, &state, &context) }
  }

  /// Completes the pending operation with `result`.
  func respond(_ result: RegisterOperation, _ state: inout LocalState, _ context: inout Context<Self>) {
    context.respond(result)
    state.completed += 1
    state.phase = .idle
    state.tag = .initial
    state.value = 0
    state.asked = ProcessSet()
    state.replies = ProcessSet()
  }

  /// Replicas answer queries and stores; clients count the replies of their pending phase.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message.kind {
    case .query:
      context.send(
        Message(kind: .reply, operation: message.operation, tag: state.tag, value: state.value), to: sender)
    case .store:
      if message.tag > state.tag {
        state.tag = message.tag
        state.value = message.value
      }
      context.send(Message(kind: .ack, operation: message.operation), to: sender)
    case .reply:
      guard state.phase == .query, message.operation == state.completed else { return }
      state.replies.insert(sender)
      if message.tag > state.tag {
        state.tag = message.tag
        state.value = message.value
      }
      guard state.replies.count == readQuorum else { return }
      let client = context.id - replicas
      if case .write(let written) = operation(state.completed, ofClient: client) {
        queried(Tag(version: state.tag.version + 1, writer: client), written, &state, &context)
      } else if variant == .noWriteBack {
        respond(.value(state.value), &state, &context)
      } else {
        // The write-back: the value read is at a write quorum before the read returns.
        queried(state.tag, state.value, &state, &context)
      }
    case .ack:
      guard state.phase == .store, message.operation == state.completed else { return }
      state.replies.insert(sender)
      guard state.replies.count == writeQuorum else { return }
      let isRead = operation(state.completed, ofClient: context.id - replicas) == .read
      respond(isRead ? .value(state.value) : .ok, &state, &context)
    }
  }

  /// A client that suspects a replica it waits for asks the others.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    if state.isClient { askOthersIfSuspected(&state, &context) }
  }

  /// Replicas are `p0`, `p1`, ...; clients `c0`, `c1`, ...
  public func name(of process: Int) -> String {
    isReplica(process) ? "p\(process)" : "c\(process - replicas)"
  }
}
