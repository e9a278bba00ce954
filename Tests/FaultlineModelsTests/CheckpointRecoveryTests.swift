import Faultline
import FaultlineModels
import Foundation
import Testing

/// Issue #13: checkpointing and rollback recovery (Koo and Toueg's coordinated checkpoints, the
/// survey's independent checkpoints and pessimistic logging). Verdicts and counterexample lengths
/// are argued by hand below; the larger points run on the release binary in `ParameterGridTests`.
@Suite struct CheckpointRecoveryTests {
  typealias Process = CheckpointProcess
  typealias State = SystemState<Process>

  typealias Case = CatalogueCase

  static let orphans =
    "no orphans: once recovery completes, every message received was sent in its sender's state"
  static let bounded = "bounded rollback: no process rolls back past its latest checkpoint"

  /// The shortest counterexamples, by hand. Every process starts at its initial checkpoint #0,
  /// nothing sent or received, and the network empty; a process's first message leaves only by
  /// its own `starts` step. A crash is a step of its own, or strikes in mid-step, where it keeps
  /// a proper subset of the step's sends (a crash after all of them is the step and then a
  /// crash): so a step that sends one message cannot both send it and crash. A recovery is a
  /// step of its own, after the crash.
  ///
  /// - `no-rollback-propagation`, 4: p0 starts, sending App(1) (1); p1 receives it (2); p0
  ///   crashes (3) and recovers to its latest permanent checkpoint, #0, which sent nothing (4).
  ///   Every process is up and no rollback request is in flight (this variant sends none), and
  ///   p1 has received one message more than p0's restored state sent: an orphan. An orphan
  ///   needs a receipt (1 step) of a message that left (a `starts` step of the sender at least,
  ///   uncrashed), and then the sender's rollback below it, which only a crash (1 step, not
  ///   merged with the send) and a recovery (1 step) make. With no crash the variant holds: no
  ///   process ever rolls back, and every message received was sent.
  /// - `independent`, 6: p0 starts (1); p1 receives App(1) (2) and checkpoints (3: #1, received
  ///   1); p0 crashes (4) and recovers to #0, sending Rollback(0) (5); p1 receives it (6): its
  ///   latest checkpoint received more than p0 now sent, so it rolls back past it, to #0, the
  ///   domino effect. Rolling back past a checkpoint takes a checkpoint that recorded a receipt
  ///   (the send, the receipt and the checkpoint: 3 steps) and a rollback request that undoes
  ///   the sender's send, which only a crash, a recovery and the request's delivery make (3 more
  ///   steps: the crash cannot share the send's step, as above). Its rollbacks always go back to
  ///   a checkpoint that received no more than the request says, so orphans do not come first.
  ///   With no checkpoint but the initial one (`checkpoints` 0) there is nothing to roll back
  ///   past, and with no crash there is no rollback at all: it holds.
  /// - `coordinated` and `pessimistic-logging` hold: Koo and Toueg's permanent checkpoints form a
  ///   consistent cut, and every rollback (of a crashed process, or on request) restores the
  ///   latest permanent one and is propagated; pessimistic logging restores exactly the state
  ///   the crash lost up to the last message logged, so the receivers of what it sent keep
  ///   nothing it did not send.
  @Test(arguments: [
    Case(variant: "coordinated", expected: .holds),
    Case(variant: "coordinated", parameters: ["checkpoints": 2], expected: .holds),
    Case(variant: "coordinated", parameters: ["crashes": 2], expected: .holds),
    Case(variant: "coordinated", parameters: ["messages": 3, "checkpoints": 2], expected: .holds),
    Case(variant: "pessimistic-logging", expected: .holds),
    Case(variant: "pessimistic-logging", parameters: ["crashes": 2, "checkpoints": 2], expected: .holds),
    Case(variant: "pessimistic-logging", parameters: ["processes": 3], expected: .holds),
    Case(variant: "independent", expected: .violated(bounded, steps: 6)),
    Case(variant: "independent", parameters: ["processes": 3], expected: .violated(bounded, steps: 6)),
    Case(
      variant: "independent", parameters: ["messages": 1, "crashes": 2],
      expected: .violated(bounded, steps: 6)),
    Case(variant: "independent", parameters: ["checkpoints": 0], expected: .holds),
    Case(variant: "independent", parameters: ["crashes": 0], expected: .holds),
    Case(variant: "no-rollback-propagation", expected: .violated(orphans, steps: 4)),
    Case(
      variant: "no-rollback-propagation", parameters: ["processes": 3], expected: .violated(orphans, steps: 4)
    ),
    Case(
      variant: "no-rollback-propagation", parameters: ["messages": 1], expected: .violated(orphans, steps: 4)),
    Case(variant: "no-rollback-propagation", parameters: ["crashes": 0], expected: .holds),
  ])
  func verdictsAndShortestCounterexamples(_ c: Case) throws {
    try c.check("checkpoint-recovery")
  }

  /// Each broken variant's counterexample, written as a trace, is the same violation to
  /// `faultline verify`, whose check reads checkpoints, rollbacks and application messages off
  /// the log with no access to the model's state.
  @Test(arguments: [("independent", "bounded rollback"), ("no-rollback-propagation", "no orphans")])
  func counterexampleTracesVerifyAsTheSameViolation(variant: String, property: String) throws {
    let outcome = try Catalogue.entry(named: "checkpoint-recovery").run(variant: variant)
    let violation = try #require(outcome.verdict.violations.first)
    #expect(violation.property.hasPrefix(property + ":"))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ckpt-\(UUID().uuidString).jsonl")
    try TraceExport.jsonl(violation).write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let verified = try TraceVerifier.verify(path: file.path)
    #expect(verified.checks == [.checkpoint])
    #expect(verified.verdict.violations.map(\.property) == [property])
  }

  /// The orphan of `no-rollback-propagation`, step by step, and the correct protocol on the same
  /// steps: its recovery sends the rollback request, after which p1 rolls back to #0 too and the
  /// cut is consistent again.
  @Test func theOrphanAndItsCure() throws {
    for variant in [Process.Variant.noRollbackPropagation, .coordinated] {
      let system = try CheckpointRecovery.make(variant: variant)
      var state = try #require(system.initialStates.first)
      func step(_ action: SystemAction<Process>) throws {
        state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
      }
      try step(.handle(.choose(process: 0, choice: .start), crashKeeping: nil))
      try step(.handle(.deliver(Envelope(from: 0, to: 1, message: .app(1))), crashKeeping: nil))
      try step(.crash(process: 0))
      try step(.handle(.recover(process: 0), crashKeeping: nil))
      #expect(state.locals[0].sent == 0 && state.locals[1].received == 1)
      if variant == .noRollbackPropagation {
        #expect(state.network.allSatisfy { if case .app = $0.message { true } else { false } })
        continue
      }
      try step(.handle(.deliver(Envelope(from: 0, to: 1, message: .rollback(sent: 0))), crashKeeping: nil))
      #expect(state.locals[1].received == 0 && state.locals[1].sent == 0)
      #expect(state.network == [Envelope(from: 1, to: 0, message: .rollback(sent: 0))])
    }
  }

  /// Pessimistic logging never rolls back a process that did not fail: in no reachable state is
  /// a rollback request in flight (a recovery replays the log and tells no one).
  @Test func pessimisticLoggingRollsBackNoOtherProcess() throws {
    let base = try CheckpointRecovery.make(crashes: 2, variant: .pessimisticLogging)
    let system = try System(
      processes: base.processes, network: base.network, faults: base.faults,
      properties: base.properties + [
        .always("no rollback request") { (state: State) in
          state.network.allSatisfy { if case .rollback = $0.message { false } else { true } }
        }
      ])
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// The domino effect all the way back: with independent checkpoints one crash can send every
  /// process back to its initial state although each has checkpointed since. By hand, with 3
  /// messages: p1 starts; p0 receives p1#1 (and sends p0#1, p0#2); p1 receives p0#1 (sends
  /// p1#2) and checkpoints (#1: received 1, sent 2); p1 receives p0#2 and sends p1#3; p0
  /// receives p1#2 and p1#3 and checkpoints (#1: received 3); p1 crashes and restores its #1,
  /// which sent 2, so p0 must go back past its #1 to #0, which sent nothing, and then p1 past its
  /// own #1 to #0. With coordinated checkpoints no process ever goes past its latest one.
  @Test(arguments: [Process.Variant.independent, .coordinated])
  func theDominoEffectReachesTheInitialState(_ variant: Process.Variant) throws {
    let base = try CheckpointRecovery.make(messages: 3, variant: variant)
    let system = try System(
      processes: base.processes, network: base.network, faults: base.faults,
      properties: [
        .always("not every process rolled back past a checkpoint to its initial state") { (state: State) in
          !(0..<state.processCount).allSatisfy { process in
            let local = state.locals[process]
            return state.stable[process]?.rolledBackPast == true && local.received == 0 && local.sent == 0
          }
        }
      ])
    let verdict = try Explorer(system).run().verdict
    #expect(verdict.name == (variant == .independent ? "violated" : "holds"))
  }

  /// A participant that crashes holding a tentative checkpoint is in doubt: it restores nothing
  /// until the coordinator tells it the round's outcome, and then its latest permanent
  /// checkpoint (the tentative one, after a commit).
  @Test func aParticipantInDoubtRestoresOnceItKnowsTheOutcome() throws {
    let system = try CheckpointRecovery.make()
    var state = try #require(system.initialStates.first)
    func step(_ action: SystemAction<Process>) throws {
      state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
    }
    func deliver(_ message: Process.Message, from: Int, to: Int) throws {
      try step(.handle(.deliver(Envelope(from: from, to: to, message: message)), crashKeeping: nil))
    }
    try step(.handle(.choose(process: 0, choice: .checkpoint), crashKeeping: nil))
    try deliver(.request(round: 1), from: 0, to: 1)
    try step(.crash(process: 1))
    try step(.handle(.recover(process: 1), crashKeeping: nil))
    #expect(state.locals[1].inDoubt && state.locals[1].blocked == 1)
    try deliver(.tentative(round: 1), from: 1, to: 0)
    #expect(state.stable[0]?.committed == 1)
    try deliver(.commit(round: 1), from: 0, to: 1)
    #expect(!state.locals[1].inDoubt && state.locals[1].restored == 1)
    #expect(state.stable[1]?.checkpoints.map(\.number) == [1])
  }

  /// What the model cannot take is refused with the option and what it expects.
  @Test(
    arguments: [
      (["processes": 1], "--processes"), (["processes": 4], "--processes"), (["messages": 0], "--messages"),
      (["messages": 4], "--messages"), (["checkpoints": 4], "--checkpoints"), (["crashes": 4], "--crashes"),
    ] as [([String: Int], String)])
  func parametersOutOfRangeAreRefused(parameters: [String: Int], option: String) {
    do {
      _ = try Catalogue.entry(named: "checkpoint-recovery").run(
        parameters: parameters.mapValues { .integer($0) })
      Issue.record("expected \(parameters) refused")
    } catch {
      #expect("\(error.commandLine)".contains(option), "\(error.commandLine)")
    }
  }
}
