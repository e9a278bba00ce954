import Faultline
import FaultlineModels
import Foundation
import Testing

/// Issue #13: remote procedure calls (Birrell and Nelson's call identifiers and duplicate table,
/// Spector's semantics, Nelson's orphans). Verdicts and counterexample lengths are argued by hand
/// below; the larger points run on the release binary in `ParameterGridTests`.
@Suite struct RpcTests {
  typealias Process = RpcProcess

  typealias Case = CatalogueCase

  static let atMostOnce = "at most once: no call executes twice"
  static let replies = "replies are results: a client takes only what its call's execution returned"
  static let orphans = "no orphans: once a client's new incarnation calls, no call of an earlier one runs"

  /// The shortest counterexamples, by hand. A call runs by three steps at least: the client's
  /// call, which sends it; the server's receipt, which begins it; the server's completion, which
  /// appends it to the log. On the latest network a delivery empties its link, so every further
  /// receipt needs a further send, which only the client's retry timer makes; on the duplicating
  /// network a message once sent can be received again without one. A server crash empties its
  /// inbox on every network.
  ///
  /// - `at-least-once`, 6 (latest): c0 calls (1), the server begins the call (2), c0's timer
  ///   fires and resends (3), the server begins it again (4), and completes both (5, 6): the log
  ///   holds c0#0 twice. Two executions need two completions, two receipts and, on this network,
  ///   two sends. No fault is needed: a timeout that fires before the result arrives is enough,
  ///   so every point of the variant is violated. On the duplicating network the second receipt
  ///   needs no resend: 5.
  /// - `volatile-table`, 7 on both networks: c0 calls (1), the server begins (2) and completes
  ///   the call, crashing in that step before the result leaves (3: the log is written, the table
  ///   in memory lost), recovers (4), c0's timer resends (5: the crash emptied the server's inbox,
  ///   and a resend while it is down is lost), the server begins (6) and completes it again (7).
  ///   The table must be lost between the two receipts, which takes a crash and a recovery, and
  ///   the crash shares a step with the first completion. Without a server crash the variant is
  ///   the correct protocol.
  /// - `no-orphan-detection`, 5 on both networks: c0 calls c0#0 (1), the server begins it (2),
  ///   c0 crashes (3) and recovers as incarnation 1 (4), which calls c0#1 at once (5) while c0#0
  ///   still runs. An orphan takes a call, its receipt, the client's crash, its recovery and a
  ///   call of the new incarnation, which needs a second call: with one call per client the new
  ///   incarnation never calls, and the variant holds.
  /// - `accepts-any-reply`, 8 (latest): c0 calls c0#0 (1), the server begins it (2), c0's timer
  ///   resends (3), the server completes the call (4), c0 takes the result (5), the server
  ///   receives the resent call and sends the result again from its table (6), c0 calls c0#1 (7)
  ///   and takes the late result of c0#0 as c0#1's (8). The late result needs a second result,
  ///   sent for a second receipt of the call, which needs a second send (the first result ended
  ///   the call; a crash would empty c0's inbox). On the duplicating network the first result
  ///   stays in flight and arrives again: c0 calls (1), the server begins (2) and completes (3),
  ///   c0 takes the result (4), calls c0#1 (5) and takes c0#0's result again (6). With one call
  ///   per client there is no later call to take it for, and the variant holds.
  @Test(arguments: [
    Case(variant: "correct", expected: .holds),
    Case(variant: "correct", network: "lossy", expected: .holds),
    Case(variant: "correct", network: "duplicating", expected: .holds),
    Case(
      variant: "correct", parameters: ["calls": 3, "server-crashes": 2, "client-crashes": 2], expected: .holds
    ),
    Case(variant: "at-least-once", expected: .violated(atMostOnce, steps: 6)),
    Case(
      variant: "at-least-once", parameters: ["calls": 1, "server-crashes": 0, "client-crashes": 0],
      expected: .violated(atMostOnce, steps: 6)),
    Case(variant: "at-least-once", network: "duplicating", expected: .violated(atMostOnce, steps: 5)),
    Case(variant: "volatile-table", expected: .violated(atMostOnce, steps: 7)),
    Case(variant: "volatile-table", network: "duplicating", expected: .violated(atMostOnce, steps: 7)),
    Case(variant: "volatile-table", parameters: ["server-crashes": 0], expected: .holds),
    Case(variant: "no-orphan-detection", expected: .violated(orphans, steps: 5)),
    Case(variant: "no-orphan-detection", network: "duplicating", expected: .violated(orphans, steps: 5)),
    Case(variant: "no-orphan-detection", parameters: ["calls": 1], expected: .holds),
    Case(variant: "no-orphan-detection", parameters: ["client-crashes": 0], expected: .holds),
    Case(variant: "accepts-any-reply", expected: .violated(replies, steps: 8)),
    Case(variant: "accepts-any-reply", network: "duplicating", expected: .violated(replies, steps: 6)),
    Case(variant: "accepts-any-reply", parameters: ["calls": 1], expected: .holds),
  ])
  func verdictsAndShortestCounterexamples(_ c: Case) throws {
    try c.check("rpc")
  }

  /// Each broken variant's counterexample, written as a trace, is the same violation to
  /// `faultline verify`, whose check reads the calls, executions and replies off the log with no
  /// access to the model's state.
  @Test(arguments: [
    ("at-least-once", "at most once"), ("volatile-table", "at most once"),
    ("no-orphan-detection", "no orphans"),
    ("accepts-any-reply", "replies are results"),
  ])
  func counterexampleTracesVerifyAsTheSameViolation(variant: String, property: String) throws {
    let outcome = try Catalogue.entry(named: "rpc").run(variant: variant)
    let violation = try #require(outcome.verdict.violations.first)
    #expect(violation.property.hasPrefix(property + ":"))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("rpc-\(UUID().uuidString).jsonl")
    try TraceExport.jsonl(violation).write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let verified = try TraceVerifier.verify(path: file.path)
    #expect(verified.checks == [.rpc])
    #expect(verified.verdict.violations.map(\.property) == [property])
  }

  /// The server and the clients each keep to their own crash budget, and reach it. The
  /// System layer counts crashes in all (`crashesUsed`); a client's own crashes are its
  /// restarts (its epoch) plus one while it is down, so the server's are the rest.
  @Test(arguments: [(0, 2), (2, 0), (1, 1), (2, 1)])
  func eachSideKeepsToItsOwnCrashBudget(serverCrashes: Int, clientCrashes: Int) throws {
    let base = try Rpc.make(calls: 1, serverCrashes: serverCrashes, clientCrashes: clientCrashes).base
    typealias State = SystemState<Process>
    @Sendable func clients(_ state: State) -> Int {
      state.locals[1].epoch + (state.crashed.contains(1) ? 1 : 0)
    }
    @Sendable func server(_ state: State) -> Int { state.crashesUsed - clients(state) }
    let system = try System(
      processes: base.processes, network: base.network, faults: base.faults,
      properties: [
        .always("server within budget") { server($0) <= serverCrashes },
        .always("clients within budget") { clients($0) <= clientCrashes },
        .sometimes("server budget spent") { server($0) == serverCrashes },
        .sometimes("clients' budget spent") { clients($0) == clientCrashes },
      ])
    let exploration = try Explorer(
      RpcSystem(system, serverCrashes: serverCrashes, clientCrashes: clientCrashes)
    )
    .run()
    #expect(exploration.verdict == .holds)
  }

  /// Retransmission works over a lossy network only if the network does not lose every copy:
  /// with deliveries weakly fair, as the System layer has them, a network that drops each resend
  /// leaves the client waiting forever (a lasso of resends and losses); `RpcSystem` makes
  /// deliveries strongly fair there (fair-lossy links), and the client completes.
  @Test func aLossyNetworkNeedsFairLossyLinks() throws {
    let system = try Rpc.make(
      calls: 1, serverCrashes: 0, clientCrashes: 0, network: Rpc.networks[1].semantics)
    #expect(try Explorer(system).run().verdict == .holds)
    let weak = try Explorer(system.base).run()
    let violation = try #require(weak.verdict.violations.first)
    #expect(violation.property == "every client eventually completes its calls")
    #expect(violation.kind == .liveness)
    let cycle = violation.steps[(violation.cycleStart ?? 0)...]
    #expect(cycle.contains { $0.action.hasPrefix("network loses") })
  }

  /// The correct server survives its crash between executing a call and sending the result: the
  /// table is on stable storage with the log, so the retransmission after the restart gets the
  /// stored result and the call does not run again.
  @Test func aRetransmissionAfterAServerCrashGetsTheStoredResult() throws {
    let system = try Rpc.make(calls: 1, clientCrashes: 0)
    let call = Process.Call(client: 0, epoch: 0, number: 0)
    var state = try #require(system.initialStates.first)
    func step(_ action: SystemAction<Process>) throws {
      state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
    }
    try step(.handle(.choose(process: 1, choice: .call), crashKeeping: nil))
    try step(.handle(.deliver(Envelope(from: 1, to: 0, message: .call(call))), crashKeeping: nil))
    try step(.handle(.choose(process: 0, choice: .complete(call)), crashKeeping: 0))
    #expect(state.crashed.contains(0) && state.network.isEmpty)
    try step(.handle(.recover(process: 0), crashKeeping: nil))
    try step(.handle(.fire(process: 1, timer: .retry), crashKeeping: nil))
    try step(.handle(.deliver(Envelope(from: 1, to: 0, message: .call(call))), crashKeeping: nil))
    #expect(state.locals[0].running.isEmpty)
    #expect(state.network == [Envelope(from: 0, to: 1, message: .result(call, 1))])
    guard case .server(let storage)? = state.stable[0] else {
      Issue.record("the server wrote no storage")
      return
    }
    #expect(storage.log == [call] && storage.boots == 1)
  }

  /// Reincarnation: a restarted client's epoch kills its running orphan, the server refuses the
  /// orphan's call when it arrives again (the duplicating network keeps it), and only then, once
  /// acknowledged, does the client call again.
  @Test func theServerKillsAnOrphanAndRefusesItsLateCall() throws {
    let system = try Rpc.make(calls: 2, serverCrashes: 0, network: .duplicating)
    let orphan = Process.Call(client: 0, epoch: 0, number: 0)
    var state = try #require(system.initialStates.first)
    func step(_ action: SystemAction<Process>) throws {
      state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
    }
    func deliver(_ message: Process.Message, from: Int, to: Int) throws {
      try step(.handle(.deliver(Envelope(from: from, to: to, message: message)), crashKeeping: nil))
    }
    try step(.handle(.choose(process: 1, choice: .call), crashKeeping: nil))
    try deliver(.call(orphan), from: 1, to: 0)
    #expect(state.locals[0].running == [orphan])
    try step(.crash(process: 1))
    try step(.handle(.recover(process: 1), crashKeeping: nil))
    #expect(state.locals[1].phase == .restarting)
    #expect(
      system.actions(from: state).allSatisfy {
        $0 != .handle(.choose(process: 1, choice: .call), crashKeeping: nil)
      })
    try deliver(.newEpoch(1), from: 1, to: 0)
    #expect(state.locals[0].running.isEmpty && state.locals[0].epochs == [1])
    try deliver(.call(orphan), from: 1, to: 0)
    #expect(state.locals[0].running.isEmpty)
    try deliver(.epochAck(1), from: 0, to: 1)
    try step(.handle(.choose(process: 1, choice: .call), crashKeeping: nil))
    #expect(state.locals[1].lastCall == Process.Call(client: 0, epoch: 1, number: 1))
  }

  /// What the model cannot take is refused with the option and what it expects: values out of
  /// range, and networks that keep every copy of a retransmission (the catalogue offers only
  /// latest, lossy and duplicating; `Rpc.make` refuses FIFO and unordered links itself).
  @Test(
    arguments: [
      (["clients": .integer(0)], "--clients"), (["clients": .integer(4)], "--clients"),
      (["calls": .integer(0)], "--calls"), (["calls": .integer(4)], "--calls"),
      (["server-crashes": .integer(4)], "--server-crashes"),
      (["client-crashes": .integer(4)], "--client-crashes"),
      (["network": .choice("fifo")], "--network"), (["network": .choice("unordered")], "--network"),
    ] as [([String: ParameterValue], String)])
  func parametersOutOfRangeAreRefused(parameters: [String: ParameterValue], option: String) {
    do {
      _ = try Catalogue.entry(named: "rpc").run(parameters: parameters)
      Issue.record("expected \(parameters) refused")
    } catch {
      #expect("\(error.commandLine)".contains(option), "\(error.commandLine)")
    }
  }

  @Test(arguments: [NetworkSemantics.fifo, .unordered, .lossy])
  func networksThatKeepEveryCopyAreRefused(_ network: NetworkSemantics) {
    #expect {
      _ = try Rpc.make(network: network)
    } throws: { error in
      "\(error)".contains("latest, lossy or duplicating")
    }
  }
}
