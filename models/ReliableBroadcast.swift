import Faultline

/// Reliable broadcast with FIFO or causal delivery, from the published algorithms:
///
/// - Hadzilacos and Toueg, "A Modular Approach to Fault-Tolerant Broadcasts and Related
///   Problems" (Cornell University TR 94-1425, 1994): reliable broadcast by diffusion (a process
///   relays a message to all the first time it receives it, then delivers it), FIFO broadcast on
///   top of it by per-sender sequence numbers and a hold-back queue, and the specifications of
///   agreement, integrity, FIFO order and causal order checked here.
/// - Birman, Schiper and Stephenson, "Lightweight Causal and Atomic Group Multicast" (ACM TOCS
///   9(3), 1991): causal delivery with vector clocks. A message m from j carries its sender's
///   vector V_m; process i holds it back until V_m[j] = V_i[j] + 1 and V_m[k] ≤ V_i[k] for every
///   k ≠ j, where V_i[k] counts the messages from k that i has delivered.
/// - Cachin, Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed
///   Programming" (2nd ed., 2011), chapter 3: eager reliable broadcast (algorithm 3.3), and the
///   waiting causal broadcast, which is the vector-clock rule above over reliable broadcast.
///
/// The run has `messages` broadcasts in all, dealt out in turn: broadcast j (from 0) belongs to
/// process j mod n, which makes it whenever it chooses, so a process can broadcast after
/// delivering others' messages and causal chains cross processes. Dealing them out keeps the
/// space small: two broadcasts at three processes already give the classic causal chain (p0's
/// message reaches p1, p1 broadcasts, p2 receives p1's first), and FIFO order needs more
/// broadcasts than processes, so that one process makes two (`make` refuses fewer). A single
/// broadcast has no order to keep: under causal order it checks agreement, validity and
/// integrity alone, and no order property is listed.
///
/// A broadcaster delivers its own message at once (its own predecessors are all delivered), then
/// sends it to the others, stamped under causal order with its vector clock after that delivery
/// (so V_m[j] counts m itself, as in Birman, Schiper and Stephenson). Sequence numbers count
/// from 0.
///
/// A relay goes to every process but the message's origin and the process it came from. The
/// published algorithms send to all; this deviates from them only in the number of copies, and
/// changes no verdict. Both processes left out have received the message already (the origin
/// delivered it when it broadcast it, the sender received it before relaying it), and `receive`
/// ignores a message already received, in every variant: a copy to them would change nothing
/// but the network when it arrives, or when it is lost. The properties read the local states
/// and outputs, and "the run is over" counts a copy in flight of a message already received as
/// done. So every run of either version has a run of the other with the same local states and
/// outputs: add or remove those copies and their arrivals, and match a crash in mid-relay with
/// one after the same useful sends (here a step of its own when only copies to those two were
/// missing). State counts and counterexample lengths may differ (over FIFO links a copy would
/// also have to arrive before later messages on its link); verdicts cannot. Crashes are
/// crash-stop and may strike in mid-broadcast or mid-relay, after any subset of the sends.
///
/// Broken variants: `deliver-on-receipt` keeps no hold-back queue and delivers each message the
/// first time it arrives, so over a reordering network a process delivers a message before its
/// causal predecessor (and, under FIFO order, a sender's second message before its first). Over
/// FIFO links it is correct: a process relays what it delivers before anything it sends later,
/// so every link carries a message after its causal predecessors. `no-relay` is best-effort
/// broadcast under the same ordering layer, so a sender that crashes in mid-broadcast leaves one
/// correct process with its message and another without it.
public struct ReliableBroadcastProcess: SystemProcess {
  /// Which version of the protocol a process runs.
  public enum Variant: String, CaseIterable, Sendable {
    /// Diffusion with a hold-back queue ordered by sequence numbers or vector clocks.
    case correct
    /// No hold-back queue: each message is delivered the first time it arrives.
    case deliverOnReceipt = "deliver-on-receipt"
    /// No relay: best-effort broadcast under the ordering layer.
    case noRelay = "no-relay"
  }

  /// The delivery order the hold-back queue enforces.
  public enum Order: String, CaseIterable, Sendable {
    /// A sender's messages in the order it sent them (sequence numbers).
    case fifo
    /// Causal order (vector clocks); it implies FIFO order.
    case causal
  }

  /// A broadcast message as the application sees it: its origin and its sequence number there.
  public struct Broadcast: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The process that broadcast it.
    public var origin: Int
    /// How many messages its origin had broadcast before it.
    public var sequence: Int

    /// Creates the identity of `origin`'s message number `sequence`.
    public init(origin: Int, sequence: Int) {
      self.origin = origin
      self.sequence = sequence
    }

    /// Its bit in a `LocalState.delivered` mask: eight sequence numbers per origin.
    var bit: UInt64 { 1 << UInt64(origin * 8 + sequence) }

    /// Orders by origin, then sequence number.
    public static func < (a: Broadcast, b: Broadcast) -> Bool {
      (a.origin, a.sequence) < (b.origin, b.sequence)
    }

    /// Feeds both numbers in one word.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(word: UInt64(truncatingIfNeeded: origin) << 32 | UInt64(truncatingIfNeeded: sequence))
    }

    /// `p1#0`: p1's first message.
    public var description: String { "p\(origin)#\(sequence)" }
  }

  /// A vector clock over at most 8 processes, one byte per process.
  public struct VectorClock: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Entry k in byte k.
    public private(set) var lanes: UInt64 = 0
    /// The number of processes.
    public let count: Int

    /// All zeros over `count` processes.
    public init(count: Int) { self.count = count }

    /// Entry `process`.
    public subscript(_ process: Int) -> Int {
      get { Int(truncatingIfNeeded: lanes >> UInt64(process * 8) & 0xFF) }
      set {
        let shift = UInt64(process * 8)
        lanes = lanes & ~(0xFF << shift) | UInt64(truncatingIfNeeded: newValue & 0xFF) << shift
      }
    }

    /// Orders by the entries' bytes.
    public static func < (a: VectorClock, b: VectorClock) -> Bool { a.lanes < b.lanes }

    /// `[1, 0, 0]`.
    public var description: String {
      "[" + (0..<count).map { String(self[$0]) }.joined(separator: ", ") + "]"
    }
  }

  /// The one message of the protocol: a broadcast, as sent by its origin or relayed.
  public struct Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Which broadcast it carries.
    public var broadcast: Broadcast
    /// Its origin's vector clock when it broadcast it (causal order only).
    public var clock: VectorClock?

    /// Orders by broadcast, then clock.
    public static func < (a: Message, b: Message) -> Bool {
      (a.broadcast, a.clock?.lanes ?? 0) < (b.broadcast, b.clock?.lanes ?? 0)
    }

    /// `Data(p0#1)`, or `Data(p1#0, [1, 1, 0])` with its vector clock.
    public var description: String { "Data(\(broadcast)" + (clock.map { ", \($0)" } ?? "") + ")" }
  }

  /// A process's one spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Broadcast its next message.
    case broadcast
    /// `broadcast`.
    public var description: String { "broadcast" }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// How many messages it has broadcast: the sequence number of its next one.
    public var sent = 0
    /// The messages it has delivered, one bit each (`Broadcast.bit`).
    public var delivered: UInt64 = 0
    /// The messages received and held back until they may be delivered, sorted.
    public var held: [Message] = []

    /// Whether it has received `broadcast` (delivered or held back).
    func hasReceived(_ broadcast: Broadcast) -> Bool {
      delivered & broadcast.bit != 0 || held.contains { $0.broadcast == broadcast }
    }

    /// How many messages it has delivered from `origin`: V_i[origin].
    func deliveredCount(from origin: Int) -> Int { (delivered >> UInt64(origin * 8) & 0xFF).nonzeroBitCount }

    /// `sent 1, delivered {p0#0, p1#0}, held [Data(p2#0, [1, 1, 1])]`.
    public var description: String {
      var names: [String] = []
      for bit in 0..<64 where delivered & (1 << UInt64(bit)) != 0 {
        names.append(Broadcast(origin: bit / 8, sequence: bit % 8).description)
      }
      var text = "sent \(sent), delivered {\(names.joined(separator: ", "))}"
      if !held.isEmpty { text += ", held \(held)" }
      return text
    }
  }

  /// The application delivers broadcast identities.
  public typealias Value = Broadcast

  /// The version of the protocol.
  public let variant: Variant
  /// The delivery order.
  public let order: Order
  /// How many broadcasts the run has in all, dealt out to the processes in turn.
  public let messages: Int

  /// Creates the process code of one variant.
  public init(variant: Variant, order: Order, messages: Int) {
    self.variant = variant
    self.order = order
    self.messages = messages
  }

  /// How many of `messages` broadcasts, dealt out in turn, are process `id`'s among
  /// `processCount`: those numbered `id`, `id + processCount`, ...
  public static func quota(of id: Int, among processCount: Int, messages: Int) -> Int {
    messages / processCount + (id < messages % processCount ? 1 : 0)
  }

  /// Nothing sent, delivered or held.
  public func start(_ context: inout Context<Self>) -> LocalState { LocalState() }

  /// A process broadcasts while it has broadcasts of its own left.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.sent < Self.quota(of: context.id, among: context.processCount, messages: messages)
      ? [.broadcast] : []
  }

  /// Stamps the next message (with its vector clock under causal order), delivers it, and sends
  /// it to every other process.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    let broadcast = Broadcast(origin: context.id, sequence: state.sent)
    state.sent += 1
    context.broadcastRequest(broadcast)
    deliver(broadcast, &state, &context)
    // Stamped after delivering it, so the clock's own entry counts it: V_m[i] = V_i[i].
    context.broadcast(
      Message(broadcast: broadcast, clock: order == .causal ? clock(of: state, context) : nil))
  }

  /// On first receipt: relays the message (unless `no-relay`), then delivers it at once
  /// (`deliver-on-receipt`) or holds it back and delivers whatever has become deliverable.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    guard !state.hasReceived(message.broadcast) else { return }
    if variant != .noRelay {
      var targets = context.others
      targets.remove(message.broadcast.origin)
      targets.remove(sender)
      context.send(message, to: targets)
    }
    if variant == .deliverOnReceipt {
      deliver(message.broadcast, &state, &context)
      return
    }
    state.held.append(message)
    state.held.sort()
    while let next = state.held.firstIndex(where: { isDeliverable($0, in: state, context) }) {
      let message = state.held.remove(at: next)
      deliver(message.broadcast, &state, &context)
    }
  }

  /// The process's vector clock: how many messages it has delivered from each process.
  func clock(of state: LocalState, _ context: Context<Self>) -> VectorClock {
    var clock = VectorClock(count: context.processCount)
    for process in 0..<context.processCount { clock[process] = state.deliveredCount(from: process) }
    return clock
  }

  /// FIFO: the message is the next from its origin (its sequence number is the count of its
  /// origin's messages delivered). Causal (Birman, Schiper and Stephenson): V_m[j] = V_i[j] + 1
  /// for its origin j, and V_m[k] ≤ V_i[k] for every other k: the process has delivered every
  /// message the origin had delivered before sending it.
  func isDeliverable(_ message: Message, in state: LocalState, _ context: Context<Self>) -> Bool {
    let origin = message.broadcast.origin
    guard let clock = message.clock else {
      return state.deliveredCount(from: origin) == message.broadcast.sequence
    }
    return (0..<context.processCount).allSatisfy { k in
      k == origin
        ? clock[k] == state.deliveredCount(from: k) + 1 : clock[k] <= state.deliveredCount(from: k)
    }
  }

  /// Records the delivery of `broadcast` to the application.
  func deliver(_ broadcast: Broadcast, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.delivered |= broadcast.bit
    context.deliver(broadcast)
  }
}

/// Builds the reliable broadcast system and its properties.
public enum ReliableBroadcast {
  /// The most processes the catalogue accepts.
  public static let maxProcesses = 5
  /// The most broadcasts the catalogue accepts (8 per process fit a `LocalState.delivered` mask).
  public static let maxMessages = 8

  /// `processes` processes making `messages` broadcasts in all (the j-th is process j mod
  /// `processes`'s), over `network`, with at most `crashes` crash-stop failures, each possibly
  /// in mid-broadcast.
  public static func make(
    variant: ReliableBroadcastProcess.Variant = .correct, order: ReliableBroadcastProcess.Order = .causal,
    processes: Int = 3, messages: Int = 2, crashes: Int = 1, network: NetworkSemantics = .unordered
  ) throws(FaultlineError) -> System<ReliableBroadcastProcess> {
    guard processes >= 2 && processes <= maxProcesses else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "2 to \(maxProcesses)")
    }
    guard messages >= 1 && messages <= maxMessages else {
      throw .invalidParameter(name: "messages", value: "\(messages)", expected: "1 to \(maxMessages)")
    }
    guard crashes >= 0 && crashes < processes else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "0 to \(processes - 1) (fewer than processes)")
    }
    guard network.partitionEvents == 0 else {
      throw .invalidModel("reliable-broadcast models no partitions")
    }
    // FIFO order orders a sender's own messages: with no more broadcasts than processes, none
    // makes two, and "FIFO order holds" would say nothing.
    guard order == .causal || messages > processes else {
      throw .invalidParameter(
        name: "messages", value: "\(messages)",
        expected: "more than --processes (\(processes)) with --order fifo (otherwise no process broadcasts "
          + "twice, and FIFO order cannot fail)")
    }
    let process = ReliableBroadcastProcess(variant: variant, order: order, messages: messages)
    // One broadcast has no causal predecessor: that run checks agreement, validity and integrity
    // (a sender crashing in mid-broadcast), and claims nothing about the order.
    let ordering: [Property<SystemState<ReliableBroadcastProcess>>] =
      order == .fifo ? [SystemProperties.fifoOrder()] : messages > 1 ? [SystemProperties.causalOrder()] : []
    return try System(
      processes: Array(repeating: process, count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true),
      properties: [agreement(messages: messages), validity(messages: messages)] + ordering + [
        SystemProperties.deliversAtMostOnce(),
        SystemProperties.deliversOnlyBroadcast(),
        .sometimes("every process delivers every message") { state in
          (0..<state.processCount).allSatisfy { state.deliveries(of: $0).count == messages }
        },
      ])
  }

  /// Agreement, checked where the run is over: no live process has a broadcast left to make or
  /// a message in flight to it that it has not received already. There, every live process has
  /// delivered the same messages.
  ///
  /// Why this is agreement. Every fair behaviour reaches such a state (deliveries and
  /// broadcasts are weakly fair, and messages finitely many), and the processes live there are
  /// the behaviour's correct ones; from such a state only crashes, losses and redundant
  /// deliveries are left, which keep it so. "If a correct process delivers m, every correct
  /// process delivers m", the liveness property, thus holds exactly when this invariant does,
  /// and the safety search checks it without the liveness pass (the tests check both forms
  /// agree). The duplicating network never empties, which is why the check asks what was
  /// received rather than whether the network is empty.
  public static func agreement(messages: Int) -> Property<SystemState<ReliableBroadcastProcess>> {
    .always("agreement: once the run is over, live processes delivered the same") { state in
      isOver(state, messages: messages) ? liveProcessesAgree(state) : true
    }
  }

  /// Validity, checked where agreement is: once the run is over, every live process has
  /// delivered each message it broadcast. As for agreement, the processes live there are the
  /// behaviour's correct ones, so this holds exactly when "a correct process that broadcasts m
  /// eventually delivers m" does. Generic so that a test can run it on a process that wraps this
  /// protocol's code.
  public static func validity<P: SystemProcess>(messages: Int) -> Property<SystemState<P>>
  where P.LocalState == ReliableBroadcastProcess.LocalState, P.Message == ReliableBroadcastProcess.Message {
    .always("validity: once the run is over, live processes delivered what they broadcast") { state in
      !isOver(state, messages: messages)
        || state.live.members.allSatisfy { process in
          state.withOutputs(of: process) { outputs in
            outputs.allSatisfy { output in
              guard case .broadcast(let value) = output else { return true }
              return outputs.contains(.deliver(value))
            }
          }
        }
    }
  }

  /// Whether no live process has anything left to do but crash: its broadcasts made, and every
  /// message in flight to it one it has received already.
  public static func isOver<P: SystemProcess>(_ state: SystemState<P>, messages: Int) -> Bool
  where P.LocalState == ReliableBroadcastProcess.LocalState, P.Message == ReliableBroadcastProcess.Message {
    state.live.members.allSatisfy { process in
      let local = state.locals[process]
      return local.sent
        == ReliableBroadcastProcess.quota(of: process, among: state.processCount, messages: messages)
        && !state.inboxes[process].contains { !local.hasReceived($0.message.broadcast) }
    }
  }

  /// Whether every live process has delivered the same messages.
  public static func liveProcessesAgree(_ state: SystemState<ReliableBroadcastProcess>) -> Bool {
    var first: Set<ReliableBroadcastProcess.Broadcast>? = nil
    for process in state.live.members {
      let delivered = Set(state.deliveries(of: process))
      if let first, first != delivered { return false }
      first = delivered
    }
    return true
  }
}
