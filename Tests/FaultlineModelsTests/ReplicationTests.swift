import Faultline
import FaultlineModels
import Testing

@Suite struct ReplicationTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var model: String
    var variant: String
    var property: String?
    var steps: Int
    var testDescription: String { "\(model) \(variant)" }
  }

  /// Verdicts and shortest counterexample lengths at default parameters (3 replicas, 1 crash).
  ///
  /// - primary-backup `reply-before-ack`, 10 steps: c0 invokes its write (1); p0 takes it,
  ///   replies and crashes with the updates unsent (2, one step with the crash); c0 gets ok (3);
  ///   c1 invokes its read (4); p1 and p2 suspect p0 (5, 6; p2 sends p1 its state); p1 installs
  ///   view 1 on p2's state (7); c1 suspects p0 (8) so its request reaches p1 (9), which answers
  ///   0 (10). Each step is needed: the read must return after the write's ok and be answered by
  ///   an installed new primary, which needs the flush from p2 and both suspicions.
  /// - primary-backup `non-view-synchronous`, 5 steps: c0 invokes (1); p0 takes it and crashes
  ///   mid-broadcast with only the update to p2 sent (2); p2 delivers it (3); p1 and p2 install
  ///   view 1 (4, 5): they delivered different updates in view 0.
  /// - chain-replication `read-at-head`, 11 steps: c0 invokes its write (1); p0 applies it (2);
  ///   c1 reads at p0 (3, 4) and gets 1 (5); c1 invokes its second read (6); p0 takes it and
  ///   crashes with no send left (7); p1 and c1 suspect p0 (8, 9); p1, now head, answers the
  ///   resent read (10) with 0 (11): 1 then 0, while the only write is still pending.
  @Test(arguments: [
    Case(model: "primary-backup", variant: "correct", property: nil, steps: 0),
    Case(model: "primary-backup", variant: "reply-before-ack", property: "linearizability", steps: 10),
    Case(model: "primary-backup", variant: "non-view-synchronous", property: "view synchrony", steps: 5),
    Case(model: "chain-replication", variant: "correct", property: nil, steps: 0),
    Case(model: "chain-replication", variant: "read-at-head", property: "linearizability", steps: 11),
  ])
  func verdictsAndShortestCounterexamples(_ c: Case) throws {
    let outcome = try Catalogue.entry(named: c.model).run(variant: c.variant)
    guard let property = c.property else {
      #expect(outcome.verdict.name == "holds")
      return
    }
    let violation = try #require(outcome.verdict.violations.first)
    #expect(violation.property == property)
    #expect(violation.steps.count == c.steps)
  }

  /// Without crashes reading at the head is linearizable: the head applies writes first, so
  /// only a head that crashes with an unforwarded write can expose a lost value.
  @Test func readAtHeadNeedsACrash() throws {
    let model = try ChainReplication.make(replicas: 3, clients: 2, crashes: 0, variant: .readAtHead)
    #expect(try Explorer(model).run().verdict == .holds)
  }

  @Test(arguments: [(0, 1, 0), (5, 1, 0), (3, 0, 0), (3, 2, 3), (2, 2, -1)])
  func parametersOutOfRangeAreErrors(replicas: Int, clients: Int, crashes: Int) {
    #expect(throws: FaultlineError.self) {
      try PrimaryBackup.make(replicas: replicas, clients: clients, crashes: crashes, variant: .correct)
    }
    #expect(throws: FaultlineError.self) {
      try ChainReplication.make(replicas: replicas, clients: clients, crashes: crashes, variant: .correct)
    }
  }
}
