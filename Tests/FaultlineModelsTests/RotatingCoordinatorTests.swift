import Faultline
import FaultlineModels
import Testing

@Suite struct RotatingCoordinatorTests {
  /// Uniform agreement (Chandra and Toueg's: crashed deciders included) and validity hold under
  /// false suspicions, with or without a crash (the safety properties alone: two rounds are too
  /// few to decide termination, below).
  @Test(arguments: [(1, 1), (0, 2)])
  func majorityVariantHolds(crashes: Int, falseSuspicions: Int) throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: crashes, detector: .eventuallyStrong(falseSuspicions: falseSuspicions),
      rounds: 2, majority: true)
    var options = ExplorerOptions()
    options.checksLiveness = false
    #expect(try Explorer(system, options: options).run().verdict == .holds)
  }

  /// Termination with no false suspicion, three processes and at most one crash. Rounds 0 and
  /// 1 can both succeed (or round 0's coordinator crash), so a process can enter round 2
  /// undecided: with two rounds it is then out of rounds, and termination is not determined
  /// (the model's bound, not the protocol, stopped it). It cannot pass round 2: that round's
  /// coordinator waits for estimates from processes that decided or crashed until the relayed
  /// decision reaches it. So three rounds decide termination, and it holds. One round never
  /// decides it: whoever acks the first proposal leaves the last round before the coordinator,
  /// which needs that ack, can decide.
  @Test(arguments: [
    (0, 1, "incomplete"), (0, 2, "incomplete"), (0, 3, "holds"), (1, 2, "incomplete"), (1, 3, "holds"),
  ])
  func terminationIsDecidedOnceTheRoundsSuffice(crashes: Int, rounds: Int, verdict: String) throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: crashes, detector: .eventuallyStrong(falseSuspicions: 0), rounds: rounds,
      majority: true)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.name == verdict)
    if verdict == "incomplete" {
      #expect(exploration.undeterminedLiveness["termination"]?.contains("out of rounds") == true)
    }
  }

  /// The relayed decision (#14): the coordinator decides and crashes with its decision sent to
  /// one process only; without the relay the other one waited forever in the next round for a
  /// majority of estimates. A false suspicion that lasts forever (◇S allows one while another
  /// correct process is trusted) only costs rounds: termination is never violated.
  @Test(arguments: [(1, 0, 2), (0, 1, 2), (1, 1, 2)])
  func terminationIsNeverViolated(crashes: Int, falseSuspicions: Int, rounds: Int) throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: crashes, detector: .eventuallyStrong(falseSuspicions: falseSuspicions),
      rounds: rounds, majority: true)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.name != "violated", "\(exploration.verdict.violations.map(\.explanation))")
  }

  /// ◇S's eventual weak accuracy holds in the model only while some process that never crashes
  /// cannot be suspected forever: with as many false suspicions as such processes the model
  /// leaves termination out (safety only), and System refuses liveness under that detector.
  @Test func terminationNeedsFewerFalseSuspicionsThanCorrectProcesses() throws {
    let unchecked = try RotatingCoordinator.make(
      processes: 3, crashes: 1, detector: .eventuallyStrong(falseSuspicions: 2), rounds: 2, majority: true)
    #expect(!unchecked.properties.contains { $0.expectation.isLiveness })
    let checked = try RotatingCoordinator.make(
      processes: 3, crashes: 1, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 2, majority: true)
    #expect(checked.properties.contains { $0.name == "termination" })
    #expect(throws: FaultlineError.self) {
      try System(
        processes: checked.processes, network: .fifo, faults: Faults(crashes: 1),
        detector: .eventuallyStrong(falseSuspicions: 2), properties: checked.properties)
    }
  }

  @Test func minorityQuorumBreaksAgreementAfterOneFalseSuspicion() throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: 1, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 2, majority: false)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["uniform agreement"])
    let path = try #require(exploration.counterexamples["uniform agreement"])
    // Shortest, by hand: with a quorum of one, p0 proposes and at once collects its own
    // estimate, acks itself and decides 0 (1); p1 proposes, entering round 0 (2), falsely
    // suspects p0, nacks, and as coordinator of round 1 does the same alone: decides 1 (3).
    // No decision of a second value can take fewer: p1 must start and leave round 0.
    #expect(path.steps.count == 3)
    let final = path.finalState
    #expect(final.crashed.isEmpty)
    #expect(final.falseSuspicionsUsed == 1)
    #expect(final.decisions(of: 0) == [0])
    #expect(final.decisions(of: 1) == [1])
  }

  /// Without false suspicions or crashes nobody leaves round 0 undecided, so even the
  /// minority quorum agrees: it is the detector's mistakes that need intersecting quorums.
  @Test func minorityQuorumAgreesWhenNobodyIsSuspected() throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: 0, detector: .eventuallyStrong(falseSuspicions: 0), rounds: 2, majority: false)
    var options = ExplorerOptions()
    options.checksLiveness = false
    #expect(try Explorer(system, options: options).run().verdict == .holds)
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(
        processes: 3, crashes: 2, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 2, majority: true)
    }
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(
        processes: 1, crashes: 0, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 2, majority: true)
    }
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(
        processes: 3, crashes: 1, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 0, majority: true)
    }
  }
}
