import Faultline
import Testing

/// The tiny models' counts are known in closed form; the parallel search must find the same.
@Suite struct ParallelExplorerTests {
  @Test(arguments: [2, 3, 4])
  func gridCountsDoNotDependOnWorkers(workers: Int) throws {
    for size in [1, 3, 40] {
      var options = ExplorerOptions()
      options.workers = workers
      let result = try Explorer(Grid(size: size, bad: 2 * size), options: options).run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == size * size)
      #expect(result.statistics.generatedStates == 2 * size * (size - 1))
      #expect(result.statistics.maxDepth == 2 * (size - 1))
    }
  }

  @Test(arguments: [2, 4])
  func violationsAreShortestWithWorkers(workers: Int) throws {
    var options = ExplorerOptions()
    options.workers = workers
    let result = try Explorer(Shortcut(length: 6), options: options).run()
    #expect(result.counterexamples["never at the end"]?.steps.count == 2)
    let grid = try Explorer(Grid(size: 30, bad: 25), options: options).run()
    #expect(grid.verdict.violations.first?.steps.count == 25)
  }

  @Test func parallelLimitsGiveIncomplete() throws {
    var options = ExplorerOptions(maxStates: 5_000)
    options.workers = 2
    #expect(try Explorer(Unbounded(), options: options).run().verdict.name == "incomplete")
    options = ExplorerOptions(maxDepth: 10)
    options.workers = 2
    #expect(try Explorer(Grid(size: 20, bad: 99), options: options).run().verdict.name == "incomplete")
  }

  @Test func cancellationStopsTheSearchAsIncomplete() throws {
    var options = ExplorerOptions()
    options.isCancelled = { true }
    let result = try Explorer(Unbounded(), options: options).run()
    #expect(result.verdict == .incomplete(reason: "interrupted"))
  }
}
