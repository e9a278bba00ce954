import Faultline
import FaultlineModels
import Testing

@Suite struct PaxosLamportTests {
  /// TLC on Lamport's Paxos specification with 3 acceptors, 2 values and ballots 0..1, from
  /// shared/oracles/README.md: 3,921 distinct states, 23,563 generated, depth 17. TLC's
  /// "generated" counts the initial state too, and every binding of the existential quantifiers
  /// (one 2a per quorum and per 1b it follows), hence the + 1. TLC's depth counts states on the
  /// longest shortest path, the initial state as 1; ours counts steps from it, hence 16.
  @Test func matchesTLC() throws {
    let result = try Explorer(try PaxosLamport(maxBallot: 1)).run()
    #expect(result.verdict == .holds)
    #expect(result.statistics.distinctStates == 3_921)
    #expect(result.statistics.generatedStates + 1 == 23_563)
    #expect(result.statistics.maxDepth == 17 - 1)
  }

  @Test(arguments: [0, 1])
  func correctCountsMatchTheBruteForceOracle(maxBallot: Int) throws {
    let oracle = PaxosOracle(maxBallot: maxBallot).explore()
    #expect(oracle.shortestDisagreement == nil)
    for strategy in [ExplorerOptions.Strategy.breadthFirst, .depthFirst] {
      let result = try Explorer(
        try PaxosLamport(maxBallot: maxBallot), options: ExplorerOptions(strategy: strategy)
      )
      .run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == oracle.distinct)
      #expect(result.statistics.generatedStates + 1 == oracle.generated)
      if strategy == .breadthFirst { #expect(result.statistics.maxDepth == oracle.depth) }
    }
  }

  @Test func countsAreTheSameForEveryWorkerCount() throws {
    let model = try PaxosLamport(maxBallot: 1)
    for workers in [2, 4] {
      var options = ExplorerOptions()
      options.workers = workers
      let result = try Explorer(model, options: options).run()
      #expect(result.verdict == .holds, "workers \(workers)")
      #expect(result.statistics.distinctStates == 3_921, "workers \(workers)")
    }
  }

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var variant: PaxosLamport.Variant
    var maxBallot: Int
    var testDescription: String { "\(variant.rawValue) B=\(maxBallot)" }
  }

  /// Each broken variant lets two values be chosen once there are two ballots, and the
  /// counterexample is exactly as long as the oracle's shortest path to such a state; with a
  /// single ballot neither bug can show, and the whole space matches the oracle's.
  @Test(arguments: [
    BrokenCase(variant: .phase2aIgnoresVotes, maxBallot: 0),
    BrokenCase(variant: .phase2aIgnoresVotes, maxBallot: 1),
    BrokenCase(variant: .acceptorAcceptsBelowPromise, maxBallot: 0),
    BrokenCase(variant: .acceptorAcceptsBelowPromise, maxBallot: 1),
  ])
  func brokenVariantsGetShortestCounterexamples(broken: BrokenCase) throws {
    var oracle = PaxosOracle(maxBallot: broken.maxBallot)
    oracle.ignoreVotes = broken.variant == .phase2aIgnoresVotes
    oracle.acceptBelowPromise = broken.variant == .acceptorAcceptsBelowPromise
    let expected = oracle.explore()
    let model = try PaxosLamport(maxBallot: broken.maxBallot, variant: broken.variant)
    let result = try Explorer(model).run()
    guard let shortest = expected.shortestDisagreement else {
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == expected.distinct)
      return
    }
    let whole = try Explorer(Unchecked(base: model)).run()
    #expect(whole.statistics.distinctStates == expected.distinct)
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "at most one value chosen")
    #expect(violation.steps.count == shortest)
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
    let path = try #require(result.counterexamples[violation.property])
    #expect(try Path.replay(path.choices, through: model).steps.count == shortest)
  }

  @Test(arguments: [-1, 5])
  func ballotsOutOfRangeAreErrors(maxBallot: Int) {
    #expect(throws: FaultlineError.self) { try PaxosLamport(maxBallot: maxBallot) }
  }
}
