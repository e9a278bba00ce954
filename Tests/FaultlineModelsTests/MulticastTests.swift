import Faultline
import FaultlineModels
import Testing

@Suite struct MulticastTests {
  // No state counts are pinned: no independent source gives them.
  @Test(arguments: [2])
  func totalOrderHolds(processes: Int) throws {
    let exploration = try Explorer(try TotalOrderMulticast.make(processes: processes)).run()
    #expect(exploration.verdict == .holds)
  }

  /// Delivering on receipt breaks total order after 4 steps, the fewest possible: two
  /// processes must each deliver both commands, in opposite orders, which takes both
  /// multicasts and two receipts (p0 and p1 multicast, each receives the other's command).
  /// The replicas, having applied the same commands in different orders, disagree then too.
  @Test func deliverOnReceiptBreaksOrder() throws {
    let exploration = try Explorer(try TotalOrderMulticast.make(processes: 2, ordered: false)).run()
    #expect(Set(exploration.verdict.violations.map(\.property)) == ["total order", "replicas agree"])
    #expect(exploration.counterexamples["replicas agree"]?.steps.count == 4)
    let path = try #require(exploration.counterexamples["total order"])
    #expect(path.steps.count == 4)
    #expect(path.finalState.deliveries(of: 0) == path.finalState.deliveries(of: 1).reversed())
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
    #expect(throws: FaultlineError.self) { try ViewSynchronousMulticast.make(members: 5) }
  }
}
