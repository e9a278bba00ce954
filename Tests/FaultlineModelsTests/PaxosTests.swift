import Faultline
import FaultlineModels
import Testing

@Suite struct PaxosTests {
  /// Without crashes the correct protocol holds; the crash-recovery default runs in
  /// CatalogueTests. (State counts are not pinned: no independent source gives them.)
  @Test func correctHoldsWithoutCrashes() throws {
    let exploration = try Explorer(try Paxos.make(crashes: 0)).run()
    #expect(exploration.verdict == .holds)
  }

  /// Without a crash an acceptor never needs its log, so forgetting it is harmless.
  @Test func forgettingIsHarmlessWithoutCrashes() throws {
    let exploration = try Explorer(try Paxos.make(variant: .acceptorForgetsPromise, crashes: 0)).run()
    #expect(exploration.verdict == .holds)
  }

  /// Shortest counterexamples, argued by hand. Choosing a value takes at least 7 steps: a
  /// proposer starts its ballot, two acceptors receive Prepare, the proposer receives their two
  /// Promises, and two acceptors receive Accept. Two values need two ballots, so 14 steps.
  /// - `proposer-ignores-accepted`: 14 are enough: v0 is chosen by a0 and a1 in ballot 0; p1
  ///   gets Promises from a0 and a1 reporting v0, proposes v1 anyway, and a0 and a1 accept it.
  /// - `acceptor-forgets-promise`: in the correct protocol two values are never chosen, and
  ///   with no crash this variant is the correct protocol, so a crash and a recovery are needed
  ///   too: 16. They suffice, with the acceptance kept and only the promise lost: a0 and a1
  ///   promise ballot 1 to p1; a0 crashes and recovers with no promise; p0's ballot 0 gets
  ///   Promises from a0 and a2 and both accept v0 (chosen); p1's Promises from a0 and a1, sent
  ///   before, report no acceptance, so p1 proposes v1, and a0 (promised 0) and a1 accept it.
  @Test(arguments: [
    (PaxosProcess.Variant.proposerIgnoresAccepted, 0, 14),
    (.proposerIgnoresAccepted, 1, 14),
    (.acceptorForgetsPromise, 1, 16),
  ])
  func brokenVariantsChooseTwoValues(variant: PaxosProcess.Variant, crashes: Int, steps: Int) throws {
    let exploration = try Explorer(try Paxos.make(variant: variant, crashes: crashes)).run()
    #expect(exploration.verdict.violations.map(\.property) == ["at most one value is chosen"])
    let path = try #require(exploration.counterexamples["at most one value is chosen"])
    #expect(path.steps.count == steps)
    #expect(Paxos.chosen(in: path.finalState) == [0, 1])
    if variant == .acceptorForgetsPromise {
      #expect(path.steps.contains { if case .crash = $0.action { true } else { false } })
      #expect(path.steps.contains { if case .handle(.recover, _) = $0.action { true } else { false } })
      // Only the promise is lost: a recovered acceptor still has the acceptance it had before
      // its crash.
      for (i, step) in path.steps.enumerated() {
        guard case .handle(.recover(let acceptor), _) = step.action else { continue }
        let crash = try #require(
          path.steps[..<i].lastIndex { if case .crash(acceptor) = $0.action { true } else { false } })
        let before = crash == 0 ? path.initialState : path.steps[crash - 1].state
        #expect(acceptance(before, acceptor) == acceptance(step.state, acceptor))
      }
    }
  }

  /// An acceptor's last acceptance, ballot and value, or nil for another role.
  private func acceptance(_ state: SystemState<PaxosProcess>, _ process: Int) -> [Int]? {
    guard case .acceptor(_, let ballot, let value) = state.locals[process] else { return nil }
    return [ballot, value]
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) { try Paxos.make(rounds: 0) }
    #expect(throws: FaultlineError.self) { try Paxos.make(rounds: Paxos.maxRounds + 1) }
    #expect(throws: FaultlineError.self) { try Paxos.make(crashes: -1) }
  }
}
