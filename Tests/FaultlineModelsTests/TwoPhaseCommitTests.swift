import Faultline
import FaultlineModels
import Testing

/// Two-phase commit on the System layer without faults: TwoPhase's exact counts, orbits under
/// symmetry, and the broken variants' shortest counterexamples. Crashes, recovery and other
/// networks are in `TwoPhaseCommitFaultTests`.
@Suite struct TwoPhaseCommitTests {
  /// Distinct states of Lamport's TwoPhase, from shared/oracles/README.md, where TLC 2.20,
  /// SPIN 6.5.2 and a separate brute-force enumeration agree. (7 and 8 participants are pinned
  /// against the release binary in CLITests, to keep this debug suite fast.)
  @Test(arguments: [(1, 12), (2, 56), (3, 288), (4, 1_568), (5, 8_832)])
  func matchesTwoPhaseFigures(participants: Int, distinct: Int) throws {
    let result = try Explorer(try TwoPhaseCommit.make(participants: participants)).run()
    #expect(result.verdict == .holds)
    #expect(result.statistics.distinctStates == distinct)
  }

  @Test(arguments: [1, 2, 3, 4])
  func bruteForceAgreesWithTheFigures(participants: Int) {
    let figures = [1: 12, 2: 56, 3: 288, 4: 1_568]
    #expect(BruteForceTwoPhase.reachable(participants: participants).count == figures[participants])
    #expect(TwoPhaseOracle(n: participants, crashes: 0).explore().distinct == figures[participants])
  }

  /// With symmetry the count is the number of orbits under renaming participants, computed by
  /// brute force over all permutations (80 for the default 3 participants, 314 for 5, which
  /// the CLI tests pin).
  @Test(arguments: [1, 2, 3, 4])
  func symmetryCountsOrbits(participants: Int) throws {
    let system = try TwoPhaseCommit.make(participants: participants, symmetry: true)
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    #expect(exploration.statistics.distinctStates == BruteForceTwoPhase.orbits(participants: participants))
    #expect(exploration.statistics.distinctStates == TwoPhaseOracle(n: participants, crashes: 0).orbits())
  }

  /// The orbit counts the docs and the CLI tests quote: 80 for the default 3 participants, 314
  /// for 5, each from the brute-force canonicalisation over every renaming.
  @Test(arguments: [(3, 80), (5, 314)])
  func orbitCountsAtThreeAndFiveParticipants(participants: Int, orbits: Int) throws {
    #expect(BruteForceTwoPhase.orbits(participants: participants) == orbits)
    let system = try TwoPhaseCommit.make(participants: participants, symmetry: true)
    #expect(try Explorer(system).run().statistics.distinctStates == orbits)
  }

  @Test func symmetryPathsReplayAsConcreteSteps() throws {
    let system = try TwoPhaseCommit.make(participants: 3, symmetry: true)
    let exploration = try Explorer(system).run()
    let path = try #require(exploration.examples["all committed"])
    let replayed = try Path.replay(path.choices, through: system)
    #expect(replayed.finalState == path.finalState)
    #expect(replayed.finalState.locals[0] == .coordinator(.committed, votes: ProcessSet(1...3)))
  }

  @Test(arguments: TwoPhaseCommit.Variant.allCases.filter { $0 != .correct })
  func symmetryKeepsShortestConcreteCounterexamples(variant: TwoPhaseCommit.Variant) throws {
    let plain = try Explorer(try TwoPhaseCommit.make(participants: 3, variant: variant)).run()
    let reduced = try Explorer(try TwoPhaseCommit.make(participants: 3, variant: variant, symmetry: true))
      .run()
    let violation = try #require(reduced.verdict.violations.first)
    #expect(violation.steps.count == plain.verdict.violations.first?.steps.count)
    let path = try #require(reduced.counterexamples[violation.property])
    let concrete = try TwoPhaseCommit.make(participants: 3, variant: variant)
    #expect(try Path.replay(path.choices, through: concrete).finalState == path.finalState)
  }

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var variant: TwoPhaseCommit.Variant
    var participants: Int
    var property: String
    var testDescription: String { "\(variant.rawValue) n=\(participants)" }
  }

  /// Each broken variant is caught, and the counterexample is exactly as long as the oracle's
  /// shortest path to a bad state (3 steps and 9 steps at the default 3 participants).
  @Test(arguments: [
    BrokenCase(variant: .commitWithoutAllVotes, participants: 2, property: "commit only if all voted yes"),
    BrokenCase(variant: .commitWithoutAllVotes, participants: 3, property: "commit only if all voted yes"),
    BrokenCase(variant: .abortAfterPrepare, participants: 2, property: "atomic commit"),
    BrokenCase(variant: .abortAfterPrepare, participants: 3, property: "atomic commit"),
  ])
  func brokenVariantsGetShortestCounterexamples(broken: BrokenCase) throws {
    let system = try TwoPhaseCommit.make(participants: broken.participants, variant: broken.variant)
    let result = try Explorer(system).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == broken.property)
    for network in [TwoPhaseOracle.Network.messageSet, .addressed] {
      var oracle = TwoPhaseOracle(n: broken.participants, crashes: 0, network: network)
      oracle.commitNeedsAllVotes = broken.variant != .commitWithoutAllVotes
      oracle.preparedMayAbort = broken.variant == .abortAfterPrepare
      let shortest = oracle.explore { TwoPhaseOracle.inconsistent($0) || oracle.commitWithoutAllVotes($0) }
        .shortest
      #expect(violation.steps.count == shortest)
    }
    #expect(
      violation.steps.count == (broken.variant == .commitWithoutAllVotes ? 3 : 2 * broken.participants + 3))
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
  }

  /// A counterexample's steps carry the transaction events `verify` checks: votes, and commits
  /// and aborts (the coordinator's naming every participant).
  @Test func stepsCarryTransactionEvents() throws {
    let system = try TwoPhaseCommit.make(participants: 2, variant: .commitWithoutAllVotes)
    let violation = try #require(try Explorer(system).run().verdict.violations.first)
    let events = violation.steps.flatMap(\.events)
    #expect(events.contains(.vote(transaction: "t1", yes: true)))
    #expect(events.contains(.commit(transaction: "t1", participants: ["p1", "p2"])))
  }

  @Test(arguments: [(0, 1), (12, 0), (3, -1), (3, 5)])
  func parametersOutOfRangeAreErrors(participants: Int, crashes: Int) {
    #expect(throws: FaultlineError.self) {
      try TwoPhaseCommit.make(participants: participants, crashes: crashes)
    }
  }

  /// Symmetry reduction takes the least fingerprint over every renaming: 9! per state is refused.
  @Test func symmetryOverNineParticipantsIsAnError() throws {
    #expect(throws: FaultlineError.self) { try TwoPhaseCommit.make(participants: 9, symmetry: true) }
    _ = try TwoPhaseCommit.make(participants: 8, symmetry: true)
    _ = try TwoPhaseCommit.make(participants: 11)
  }
}

@Suite struct SystemCatalogueTests {
  @Test func twoPhaseCommitWithSymmetryReportsOrbits() throws {
    let entry = try Catalogue.entry(named: "two-phase-commit")
    let outcome = try entry.run(parameters: ["participants": 4, "symmetry": true])
    #expect(outcome.verdict == .holds)
    #expect(outcome.statistics.distinctStates == BruteForceTwoPhase.orbits(participants: 4))
    let broken = try entry.run(variant: "abort-after-prepare", parameters: ["symmetry": true])
    #expect(broken.verdict.violations.first?.property == "atomic commit")
    #expect(throws: FaultlineError.self) { try entry.run(parameters: ["symmetry": "yes"]) }
  }

  /// `recovery-decides-alone` reports the crash and the recovery it implies.
  @Test func impliedParametersAreReported() throws {
    let outcome = try Catalogue.entry(named: "two-phase-commit").run(variant: "recovery-decides-alone")
    #expect(outcome.parameters.first { $0.0 == "crashes" }?.1 == "1")
    #expect(outcome.parameters.first { $0.0 == "recovery" }?.1 == "on")
  }

  @Test(arguments: ["fifo", "unordered", "duplicating", "lossy"])
  func systemModelsAcceptEveryNetwork(network: String) throws {
    let consensus = try Catalogue.entry(named: "uniform-consensus")
    #expect(try consensus.run(parameters: ["network": .choice(network)]).verdict.keepsSafety)
    let commit = try Catalogue.entry(named: "two-phase-commit")
    let small: [String: ParameterValue] = [
      "network": .choice(network), "participants": 2, "crashes": 1, "mid-broadcast": true,
    ]
    #expect(try commit.run(parameters: small).verdict.keepsSafety)
  }
}
