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

  /// View synchrony under crashes at small points: without a crash, with one, with every
  /// process but one crashing, and with one and several commands.
  /// Under ◇P the correct protocol loses uniform agreement in 4 steps, the fewest possible: the
  /// algorithm leaves suspected processes out of its sends (harmless under P, where they have
  /// crashed), so p0 falsely suspects p1 (1), multicasts to nobody else (1), leads and decides
  /// and delivers its command alone (1), and the detector, eventually accurate, stops suspecting
  /// p1 (1, a fair step it must take), after which nothing is enabled: p1, up, never gets it.
  @Test func oneFalseSuspicionLeavesASuspectedProcessUndelivered() throws {
    let system = try TotalOrderMulticast.make(
      processes: 2, crashes: 0, commands: 1, detector: .eventuallyPerfect(falseSuspicions: 1))
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["uniform agreement and validity"])
    let path = try #require(exploration.counterexamples["uniform agreement and validity"])
    #expect(path.steps.count == 4)
    #expect(path.finalState.crashed.isEmpty)
    #expect(path.finalState.deliveries(of: 0) == [0])
    #expect(path.finalState.deliveries(of: 1).isEmpty)
  }

  /// Under ◇P view synchrony fails in 7 steps, the fewest possible: p0 multicasts and delivers
  /// its command in view 0 (1); p1 falsely suspects p0 (1) and must trust it again (1), or it
  /// would send p0 nothing and p0 would never install the next view; p1 leads the view change
  /// without p0's report (1); p0 acknowledges the proposal (1); p1 decides and installs view 1 on
  /// that acknowledgement (1); p0 receives the decision and installs it too (1). Both moved from
  /// view 0 to view 1, and only p0 delivered the command in view 0.
  @Test func oneFalseSuspicionBreaksViewSynchrony() throws {
    let system = try ViewSynchronousMulticast.make(
      processes: 2, crashes: 0, commands: 1, detector: .eventuallyPerfect(falseSuspicions: 1))
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["view synchrony"])
    let path = try #require(exploration.counterexamples["view synchrony"])
    #expect(path.steps.count == 7)
    #expect(path.finalState.crashed.isEmpty)
    #expect(path.finalState.deliveries(of: 0) == [0])
    #expect(path.finalState.deliveries(of: 1).isEmpty)
  }

  @Test(arguments: [(2, 0, 2), (2, 1, 2), (3, 1, 1), (3, 2, 1), (3, 1, 2)])
  func viewSynchronyHolds(processes: Int, crashes: Int, commands: Int) throws {
    let system = try ViewSynchronousMulticast.make(processes: processes, crashes: crashes, commands: commands)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// Without a flush, view synchrony fails after 4 steps, the fewest possible: two survivors
  /// must both install view 1 (a suspicion step each), having delivered different messages in
  /// view 0. A crash is needed for any view change (1 step), and the difference needs a
  /// survivor's delivery, which no crash step can carry (a crashing multicaster delivers its own
  /// message but never installs view 1): p0 multicasts, p1 crashes, p0 and p2 suspect p1 and
  /// install view 1, p0 having delivered its command and p2 not.
  @Test func noFlushBreaksViewSynchrony() throws {
    let system = try ViewSynchronousMulticast.make(processes: 3, crashes: 1, commands: 1, variant: .noFlush)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["view synchrony"])
    #expect(exploration.counterexamples["view synchrony"]?.steps.count == 4)
  }

  /// Delivering after the report breaks view synchrony after 9 steps, the fewest possible.
  /// The message one survivor delivers and the decision misses cannot be its own (a flushing
  /// process does not multicast, and one multicast before the flush is in its report), nor a
  /// survivor's that reached the other before its report; so p0 sends it to p1 alone and crashes
  /// in that step (1). Both survivors suspect p0 (2). p1 delivers the message after its report
  /// (1). The view change needs p1 to propose, with p2's report (1 receipt; p0's round passed by
  /// the suspicion), to lead (1), p2 to acknowledge (1), p1 to receive it and decide (1), and p2
  /// to receive the decision (1): 9.
  @Test func deliveringAfterTheReportBreaksViewSynchrony() throws {
    let system = try ViewSynchronousMulticast.make(
      processes: 3, crashes: 1, commands: 1, variant: .deliverAfterReport)
    let exploration = try Explorer(system).run()
    let path = try #require(exploration.counterexamples["view synchrony"])
    #expect(path.steps.count == 9)
    #expect(path.finalState.crashed == ProcessSet([0]))
  }

  /// Both broken variants hold with two processes: a view change leaves one survivor, and view
  /// synchrony compares two processes that install the same next view.
  @Test(arguments: [ViewSynchronousMulticastVariant.noFlush, .deliverAfterReport])
  func brokenViewChangesHoldWithOneSurvivor(variant: ViewSynchronousMulticastVariant) throws {
    let system = try ViewSynchronousMulticast.make(processes: 2, crashes: 1, commands: 2, variant: variant)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 1) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, crashes: 2) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, commands: 3) }
    #expect(throws: FaultlineError.self) { try TotalOrderMulticast.make(processes: 2, commands: 0) }
    #expect(throws: FaultlineError.self) { try ViewSynchronousMulticast.make(processes: 5) }
    #expect(throws: FaultlineError.self) { try ViewSynchronousMulticast.make(processes: 3, crashes: 3) }
    #expect(throws: FaultlineError.self) { try ViewSynchronousMulticast.make(processes: 2, commands: 3) }
  }
}
