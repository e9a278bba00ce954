import Faultline
import FaultlineModels
import Testing

@Suite struct RotatingCoordinatorTests {
  /// Uniform agreement (Chandra and Toueg's: crashed deciders included) and validity hold under
  /// false suspicions, with or without a crash.
  @Test(arguments: [(1, 1), (0, 2)])
  func majorityVariantHolds(crashes: Int, falseSuspicions: Int) throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: crashes, falseSuspicions: falseSuspicions, rounds: 2, majority: true)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test func minorityQuorumBreaksAgreementAfterOneFalseSuspicion() throws {
    let system = try RotatingCoordinator.make(
      processes: 3, crashes: 1, falseSuspicions: 1, rounds: 2, majority: false)
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
      processes: 3, crashes: 0, falseSuspicions: 0, rounds: 2, majority: false)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(processes: 3, crashes: 2, falseSuspicions: 1, rounds: 2, majority: true)
    }
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(processes: 1, crashes: 0, falseSuspicions: 1, rounds: 2, majority: true)
    }
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(processes: 3, crashes: 1, falseSuspicions: 1, rounds: 0, majority: true)
    }
  }
}
