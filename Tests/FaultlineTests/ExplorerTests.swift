import Faultline
import Testing

@Suite struct ExplorerTests {
  static let exhaustive: [ExplorerOptions.Strategy] = [.breadthFirst, .depthFirst]

  @Test(arguments: [(0, 1), (1, 2), (5, 6), (40, 41)])
  func counterHasLimitPlusOneStates(limit: Int, states: Int) throws {
    for strategy in Self.exhaustive {
      let result = try Explorer(Counter(limit: limit), options: ExplorerOptions(strategy: strategy)).run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == states)
      #expect(result.statistics.maxDepth == limit)
      #expect(result.examples["reaches limit"]?.steps.count == limit)
    }
  }

  /// A size x size grid has size² states and 2·size·(size−1) edges; its depth is 2·(size−1).
  @Test(arguments: [(1, 1, 0, 0), (2, 4, 4, 2), (3, 9, 12, 4), (10, 100, 180, 18)])
  func gridCountsMatchCombinatorics(size: Int, states: Int, edges: Int, depth: Int) throws {
    for strategy in Self.exhaustive {
      let model = Grid(size: size, bad: 2 * size)
      let result = try Explorer(model, options: ExplorerOptions(strategy: strategy)).run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == states)
      #expect(result.statistics.generatedStates == edges)
      #expect(result.statistics.maxDepth == depth)
    }
  }

  @Test(arguments: [(3, 2), (4, 5), (6, 3)])
  func violationPathHasTheOnlyPossibleLength(size: Int, bad: Int) throws {
    let result = try Explorer(Grid(size: size, bad: bad)).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "sum below \(bad)")
    #expect(violation.steps.count == bad)
    #expect(
      violation.steps.allSatisfy { $0.action == "increments" && ($0.process == "x" || $0.process == "y") })
    let path = try #require(result.counterexamples["sum below \(bad)"])
    #expect(path.finalState.x + path.finalState.y == bad)
  }

  @Test func breadthFirstFindsTheShortcutDepthFirstTheLongWay() throws {
    let model = Shortcut(length: 6)
    let bfs = try Explorer(model).run()
    #expect(bfs.counterexamples["never at the end"]?.steps.count == 2)
    let dfs = try Explorer(model, options: ExplorerOptions(strategy: .depthFirst)).run()
    #expect(dfs.counterexamples["never at the end"]?.steps.count == 6)
  }

  @Test func pathsReplayThroughTheModel() throws {
    let model = Grid(size: 5, bad: 6)
    let result = try Explorer(model).run()
    let path = try #require(result.counterexamples.values.first)
    let replayed = try Path.replay(path.choices, through: model)
    #expect(replayed.finalState == path.finalState)
    #expect(replayed.steps.map(\.state) == path.steps.map(\.state))
  }

  @Test func changesNameTheVariablesThatMoved() throws {
    let result = try Explorer(Grid(size: 3, bad: 1)).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.initialState == [StateVariable("x", "0"), StateVariable("y", "0")])
    let change = try #require(violation.steps.first?.changes.first)
    #expect(["x", "y"].contains(change.variable))
    #expect(change.before == "0" && change.after == "1")
  }

  @Test func unreachableSometimesIsReportedAfterAnExhaustiveSearch() throws {
    struct Never: Model {
      var initialStates: [Int] { [0] }
      func actions(from state: Int, into actions: inout [Int]) { if state < 3 { actions.append(1) } }
      func successor(of state: Int, via action: Int) -> Int? { state + action }
      var properties: [Property<Int>] { [.sometimes("reaches ten") { $0 == 10 }] }
    }
    let result = try Explorer(Never()).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "reaches ten")
    #expect(violation.steps.isEmpty)
    #expect(result.statistics.distinctStates == 4)
  }

  struct LimitCase: Sendable, CustomTestStringConvertible {
    var name: String
    var options: ExplorerOptions
    var testDescription: String { name }
  }

  @Test(arguments: [
    LimitCase(name: "max states", options: ExplorerOptions(maxStates: 100)),
    LimitCase(name: "max depth", options: ExplorerOptions(maxDepth: 50)),
    LimitCase(name: "time limit", options: ExplorerOptions(timeLimit: 0.2)),
    LimitCase(name: "dfs max states", options: ExplorerOptions(strategy: .depthFirst, maxStates: 100)),
    LimitCase(name: "dfs max depth", options: ExplorerOptions(strategy: .depthFirst, maxDepth: 50)),
  ])
  func limitsGiveIncompleteNeverHolds(limit: LimitCase) throws {
    let result = try Explorer(Unbounded(), options: limit.options).run()
    guard case .incomplete = result.verdict else {
      Issue.record("expected incomplete, got \(result.verdict.name)")
      return
    }
  }

  @Test func aDepthBoundThatCutsNothingStillHolds() throws {
    let result = try Explorer(Counter(limit: 5), options: ExplorerOptions(maxDepth: 5)).run()
    #expect(result.verdict == .holds)
    let cut = try Explorer(Counter(limit: 5), options: ExplorerOptions(maxDepth: 4)).run()
    #expect(cut.verdict.name == "incomplete")
  }

  @Test func maxStatesAboveTheSpaceStillHolds() throws {
    let result = try Explorer(Counter(limit: 9), options: ExplorerOptions(maxStates: 11)).run()
    #expect(result.verdict == .holds)
  }

  @Test func randomWalksFindViolationsAndReplayFromTheirSeed() throws {
    let model = Grid(size: 8, bad: 9)
    let options = ExplorerOptions(strategy: .random, seed: 42, walks: 50)
    let first = try Explorer(model, options: options).run()
    let second = try Explorer(model, options: options).run()
    let path = try #require(first.counterexamples.values.first)
    #expect(path.steps.count == 9)
    #expect(path.choices == second.counterexamples.values.first?.choices)
  }

  @Test func randomWalksNeverClaimHolds() throws {
    let result = try Explorer(Counter(limit: 3), options: ExplorerOptions(strategy: .random, walks: 10)).run()
    #expect(result.verdict.name == "incomplete")
  }

  @Test func nondeterministicModelsAreNamedOnReplay() {
    #expect(throws: FaultlineError.self) { try Explorer(Forgetful()).run() }
    do {
      _ = try Explorer(Forgetful()).run()
    } catch {
      #expect(error.description.contains("not deterministic"))
    }
  }
}

/// Issue #12, problem 5: the parallel search silently truncated action indices to 16 bits.
/// Past the explorer's limits every search stops as incomplete and says why, whatever the
/// number of workers; within them it finishes.
@Suite struct ExplorerLimitTests {
  @Test(arguments: [(65_537, 1), (65_537, 2), (70_000, 1), (70_000, 4)])
  func tooManyActionsStopsWithAReason(width: Int, workers: Int) throws {
    var options = ExplorerOptions()
    options.workers = workers
    let result = try Explorer(Fan(width: width), options: options).run()
    guard case .incomplete(let reason) = result.verdict else {
      Issue.record("expected incomplete, got \(result.verdict)")
      return
    }
    #expect(reason.contains("65,535 actions a state"))
  }

  @Test(arguments: [1, 2])
  func theLargestFanStillFinishes(workers: Int) throws {
    var options = ExplorerOptions()
    options.workers = workers
    // Choices 0...65,535 all fit in 16 bits.
    let result = try Explorer(Fan(width: 65_536), options: options).run()
    #expect(result.verdict == .holds)
    #expect(result.statistics.distinctStates == 65_537)
  }
}
