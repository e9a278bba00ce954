import Faultline
import FaultlineModels
import Testing

@Suite struct HierarchicalConsensusTests {
  @Test(arguments: [(3, 1), (3, 2), (4, 1)])
  func uniformVariantHolds(processes: Int, crashes: Int) throws {
    let system = try HierarchicalConsensus.make(processes: processes, crashes: crashes, uniform: true)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
  }

  @Test func nonUniformVariantBreaksUniformAgreementInMidBroadcast() throws {
    let system = try HierarchicalConsensus.make(processes: 3, crashes: 1, uniform: false)
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

  @Test func nonUniformVariantKeepsAgreementAmongCorrectProcesses() throws {
    let base = try HierarchicalConsensus.make(processes: 3, crashes: 1, uniform: false)
    let system = try System(
      processes: base.processes, network: base.network, faults: base.faults, detector: base.detector,
      properties: [SystemProperties.agreement(), SystemProperties.decidesAtMostOnce()])
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) {
      try HierarchicalConsensus.make(processes: 3, crashes: 3, uniform: true)
    }
    #expect(throws: FaultlineError.self) {
      try HierarchicalConsensus.make(processes: 0, crashes: 0, uniform: true)
    }
  }
}
