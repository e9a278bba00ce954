import Faultline
import FaultlineModels
import Testing

@Suite struct UniformConsensusTests {
  @Test(arguments: [(3, 1), (3, 2), (4, 1)])
  func uniformVariantHolds(processes: Int, crashes: Int) throws {
    let system = try UniformConsensus.make(processes: processes, crashes: crashes, uniform: true)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
  }

  @Test func nonUniformVariantBreaksUniformAgreementInMidBroadcast() throws {
    let system = try UniformConsensus.make(processes: 3, crashes: 1, uniform: false)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.map(\.property) == ["uniform agreement"])
    let path = try #require(exploration.counterexamples["uniform agreement"])
    // Shortest: p0 leads, decides 0, tells only p2 and crashes; p1 suspects p0; p1 decides 1.
    #expect(path.steps.count == 3)
    guard case .handle(.choose(process: 0, choice: .lead), crashKeeping: let kept?) = path.steps[0].action
    else {
      Issue.record("the first step is not p0 leading and crashing: \(path.steps[0].action)")
      return
    }
    #expect(kept != 0 && kept != 0b11)
    #expect(path.finalState.decisions(of: 0) == [0])
    #expect(path.finalState.decisions(of: 1) == [1])
    #expect(path.finalState.crashed == ProcessSet([0]))
    let violation = try #require(exploration.verdict.violations.first)
    #expect(violation.steps.first?.action.contains("crashes") == true)
  }

  /// The difference between the two agreements: checked for agreement among correct processes
  /// only (`--agreement regular`), the non-uniform variant holds; p0's lone decision in the
  /// counterexample above does not count once p0 has crashed.
  @Test func nonUniformVariantKeepsAgreementAmongCorrectProcesses() throws {
    let system = try UniformConsensus.make(processes: 3, crashes: 1, uniform: false, agreement: .regular)
    #expect(!system.properties.contains { $0.name == "uniform agreement" })
    #expect(try Explorer(system).run().verdict == .holds)
    let entry = try Catalogue.entry(named: "uniform-consensus")
    #expect(try entry.run(variant: "non-uniform", parameters: ["agreement": "regular"]).verdict == .holds)
    #expect(try entry.run(variant: "non-uniform").verdict.violations.map(\.property) == ["uniform agreement"])
  }

  /// Issue #13: the uniform leader sent `Decided` by plain sends and nobody relayed it. p0
  /// decided, told only p1 and crashed; p1 had decided and never led, so p2, which moves past a
  /// round only when its leader is suspected, waited for p1 forever. Algorithm 5.4 broadcasts
  /// `Decided` by reliable broadcast, so termination holds: every correct process decides. Checked
  /// over every reachable state: wherever nothing but a crash can happen, every live process has
  /// decided. Algorithm 5.2 (non-uniform) terminates too: each correct process leads in its turn.
  /// (Four processes are in the parameter grid, on the release binary, where the liveness check
  /// judges termination: `uniform` with 1 crash, `non-uniform --agreement regular` with 1 and 2.)
  @Test(arguments: [(true, 3, 1), (true, 3, 2), (false, 3, 1), (false, 3, 2)])
  func leaderCrashingAfterTellingOneProcessStillLetsEveryCorrectProcessDecide(
    uniform: Bool, processes: Int, crashes: Int
  ) throws {
    let base = try UniformConsensus.make(
      processes: processes, crashes: crashes, uniform: uniform, agreement: uniform ? .uniform : .regular)
    let system = try Quiescence.checking(base, "every live process decides") { state in
      state.live.members.allSatisfy { state.decisions(of: $0).count == 1 }
    }
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// Issue #13: the algorithm assumes a perfect detector; with ◇P it breaks, and the check shows
  /// how. Two false suspicions break uniform agreement in 4 steps, the fewest possible: p0 and
  /// p1 must each decide their own value. A process decides when it leads with every other
  /// process suspected or acknowledging, or when a `Decided` (the other's value) arrives. p0
  /// cannot count on p1's acknowledgement (p1 would then have recorded p0's proposal and adopt
  /// it on passing round 0), so p0 suspects p1 (1) and leads (1); p1 passes round 0 only by
  /// suspecting p0 (1), and leads (1).
  @Test func twoFalseSuspicionsBreakAgreement() throws {
    let system = try UniformConsensus.make(
      processes: 2, crashes: 0, uniform: true, detector: .eventuallyPerfect(falseSuspicions: 2))
    let exploration = try Explorer(system).run()
    #expect(exploration.counterexamples["uniform agreement"]?.steps.count == 4)
  }

  /// One false suspicion breaks termination: the highest process suspects p0 and passes round 0
  /// without acknowledging p0's proposal, so p0 waits for it for ever (it suspects nobody, the
  /// detector having used its one mistake) and the others wait for p0.
  @Test(arguments: [2, 3])
  func oneFalseSuspicionBreaksTermination(processes: Int) throws {
    let system = try UniformConsensus.make(
      processes: processes, crashes: 0, uniform: true, detector: .eventuallyPerfect(falseSuspicions: 1))
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.contains { $0.property == "termination" })
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) {
      try UniformConsensus.make(processes: 3, crashes: 3, uniform: true)
    }
    #expect(throws: FaultlineError.self) {
      try UniformConsensus.make(processes: 0, crashes: 0, uniform: true)
    }
    #expect(throws: FaultlineError.self) {
      try UniformConsensus.make(
        processes: 2, crashes: 0, uniform: true, detector: .eventuallyPerfect(falseSuspicions: 5))
    }
  }
}
