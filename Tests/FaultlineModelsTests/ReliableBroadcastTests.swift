import Faultline
import FaultlineModels
import Testing

@Suite struct ReliableBroadcastTests {
  typealias Variant = ReliableBroadcastProcess.Variant
  typealias Order = ReliableBroadcastProcess.Order

  /// One check: a variant at a point, and what it must give.
  struct Case: Sendable, CustomStringConvertible {
    var variant: Variant
    var order: Order
    var processes: Int
    var messages: Int
    var crashes: Int
    var network: NetworkSemantics = .unordered
    /// The violated property and the length of the shortest counterexample, worked out by hand;
    /// nil where every property holds.
    var violation: (property: String, steps: Int)? = nil

    var description: String {
      "\(variant.rawValue) \(order.rawValue) n=\(processes) messages=\(messages) crashes=\(crashes) "
        + "\(network.delivery.rawValue)\(network.lossy ? " lossy" : "")"
    }
  }

  static let agreement = "agreement: once the run is over, live processes delivered the same"

  // No state counts are pinned: no independent source gives them.
  static let cases: [Case] = [
    Case(variant: .correct, order: .causal, processes: 3, messages: 2, crashes: 1),
    Case(variant: .correct, order: .causal, processes: 3, messages: 2, crashes: 2, network: .duplicating),
    Case(variant: .correct, order: .fifo, processes: 2, messages: 3, crashes: 1),
    Case(variant: .correct, order: .fifo, processes: 2, messages: 3, crashes: 1, network: .fifo),
    // Causal order, 4 steps, the fewest possible. Causal order fails only when some process q
    // delivers m' before m although broadcast(m) happened before broadcast(m'). With one broadcast
    // per process, that takes m's broadcast (1 step), its delivery by another process j (a
    // receipt, 1 step), j's broadcast of m' (1 step), and a receipt of m' by a third process q that
    // has not yet received m (1 step): p0 broadcasts, p1 receives it and broadcasts, p2 receives
    // p1's message first. m's origin cannot be q, since it delivered m when it broadcast it.
    Case(
      variant: .deliverOnReceipt, order: .causal, processes: 3, messages: 2, crashes: 1,
      violation: ("causal order", 4)),
    // The same on FIFO links is no violation: p1 relays p0's message to p2 on the link it then
    // sends its own on, so p2 receives them in causal order (relaying on first receipt over FIFO
    // links delivers causally without a hold-back queue).
    Case(variant: .deliverOnReceipt, order: .causal, processes: 3, messages: 2, crashes: 1, network: .fifo),
    // FIFO order, 3 steps: p0 makes both its broadcasts (2 steps) and p1 receives the second
    // first (1 step); no fewer, since a FIFO violation needs two broadcasts by one sender and a
    // receipt.
    Case(
      variant: .deliverOnReceipt, order: .fifo, processes: 2, messages: 3, crashes: 0,
      violation: ("FIFO order", 3)),
    // Under causal order the same run breaks causal order (a sender's earlier message happened
    // before its later one), in the same 3 steps.
    Case(
      variant: .deliverOnReceipt, order: .causal, processes: 2, messages: 3, crashes: 0,
      violation: ("causal order", 3)),
    // Agreement, 4 steps, the fewest possible. It is checked where the run is over, so the
    // counterexample must split a broadcast and finish the run: p0 broadcasts and crashes with
    // only one of its two sends gone (1 step), that process receives and delivers it (1 step),
    // p1, alive, makes its own broadcast (1 step), and its message to the other live process is
    // received (1 step; it can be neither lost nor cut short, since the one crash is spent).
    // Splitting p1's broadcast instead takes as many: p1's crash, p0's receipt of it, p0's
    // broadcast and p2's receipt of that.
    Case(
      variant: .noRelay, order: .causal, processes: 3, messages: 2, crashes: 1,
      violation: (agreement, 4)),
    // With one broadcast in all, the run is over once the lucky process receives it: 2 steps.
    Case(
      variant: .noRelay, order: .causal, processes: 3, messages: 1, crashes: 1,
      violation: (agreement, 2)),
    // With two processes a sender's crash cannot split the others, and with no crash best-effort
    // broadcast is reliable.
    Case(variant: .noRelay, order: .causal, processes: 2, messages: 2, crashes: 1),
    Case(variant: .noRelay, order: .causal, processes: 3, messages: 2, crashes: 0),
    // Lossy links break even the correct protocol, which assumes reliable ones. With two
    // processes and one broadcast, 2 steps: p0 broadcasts, and its message to p1 is lost. With
    // three processes and two broadcasts, 3: p1 crashes before broadcasting, p0 broadcasts, and
    // its message to p2 is lost. Two steps cannot end a run with p0's message delivered by one
    // live process only: p1 must have crashed or broadcast, and either way a message is still
    // in flight to a live process.
    Case(
      variant: .correct, order: .causal, processes: 2, messages: 1, crashes: 0, network: .lossy,
      violation: (agreement, 2)),
    Case(
      variant: .correct, order: .causal, processes: 3, messages: 2, crashes: 1, network: .lossy,
      violation: (agreement, 3)),
  ]

  @Test(arguments: cases)
  func verdictAndShortestCounterexample(_ check: Case) throws {
    let system = try ReliableBroadcast.make(
      variant: check.variant, order: check.order, processes: check.processes, messages: check.messages,
      crashes: check.crashes, network: check.network)
    let exploration = try Explorer(system).run()
    guard let (property, steps) = check.violation else {
      #expect(exploration.verdict == .holds)
      return
    }
    #expect(exploration.verdict.violations.map(\.property) == [property])
    #expect(exploration.counterexamples[property]?.steps.count == steps)
  }

  /// Agreement as liveness ("every correct process eventually delivers what a correct process
  /// delivered"), checked alone in place of the model's invariant, gives the same verdicts: the
  /// invariant stands for it (`ReliableBroadcast.agreement(messages:)`). In `no-relay`, p0's
  /// message reaches one process only, and the other never delivers it whatever fair steps follow.
  @Test(arguments: [(Variant.correct, 3, 2, 1, true), (.correct, 2, 3, 1, true), (.noRelay, 3, 2, 1, false)])
  func agreementAsLivenessGivesTheSameVerdict(
    variant: Variant, processes: Int, messages: Int, crashes: Int, holds: Bool
  ) throws {
    let model = try ReliableBroadcast.make(
      variant: variant, processes: processes, messages: messages, crashes: crashes)
    let system = try System(
      processes: model.processes, network: model.network, faults: model.faults,
      properties: [
        .eventually("agreement, eventually") { state in
          ReliableBroadcast.isOver(state, messages: messages) && ReliableBroadcast.liveProcessesAgree(state)
        }
      ])
    let exploration = try Explorer(system).run()
    #expect((exploration.verdict == .holds) == holds)
    if !holds { #expect(exploration.verdict.violations.map(\.kind) == [.liveness]) }
    #expect((try Explorer(model).run().verdict == .holds) == holds)
  }

  /// Validity: a broadcaster that never delivers its own message (`NeverSelfDelivers`, a
  /// test-only wrapper, with the properties of the defaults: 3 processes, 2 broadcasts, 1 crash)
  /// is caught in 3 steps, the fewest. The check waits for the run to be over, and the live
  /// broadcaster must have broadcast: p1 crashes (1), p0 broadcasts (1) and p2 receives it (1),
  /// after which p0, live, has not delivered p0#0. Two steps cannot end a run: a broadcast by a
  /// live process leaves a message in flight to each live process, and a broadcast by p1 needs
  /// p0 crashed or broadcast too. The correct protocol delivers at once what it broadcasts, and
  /// holds (`cases`).
  @Test func validityCatchesABroadcasterThatNeverDeliversItsOwn() throws {
    let model = try ReliableBroadcast.make()
    let code = try #require(model.processes.first)
    let system = try System(
      processes: Array(repeating: NeverSelfDelivers(code: code), count: model.processes.count),
      network: model.network, faults: model.faults, properties: [ReliableBroadcast.validity(messages: 2)])
    let exploration = try Explorer(system).run()
    let validity = "validity: once the run is over, live processes delivered what they broadcast"
    #expect(exploration.verdict.violations.map(\.property) == [validity])
    #expect(exploration.counterexamples[validity]?.steps.count == 3)
  }

  /// FIFO order orders a sender's own messages, so it needs a process that broadcasts twice:
  /// more broadcasts than processes. Fewer are refused, with both parameters named.
  @Test(arguments: [(2, 1), (2, 2), (3, 3), (4, 2)])
  func fifoOrderNeedsMoreBroadcastsThanProcesses(processes: Int, messages: Int) {
    do {
      _ = try Catalogue.entry(named: "reliable-broadcast").run(
        parameters: ["order": "fifo", "processes": .integer(processes), "messages": .integer(messages)])
      Issue.record("expected --order fifo with \(messages) broadcasts among \(processes) processes refused")
    } catch {
      let message = "\(error.commandLine)"
      #expect(message.contains("--messages"), "\(message)")
      #expect(message.contains("more than --processes (\(processes)) with --order fifo"), "\(message)")
    }
    #expect(throws: Never.self) {
      try ReliableBroadcast.make(order: .fifo, processes: processes, messages: processes + 1)
    }
  }

  /// One broadcast has nothing to order: that run checks agreement, validity and integrity, and
  /// lists no causal order that could not fail.
  @Test func oneBroadcastClaimsNoOrder() throws {
    let names = try ReliableBroadcast.make(messages: 1).properties.map(\.name)
    #expect(!names.contains("causal order"))
    #expect(names.contains(Self.agreement))
    #expect(try ReliableBroadcast.make(messages: 2).properties.map(\.name).contains("causal order"))
  }

  @Test(
    arguments: [
      (1, 1, 0), (6, 1, 0), (3, 0, 0), (3, ReliableBroadcast.maxMessages + 1, 0), (3, 2, 3), (2, 2, -1),
    ])
  func parametersOutsideTheModelAreRefused(processes: Int, messages: Int, crashes: Int) {
    #expect(throws: FaultlineError.self) {
      try ReliableBroadcast.make(processes: processes, messages: messages, crashes: crashes)
    }
  }

  @Test func partitionsAreRefused() {
    #expect(throws: FaultlineError.self) {
      try ReliableBroadcast.make(network: NetworkSemantics(delivery: .unordered, partitionEvents: 1))
    }
  }
}

/// `ReliableBroadcastProcess` but that a broadcaster never delivers its own message: the
/// protocol's handlers run on a context of their own, and their sends and outputs are passed on,
/// but for the delivery of the process's own broadcasts. A test-only construction for the
/// validity check, which no catalogue variant breaks.
struct NeverSelfDelivers: SystemProcess {
  typealias LocalState = ReliableBroadcastProcess.LocalState
  typealias Message = ReliableBroadcastProcess.Message
  typealias Choice = ReliableBroadcastProcess.Choice
  typealias Value = ReliableBroadcastProcess.Broadcast

  var code: ReliableBroadcastProcess

  func start(_ context: inout Context<Self>) -> LocalState {
    var inner = Self.inner(context)
    return code.start(&inner)
  }

  func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    code.choices(in: state, Self.inner(context))
  }

  func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    var inner = Self.inner(context)
    code.take(choice, in: &state, &inner)
    Self.pass(inner, to: &context)
  }

  func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    var inner = Self.inner(context)
    code.receive(message, from: sender, in: &state, &inner)
    Self.pass(inner, to: &context)
  }

  /// A fresh context for the protocol's handler, seeing what `context` sees.
  static func inner(_ context: Context<Self>) -> Context<ReliableBroadcastProcess> {
    Context(id: context.id, processCount: context.processCount, suspected: context.suspected)
  }

  /// The handler's sends and outputs, without the delivery of the process's own broadcasts.
  static func pass(_ inner: Context<ReliableBroadcastProcess>, to context: inout Context<Self>) {
    for (target, message) in inner.sends { context.send(message, to: target) }
    for output in inner.outputs {
      switch output {
      case .broadcast(let value): context.broadcastRequest(value)
      case .deliver(let value) where value.origin != context.id: context.deliver(value)
      case .deliver, .decide, .install: break
      }
    }
  }
}
