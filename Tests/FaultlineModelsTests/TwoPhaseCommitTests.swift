import Faultline
import FaultlineModels
import Testing

@Suite struct TwoPhaseCommitTests {
  /// Distinct and generated states of Lamport's TwoPhase, from shared/oracles/README.md, where
  /// TLC 2.20, SPIN 6.5.2 and a separate brute-force enumeration agree. TLC's "generated"
  /// counts the initial state too, hence the + 1 below. (7 participants, 296,448 states, is
  /// pinned in the release end-to-end test, CLITests, to keep this debug suite fast.)
  @Test(arguments: [(1, 12, 20), (2, 56, 154), (3, 288, 1_146), (4, 1_568, 8_258), (5, 8_832, 58_146)])
  func matchesTwoPhaseFigures(participants: Int, distinct: Int, generated: Int) throws {
    let model = try TwoPhaseCommit(participants: participants, crashes: 0)
    let result = try Explorer(model).run()
    #expect(result.verdict == .holds)
    #expect(result.statistics.distinctStates == distinct)
    #expect(result.statistics.generatedStates + 1 == generated)
  }

  @Test(arguments: [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 4)])
  func crashCountsMatchTheBruteForceOracle(participants: Int, crashes: Int) throws {
    let model = try TwoPhaseCommit(participants: participants, crashes: crashes)
    for strategy in [ExplorerOptions.Strategy.breadthFirst, .depthFirst] {
      let result = try Explorer(model, options: ExplorerOptions(strategy: strategy)).run()
      #expect(result.verdict == .holds)
      let oracle = TwoPhaseOracle(n: participants, crashes: crashes).explore()
      #expect(result.statistics.distinctStates == oracle.distinct)
    }
  }

  /// With symmetry the count is the number of orbits under renaming participants, computed
  /// by brute force over all permutations; violations are still found, as concrete paths.
  @Test(arguments: [(1, 0), (2, 0), (3, 0), (4, 0), (2, 1), (3, 1), (3, 2)])
  func symmetryCountsOrbits(participants: Int, crashes: Int) throws {
    let model = try TwoPhaseCommit(participants: participants, crashes: crashes, symmetric: true)
    let result = try Explorer(model).run()
    #expect(result.verdict == .holds)
    #expect(result.statistics.distinctStates == TwoPhaseOracle(n: participants, crashes: crashes).orbits())
  }

  @Test(arguments: TwoPhaseCommit.Variant.allCases.filter { $0 != .correct })
  func symmetryKeepsShortestConcreteCounterexamples(variant: TwoPhaseCommit.Variant) throws {
    let plain = try Explorer(try TwoPhaseCommit(participants: 3, variant: variant)).run()
    let reduced = try Explorer(try TwoPhaseCommit(participants: 3, variant: variant, symmetric: true)).run()
    let violation = try #require(reduced.verdict.violations.first)
    #expect(violation.steps.count == plain.verdict.violations.first?.steps.count)
    let path = try #require(reduced.counterexamples[violation.property])
    let concrete = try TwoPhaseCommit(participants: 3, variant: variant)
    #expect(try Path.replay(path.choices, through: concrete).finalState == path.finalState)
  }

  @Test func crashesMakeBlockingReachable() throws {
    let result = try Explorer(try TwoPhaseCommit(participants: 2, crashes: 1)).run()
    #expect(result.verdict == .holds)
    let blocking = try #require(result.examples.first { $0.key.hasPrefix("blocking") }?.value)
    // One participant votes yes, then the coordinator crashes: two steps.
    #expect(blocking.steps.count == 2)
  }

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var variant: TwoPhaseCommit.Variant
    var participants: Int
    var property: String
    var testDescription: String { "\(variant.rawValue) n=\(participants)" }
  }

  /// Each broken variant is caught, and the counterexample is exactly as long as the oracle's
  /// shortest path to a bad state.
  @Test(arguments: [
    BrokenCase(variant: .commitWithoutAllVotes, participants: 2, property: "commit only if all voted yes"),
    BrokenCase(variant: .commitWithoutAllVotes, participants: 3, property: "commit only if all voted yes"),
    BrokenCase(variant: .abortAfterPrepare, participants: 2, property: "atomic commit"),
    BrokenCase(variant: .abortAfterPrepare, participants: 3, property: "atomic commit"),
  ])
  func brokenVariantsGetShortestCounterexamples(broken: BrokenCase) throws {
    let model = try TwoPhaseCommit(participants: broken.participants, variant: broken.variant)
    let result = try Explorer(model).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == broken.property)
    var oracle = TwoPhaseOracle(n: broken.participants, crashes: 0)
    oracle.commitNeedsAllVotes = broken.variant != .commitWithoutAllVotes
    oracle.preparedMayAbort = broken.variant == .abortAfterPrepare
    let shortest = oracle.explore { TwoPhaseOracle.inconsistent($0) || oracle.commitWithoutAllVotes($0) }
      .shortest
    #expect(violation.steps.count == shortest)
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
  }

  @Test(arguments: [(0, 1), (12, 0), (3, -1), (3, 5)])
  func parametersOutOfRangeAreErrors(participants: Int, crashes: Int) {
    #expect(throws: FaultlineError.self) { try TwoPhaseCommit(participants: participants, crashes: crashes) }
  }
}
