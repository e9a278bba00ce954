import Faultline
import FaultlineModels
import Testing

/// Two-phase commit with crash-stop and crash–recovery faults, crashes in mid-step and other
/// networks, against the brute-force `TwoPhaseOracle`.
@Suite struct TwoPhaseCommitFaultTests {
  /// Crash-stop: the System layer loses the messages addressed to a crashed process, TwoPhase's
  /// message set keeps them; since a crashed process never acts again, both oracles count the
  /// same states (1,440 and 3,168 at the default 3 participants with 1 and 2 crashes), and so
  /// does the model, in both search orders.
  @Test(arguments: [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 4)])
  func crashCountsMatchTheBruteForceOracle(participants: Int, crashes: Int) throws {
    let messageSet = TwoPhaseOracle(n: participants, crashes: crashes).explore().distinct
    let addressed = TwoPhaseOracle(n: participants, crashes: crashes, network: .addressed).explore().distinct
    #expect(messageSet == addressed)
    let system = try TwoPhaseCommit.make(participants: participants, crashes: crashes)
    for strategy in [ExplorerOptions.Strategy.breadthFirst, .depthFirst] {
      let result = try Explorer(system, options: ExplorerOptions(strategy: strategy)).run()
      // Safe, but blocking: a crash of the coordinator after the votes stops termination.
      #expect(result.verdict.keepsSafety)
      #expect(
        result.verdict.violations.map(\.property) == ["termination: every participant that is up decides"])
      #expect(result.statistics.distinctStates == addressed)
    }
  }

  @Test(arguments: [(2, 1), (3, 1), (3, 2)])
  func crashSymmetryCountsOrbits(participants: Int, crashes: Int) throws {
    let system = try TwoPhaseCommit.make(participants: participants, crashes: crashes, symmetry: true)
    let result = try Explorer(system).run()
    #expect(result.verdict == .holds)
    let oracle = TwoPhaseOracle(n: participants, crashes: crashes, network: .addressed)
    #expect(result.statistics.distinctStates == oracle.orbits())
  }

  @Test func crashesMakeBlockingReachable() throws {
    let result = try Explorer(try TwoPhaseCommit.make(participants: 2, crashes: 1)).run()
    #expect(result.verdict.keepsSafety)
    let blocking = try #require(result.examples.first { $0.key.hasPrefix("blocking") }?.value)
    // One participant votes yes, then the coordinator crashes: two steps.
    #expect(blocking.steps.count == 2)
    // Termination fails there (#14). The behaviour stops once no fair step is left: after those
    // two steps the other participant may still vote or abort, a fair step, so the shortest
    // stopping behaviour has three; then only a crash, which need never happen, could act.
    let lasso = try #require(result.counterexamples["termination: every participant that is up decides"])
    #expect(lasso.steps.count == 3)
    #expect(lasso.cycleStart == nil)
    #expect(lasso.finalState.crashed == ProcessSet([0]))
  }

  /// With recovery every process is eventually up again, and the recovered coordinator decides:
  /// 2PC terminates (#14).
  @Test(arguments: [(2, 1), (2, 2)])
  func recoveryUnblocks(participants: Int, crashes: Int) throws {
    let system = try TwoPhaseCommit.make(participants: participants, crashes: crashes, recovery: true)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// Crash–recovery: the distinct states and orbits match the oracle with the System layer's
  /// addressed messages and the same recovery rules, for both search orders, and atomic commit
  /// holds. The message-set oracle counts differently: there a recovered process finds every
  /// message it missed still in the set.
  @Test(arguments: [(1, 1), (2, 1), (2, 2), (3, 1), (2, 4)])
  func recoveryCountsMatchTheBruteForceOracle(participants: Int, crashes: Int) throws {
    var oracle = TwoPhaseOracle(n: participants, crashes: crashes, network: .addressed)
    oracle.recovery = true
    let expected = oracle.explore().distinct
    let system = try TwoPhaseCommit.make(participants: participants, crashes: crashes, recovery: true)
    for strategy in [ExplorerOptions.Strategy.breadthFirst, .depthFirst] {
      let result = try Explorer(system, options: ExplorerOptions(strategy: strategy)).run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == expected)
    }
    let reduced = try Explorer(
      try TwoPhaseCommit.make(participants: participants, crashes: crashes, recovery: true, symmetry: true)
    ).run()
    #expect(reduced.statistics.distinctStates == oracle.orbits())
  }

  /// The figures docs/models.md quotes for the default 3 participants with recovery, from the
  /// oracle: the System layer's, and the message-set model's.
  @Test(arguments: [(1, 3_096, 1_736), (2, 15_290, 4_944)])
  func recoveryCountsAtThreeParticipants(crashes: Int, addressed: Int, messageSet: Int) throws {
    var oracle = TwoPhaseOracle(n: 3, crashes: crashes, network: .addressed)
    oracle.recovery = true
    #expect(oracle.explore().distinct == addressed)
    oracle.network = .messageSet
    #expect(oracle.explore().distinct == messageSet)
    let system = try TwoPhaseCommit.make(participants: 3, crashes: crashes, recovery: true)
    #expect(try Explorer(system).run().statistics.distinctStates == addressed)
  }

  /// Blocking stays visible with recovery: the coordinator down undecided, a participant prepared.
  @Test func recoveryKeepsBlockingVisible() throws {
    let result = try Explorer(try TwoPhaseCommit.make(participants: 2, crashes: 1, recovery: true)).run()
    #expect(result.verdict == .holds)
    let blocking = try #require(result.examples.first { $0.key.hasPrefix("blocking") }?.value)
    #expect(blocking.steps.count == 2)
  }

  /// A recovered coordinator collects the votes again, and a recovered participant learns the
  /// outcome, although a crash lost the messages addressed to each: the coordinator recovering
  /// undecided asks for the votes again, and a participant recovering prepared asks for the
  /// outcome, which the decided coordinator sends it.
  @Test func recoveredProcessesFinishTheTransaction() throws {
    let system = try TwoPhaseCommit.make(participants: 2, crashes: 2, recovery: true)
    var state = try #require(system.initialStates.first)
    func step(_ process: String, _ action: String) throws {
      let enabled = system.actions(from: state)
      let chosen = try #require(
        enabled.first {
          let description = system.describe($0)
          return description.process == process && description.action == action
        }, "\(process): \(action)")
      state = try #require(system.successor(of: state, via: chosen))
    }
    try step("p1", "votes yes, sends Prepared")
    try step("p2", "votes yes, sends Prepared")
    try step("coordinator", "crashes")
    #expect(state.network.isEmpty)
    try step("coordinator", "recovers from stable storage")
    #expect(state.locals[0] == .coordinator(.initial, votes: ProcessSet()))
    try step("p1", "receive VoteRequest from coordinator")
    try step("p2", "receive VoteRequest from coordinator")
    try step("coordinator", "receive Prepared from p1")
    try step("coordinator", "receive Prepared from p2")
    try step("p1", "crashes")
    try step("coordinator", "decides commit, sends Commit")
    try step("p2", "receive Commit from coordinator")
    try step("p1", "recovers from stable storage")
    #expect(state.locals[1] == .participant(.prepared, votedYes: true))
    try step("coordinator", "receive Prepared from p1")
    try step("p1", "receive Commit from coordinator")
    #expect(state.locals[1] == .participant(.committed, votedYes: true))
    #expect(state.locals[2] == .participant(.committed, votedYes: true))
  }

  /// A participant that decides alone on recovery breaks atomic commit. The shortest run, as
  /// the oracle finds it, has every participant vote and the coordinator record each vote
  /// (2n steps), commit (1), one participant receive Commit (1), and another crash and recover
  /// into abort (2): 2n + 4 steps, 10 for the default 3 participants. The variant needs no
  /// crashes or recovery given: it implies one crash and recovery.
  @Test(arguments: [1, 2, 3])
  func recoveryDecidesAloneBreaksAtomicity(participants: Int) throws {
    let system = try TwoPhaseCommit.make(participants: participants, variant: .recoveryDecidesAlone)
    #expect(system.faults.recovery && system.faults.crashes == 1)
    let result = try Explorer(system).run()
    var oracle = TwoPhaseOracle(n: participants, crashes: 1, network: .addressed)
    oracle.recovery = true
    oracle.recoveryDecidesAlone = true
    let shortest = oracle.explore { TwoPhaseOracle.inconsistent($0) }.shortest
    if participants == 1 {
      #expect(result.verdict == .holds)
      #expect(shortest == nil)
      return
    }
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "atomic commit")
    #expect(violation.steps.count == shortest)
    #expect(violation.steps.count == 2 * participants + 4)
  }

  /// Crashes in mid-step (`--mid-broadcast`): any proper subset of a step's sends leaves, with
  /// and without recovery.
  @Test(arguments: [(2, 1, false), (3, 1, false), (2, 2, false), (2, 1, true), (2, 2, true)])
  func midStepCrashCountsMatchTheBruteForceOracle(participants: Int, crashes: Int, recovery: Bool) throws {
    var oracle = TwoPhaseOracle(n: participants, crashes: crashes, network: .addressed)
    oracle.recovery = recovery
    oracle.crashInSends = true
    let system = try TwoPhaseCommit.make(
      participants: participants, crashes: crashes, recovery: recovery, crashDuringSends: true)
    let result = try Explorer(system).run()
    #expect(result.verdict.keepsSafety)
    #expect(result.statistics.distinctStates == oracle.explore().distinct)
  }

  @Test(arguments: [NetworkSemantics.unordered, .fifo, .lossy])
  func otherNetworksKeepAtomicCommit(network: NetworkSemantics) throws {
    for recovery in [false, true] {
      let system = try TwoPhaseCommit.make(
        participants: 2, crashes: 1, recovery: recovery, network: network, crashDuringSends: true)
      #expect(try Explorer(system).run().verdict.keepsSafety, "recovery \(recovery)")
    }
  }
}
