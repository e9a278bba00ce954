import Faultline

/// Total-order multicast by reduction to consensus (Chandra and Toueg; Cachin, Guerraoui and
/// Rodrigues, algorithm 6.1), driving active replication: every process runs the same
/// deterministic state machine over the commands it delivers.
///
/// - Process `i` may multicast command `i` once. It sends the command to every other process
///   (a reliable, reordering network, no crashes), and keeps received commands as *pending*.
/// - Batches are ordered by consensus instances 0, 1, 2, ...: in instance k each process
///   proposes its pending commands (joining as soon as it hears of the instance), and decides
///   the union of all proposals once it has every process's; it delivers the decided batch in
///   a fixed order (by command number) and moves on to instance k + 1. Messages of instance
///   k + 1 that arrive early are kept until k is decided; none can be further ahead, because
///   deciding k + 1 needs this process's own proposal for it.
/// - That consensus needs every process and so tolerates no crash: it stands in for any
///   consensus (the point here is the reduction; `paxos` and `hierarchical-consensus` show
///   consensus under crashes).
///
/// The replicas apply each command c as `x ← (3x + c + 1) mod 101`, which does not commute,
/// so replicas that deliver in different orders end in different states.
///
/// Broken variant `deliver-on-receipt`: a process delivers its own command at once and others'
/// as they arrive, with no consensus, so two processes deliver two commands in opposite orders.
public struct TotalOrderMulticastProcess: SystemProcess {
  /// The protocol's messages.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A multicast command.
    case command(Int)
    /// A proposal for consensus instance `instance`: the sender's pending commands.
    case propose(instance: Int, batch: ProcessSet)

    var key: (Int, Int, UInt64) {
      switch self {
      case .command(let c): return (0, c, 0)
      case .propose(let k, let batch): return (1, k, batch.bits)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// Feeds the kind and fields.
    public func fingerprint(into f: inout Fingerprinter) {
      let (tag, x, bits) = key
      f.combine(word: UInt64(truncatingIfNeeded: x) << 1 | UInt64(tag))
      f.combine(word: bits)
    }

    /// `Command(1)`, `Propose(0, {0, 1})`.
    public var description: String {
      switch self {
      case .command(let c): return "Command(\(c))"
      case .propose(let k, let batch): return "Propose(\(k), \(batch))"
      }
    }
  }

  /// A process's one spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Multicast its command.
    case multicast
    /// `multicasts its command`.
    public var description: String { "multicasts its command" }
  }

  /// What a process remembers; command sets are `ProcessSet`s of command numbers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Whether it has multicast its command.
    public var multicast = false
    /// Commands received and not yet delivered.
    public var pending = ProcessSet()
    /// Commands delivered.
    public var delivered = ProcessSet()
    /// The current consensus instance.
    public var instance = 0
    /// Whether it has proposed in the current instance.
    public var proposed = false
    /// Who has proposed in the current instance, and the union of their proposals.
    public var heard = ProcessSet()
    /// The union of the proposals heard in the current instance.
    public var union = ProcessSet()
    /// Proposals for the next instance that arrived early.
    public var nextHeard = ProcessSet()
    /// The union of those early proposals.
    public var nextUnion = ProcessSet()
    /// The replica's state machine.
    public var machine = 0

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(word: UInt64(instance) << 2 | (multicast ? 1 : 0) | (proposed ? 2 : 0))
      f.combine(word: pending.bits | delivered.bits << 16 | heard.bits << 32 | nextHeard.bits << 48)
      f.combine(word: union.bits | nextUnion.bits << 16 | UInt64(truncatingIfNeeded: machine) << 32)
    }

    /// The instance, pending and delivered commands, and the machine.
    public var description: String {
      "instance \(instance), pending \(pending), delivered \(delivered), machine \(machine)"
    }
  }

  /// Commands are the processes' numbers.
  public typealias Value = Int

  /// Whether the process orders by consensus (false: the broken `deliver-on-receipt`).
  public let ordered: Bool

  /// Creates the process code of one variant.
  public init(ordered: Bool) { self.ordered = ordered }

  /// Nothing multicast, nothing delivered, instance 0.
  public func start(_ context: inout Context<Self>) -> LocalState { LocalState() }

  /// Each process multicasts its command once.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.multicast ? [] : [.multicast]
  }

  /// Sends its command to all; delivers it at once without consensus, or holds it pending.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.multicast = true
    context.broadcastRequest(context.id)
    context.broadcast(.command(context.id))
    if ordered {
      state.pending.insert(context.id)
      proposeIfNeeded(&state, &context)
    } else {
      apply(context.id, to: &state, &context)
    }
  }

  /// Collects commands and proposals; decides and delivers a batch once every process proposed.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .command(let c):
      guard !state.delivered.contains(c) else { return }
      if ordered {
        state.pending.insert(c)
        proposeIfNeeded(&state, &context)
      } else {
        apply(c, to: &state, &context)
      }
    case .propose(let k, let batch):
      guard ordered else { return }
      if k == state.instance {
        state.heard.insert(sender)
        state.union = state.union.union(batch)
        proposeIfNeeded(&state, &context)
      } else if k == state.instance + 1 {
        state.nextHeard.insert(sender)
        state.nextUnion = state.nextUnion.union(batch)
      }
    }
  }

  /// Joins the current instance once it has something to order or someone else started it;
  /// decides when every process has proposed, and then starts the next instance if needed.
  func proposeIfNeeded(_ state: inout LocalState, _ context: inout Context<Self>) {
    while true {
      if !state.proposed && !(state.pending.isEmpty && state.heard.isEmpty) {
        state.proposed = true
        state.heard.insert(context.id)
        state.union = state.union.union(state.pending)
        context.broadcast(.propose(instance: state.instance, batch: state.pending))
      }
      guard state.proposed, state.heard.isSuperset(of: ProcessSet.all(context.processCount)) else { return }
      for c in state.union.subtracting(state.delivered).members { apply(c, to: &state, &context) }
      state.pending = state.pending.subtracting(state.delivered)
      state.instance += 1
      state.proposed = false
      state.heard = state.nextHeard
      state.union = state.nextUnion
      state.nextHeard = ProcessSet()
      state.nextUnion = ProcessSet()
    }
  }

  /// Delivers command `c` and applies it to the replica's state machine.
  func apply(_ c: Int, to state: inout LocalState, _ context: inout Context<Self>) {
    state.delivered.insert(c)
    state.machine = (3 * state.machine + c + 1) % 101
    context.deliver(c)
  }
}

/// Builds the total-order multicast system and its properties.
public enum TotalOrderMulticast {
  /// The most processes the catalogue accepts.
  public static let maxProcesses = 4

  /// `processes` replicas over a reliable reordering network.
  public static func make(processes: Int = 3, ordered: Bool = true) throws(FaultlineError) -> System<
    TotalOrderMulticastProcess
  > {
    guard processes >= 2 && processes <= maxProcesses else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "2 to \(maxProcesses)")
    }
    return try System(
      processes: Array(repeating: TotalOrderMulticastProcess(ordered: ordered), count: processes),
      network: .unordered,
      properties: [
        SystemProperties.totalOrder(),
        .always("atomicity: with nothing in flight, all delivered the same") { state in
          !state.networkIsEmpty || Set(state.locals.map(\.delivered)).count <= 1
        },
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
        .sometimes("every command delivered everywhere") { state in
          state.locals.allSatisfy { $0.delivered.count == state.processCount }
        },
      ])
  }
}
