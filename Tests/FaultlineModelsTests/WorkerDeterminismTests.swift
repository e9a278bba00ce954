import Faultline
import FaultlineModels
import Testing

/// Counts and verdicts must not depend on the number of workers, nor on exact mode; the
/// expected counts come from the brute-force oracle.
@Suite struct WorkerDeterminismTests {
  @Test(arguments: [(3, 0), (4, 0), (3, 1), (3, 2)])
  func twoPhaseCountsAreTheSameForEveryWorkerCount(participants: Int, crashes: Int) throws {
    let expected = TwoPhaseOracle(n: participants, crashes: crashes).explore().distinct
    let model = try TwoPhaseCommit.make(participants: participants, crashes: crashes)
    for workers in [1, 2, 4] {
      var options = ExplorerOptions()
      options.workers = workers
      let result = try Explorer(model, options: options).run()
      // Safe for any crashes; with a crash, termination fails (2PC blocks), for every count.
      #expect(result.verdict.keepsSafety, "workers \(workers)")
      #expect(
        result.verdict.violations.map(\.property)
          == (crashes == 0 ? [] : ["termination: every participant that is up decides"]), "workers \(workers)"
      )
      #expect(result.statistics.distinctStates == expected, "workers \(workers)")
    }
    var exact = ExplorerOptions()
    exact.exact = true
    let result = try Explorer(model, options: exact).run()
    #expect(result.statistics.distinctStates == expected)
    #expect(result.statistics.collisionProbability == 0)
  }

  @Test(arguments: TwoPhaseCommit.Variant.allCases.filter { $0 != .correct })
  func brokenVariantsGetEquallyShortCounterexamplesForEveryWorkerCount(variant: TwoPhaseCommit.Variant) throws
  {
    let model = try TwoPhaseCommit.make(participants: 3, variant: variant)
    var lengths: Set<Int> = []
    for workers in [1, 2, 4] {
      var options = ExplorerOptions()
      options.workers = workers
      let result = try Explorer(model, options: options).run()
      let violation = try #require(result.verdict.violations.first)
      lengths.insert(violation.steps.count)
      // The path replays to a violating state whatever thread found it.
      let path = try #require(result.counterexamples[violation.property])
      #expect(try Path.replay(path.choices, through: model).steps.count == violation.steps.count)
    }
    #expect(lengths.count == 1)
  }
}

/// Limits give the same counts for any number of workers (every broken variant's counts and
/// counterexample are compared across workers against the release binary, in
/// `ReleaseBinaryTests`).
@Suite struct LimitDeterminismTests {
  /// Issue #21, problem 9: `--max-states` bounded only each level of the parallel search.
  @Test(arguments: [1, 2, 4])
  func theStateLimitIsExactForEveryWorkerCount(workers: Int) throws {
    var options = ExplorerOptions()
    options.workers = workers
    options.maxStates = 1000
    let outcome = try Catalogue.entry(named: "two-phase-commit").run(
      parameters: ["participants": 5], request: CheckRequest(options: options))
    #expect(outcome.verdict.name == "incomplete")
    #expect(outcome.statistics.distinctStates == 1000)
  }
}
