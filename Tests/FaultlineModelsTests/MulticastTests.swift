import Faultline
import FaultlineModels
import Testing

@Suite struct MulticastTests {
  // No state counts are pinned: no independent source gives them.
  /// The correct protocol at small points across its parameters: without crashes, with one,
  /// and with every process but one crashing, with one command and with several.
  @Test(arguments: [(2, 0, 2), (2, 1, 2), (2, 1, 1), (3, 2, 1), (3, 0, 2)])
  func totalOrderHolds(processes: Int, crashes: Int, commands: Int) throws {
    let system = try TotalOrderMulticast.make(processes: processes, crashes: crashes, commands: commands)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// Delivering on receipt breaks total order after 4 steps, the fewest possible: two
  /// processes must each deliver both commands, in opposite orders, which takes both
  /// multicasts and two receipts (p0 and p1 multicast, each receives the other's command).
  /// The replicas, having applied the same commands in different orders, disagree then too.
  @Test func deliverOnReceiptBreaksOrder() throws {
    let system = try TotalOrderMulticast.make(
      processes: 2, crashes: 0, commands: 2, variant: .deliverOnReceipt)
    let exploration = try Explorer(system).run()
    #expect(Set(exploration.verdict.violations.map(\.property)) == ["total order", "replicas agree"])
    #expect(exploration.counterexamples["replicas agree"]?.steps.count == 4)
    let path = try #require(exploration.counterexamples["total order"])
    #expect(path.steps.count == 4)
    #expect(path.finalState.deliveries(of: 0) == path.finalState.deliveries(of: 1).reversed())
  }

  /// Non-uniform consensus breaks uniform total order in 9 steps, the fewest possible. Two
  /// processes must both deliver both commands, in opposite orders. A batch is delivered in a
  /// fixed order, and a process's own proposal is the one command it first holds (a higher
  /// rank could adopt a lower one's decision, but that decision is the lower one's order), so
  /// each delivers one command per instance and leads twice: 4 leads. Both commands are
  /// multicast (2 steps) and each process receives the other's (2 steps). p1 leads only past
  /// round 0 of both instances, which it passes by suspecting p0 (1 step; hearing p0's
  /// decisions would make it adopt them), and p0 crashes inside its last lead, before telling p1.
  @Test func nonUniformConsensusBreaksUniformTotalOrder() throws {
    let system = try TotalOrderMulticast.make(
      processes: 2, crashes: 1, commands: 2, variant: .nonUniformConsensus)
    let exploration = try Explorer(system).run()
    let path = try #require(exploration.counterexamples["total order"])
    #expect(path.steps.count == 9)
    #expect(path.finalState.crashed == ProcessSet([0]))
    #expect(path.finalState.deliveries(of: 0) == path.finalState.deliveries(of: 1).reversed())
  }

  /// Non-uniform consensus keeps total order with a single command, and without crashes: the
  /// planted bug needs a leader that crashes after deciding alone, and two commands to order.
  @Test(arguments: [(3, 1, 1), (2, 0, 2)])
  func nonUniformConsensusHoldsWhereTheBugCannotShow(processes: Int, crashes: Int, commands: Int) throws {
    let system = try TotalOrderMulticast.make(
      processes: processes, crashes: crashes, commands: commands, variant: .nonUniformConsensus)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// A consensus that ignores suspicions blocks after 3 steps, the fewest possible: for a
  /// behaviour that never reaches the goal, some command must be owed (p1 multicasts it: 1
  /// step) and p0 must crash (1 step), since without a crash every process takes part. The
  /// perfect detector's suspicion of p0 is then enabled until taken, and fair (1 step). After
  /// it nothing is enabled: p1 waits for ever for p0's round of instance 0.
  @Test func ignoringSuspicionsBlocks() throws {
    let system = try TotalOrderMulticast.make(
      processes: 2, crashes: 1, commands: 2, variant: .ignoresSuspicions)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["uniform agreement and validity"])
    let path = try #require(exploration.counterexamples["uniform agreement and validity"])
    #expect(path.steps.count == 3)
    #expect(path.finalState.crashed == ProcessSet([0]))
    #expect(path.finalState.deliveries(of: 1).isEmpty)
  }

  @Test(arguments: [2, 3])
  func viewSynchronyHolds(members: Int) throws {
    let exploration = try Explorer(try ViewSynchronousMulticast.make(members: members)).run()
    #expect(exploration.verdict == .holds)
  }

  /// Without flush: 4 steps, the fewest possible. Two processes must install view 1 (the
  /// joiner asks, the coordinator installs on receipt, another member receives NewView: 3
  /// steps) having delivered different things in view 0 (a multicast: 1 step). p0 multicasts,
  /// the joiner asks, p0 installs with {0}, p1 installs with nothing delivered.
  @Test func noFlushBreaksViewSynchrony() throws {
    let exploration = try Explorer(try ViewSynchronousMulticast.make(members: 2, flush: false)).run()
    let properties = Set(exploration.verdict.violations.map(\.property))
    #expect(properties.contains("view synchrony"))
    #expect(properties.contains("state transfer: a view's members start it in the same state"))
    #expect(exploration.counterexamples["view synchrony"]?.steps.count == 4)
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 1) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, crashes: 2) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, commands: 3) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, commands: 0) }
    #expect(throws: FaultlineError.self) { try ViewSynchronousMulticast.make(members: 5) }
  }
}
