import Faultline
import Testing

/// What a liveness check should conclude about a graph.
enum LivenessExpectation: Sendable {
  case holds
  /// Violated by a lasso whose cycle starts after this many steps.
  case cycle(after: Int)
  /// Violated by a behaviour that stops after this many steps.
  case deadlock(after: Int)
}

/// Checks that `path` is a lasso (or a path to a deadlock) that really violates the graph's
/// liveness property under its fairness, using only the model and the path.
func expectRealViolation(_ path: Path<LivenessGraph>, of graph: LivenessGraph) throws {
  let replayed = try Path.replay(path.choices, through: graph)
  let states = [replayed.initialState] + replayed.steps.map(\.state)
  #expect(states == [path.initialState] + path.steps.map(\.state), "replay reproduces the states")
  let end = states.count - 1
  // The goal stays false from the start, or from some trigger state on (around the cycle too).
  let avoidsGoal = { (from: Int) in
    states[min(from, path.cycleStart ?? from)...].allSatisfy { !graph.goal.contains($0) }
  }
  if let trigger = graph.trigger {
    #expect(states.indices.contains { trigger.contains(states[$0]) && avoidsGoal($0) }, "\(graph)")
  } else {
    #expect(avoidsGoal(0), "\(graph)")
  }
  guard let cycleStart = path.cycleStart else {
    #expect(graph.actions(from: states[end]).isEmpty, "a deadlock has no step left")
    return
  }
  #expect(cycleStart < end, "the cycle has a step")
  #expect(states[end] == states[cycleStart], "the cycle returns to its first state")
  let loop = Array(states[cycleStart..<end])
  let taken = Set(path.steps[cycleStart...].map(\.action))
  for (label, fairness) in graph.fair {
    let enabled = loop.filter { graph.actions(from: $0).contains(label) }
    switch fairness {
    case .none: break
    case .weak:
      #expect(enabled.count < loop.count || taken.contains(label), "weak \(label) in \(graph)")
    case .strong:
      #expect(enabled.isEmpty || taken.contains(label), "strong \(label) in \(graph)")
    }
  }
}

struct LivenessTests {
  /// Graphs with known SCCs; each expectation is worked out by hand from the graph.
  static let cases: [(String, LivenessGraph, LivenessExpectation)] = [
    (
      "a cycle outside the goal violates eventually", LivenessGraph("0-0->1 1-1->0 1-2->2", goal: [2]),
      .cycle(after: 0)
    ),
    (
      "weak fairness does not force an action enabled only now and then",
      LivenessGraph("0-0->1 1-1->0 1-2->2", fair: [2: .weak], goal: [2]), .cycle(after: 0)
    ),
    (
      "strong fairness forces an action enabled again and again",
      LivenessGraph("0-0->1 1-1->0 1-2->2", fair: [2: .strong], goal: [2]), .holds
    ),
    ("an unfair self-loop violates eventually", LivenessGraph("0-0->0 0-1->1", goal: [1]), .cycle(after: 0)),
    (
      "weak fairness forces an action enabled throughout",
      LivenessGraph("0-0->0 0-1->1", fair: [1: .weak], goal: [1]), .holds
    ),
    (
      "a deadlock outside the goal violates eventually", LivenessGraph("0-0->1", fair: [0: .weak], goal: [2]),
      .deadlock(after: 1)
    ),
    ("a goal at the start holds despite cycles", LivenessGraph("0-0->1 1-0->0", goal: [0]), .holds),
    (
      "the same action enabled in two states is enabled throughout",
      LivenessGraph("0-0->1 1-1->0 0-2->2 1-2->2", fair: [2: .weak], goal: [2]), .holds
    ),
    (
      "two different actions are each enabled only now and then",
      LivenessGraph("0-0->1 1-1->0 0-2->2 1-3->2", fair: [2: .weak, 3: .weak], goal: [2]), .cycle(after: 0)
    ),
    (
      "strong fairness leaves a fair cycle where its action is disabled",
      LivenessGraph("0-0->1 1-1->2 2-2->0 1-3->0 2-4->3", fair: [4: .strong], goal: [3]), .cycle(after: 0)
    ),
    (
      "a cycle reached after a stem",
      LivenessGraph("0-0->1 1-0->2 2-1->3 3-1->2 3-2->4", fair: [2: .weak], goal: [4]), .cycle(after: 2)
    ),
    (
      "leads-to violated by a cycle after the trigger",
      LivenessGraph("0-0->1 1-1->2 2-2->0 2-3->3 3-4->3", goal: [3], trigger: [1]), .cycle(after: 1)
    ),
    (
      "leads-to under weak fairness of an intermittent exit",
      LivenessGraph("0-0->1 1-1->2 2-2->0 2-3->3 3-4->3", fair: [3: .weak], goal: [3], trigger: [1]),
      .cycle(after: 1)
    ),
    (
      "leads-to under strong fairness of the exit",
      LivenessGraph("0-0->1 1-1->2 2-2->0 2-3->3 3-4->3", fair: [3: .strong], goal: [3], trigger: [1]), .holds
    ),
    (
      "leads-to violated by a trigger after the goal, ending in a deadlock",
      LivenessGraph("0-0->1 1-1->2", goal: [1], trigger: [2]), .deadlock(after: 2)
    ),
    (
      "leads-to holds where the trigger is the goal", LivenessGraph("0-0->0", goal: [0], trigger: [0]), .holds
    ),
  ]

  @Test(arguments: cases.indices)
  func handMadeGraph(_ index: Int) throws {
    let (name, graph, expected) = Self.cases[index]
    let exploration = try Explorer(graph).run()
    switch expected {
    case .holds:
      #expect(exploration.verdict == .holds, "\(name)")
      #expect(!graph.bruteForceViolated, "the oracle agrees: \(name)")
    case .cycle(let after), .deadlock(let after):
      let cycle: Int? = if case .cycle = expected { after } else { nil }
      let violation = try #require(exploration.verdict.violations.first, "\(name)")
      #expect(violation.kind == .liveness)
      #expect(violation.cycleStart == cycle, "\(name)")
      let path = try #require(exploration.counterexamples[violation.property])
      #expect(path.cycleStart == cycle)
      if cycle == nil { #expect(path.steps.count == after, "\(name)") }
      try expectRealViolation(path, of: graph)
      #expect(graph.bruteForceViolated, "the oracle agrees: \(name)")
    }
  }

  /// The checker against the brute force over hundreds of random graphs of up to six states.
  @Test(arguments: [false, true])
  func randomGraphsAgreeWithBruteForce(leadsTo: Bool) throws {
    var generator = TestRandom(state: leadsTo ? 14 : 41)
    var violated = 0
    for _ in 0..<400 {
      let graph = LivenessGraph.random(&generator, leadsTo: leadsTo)
      let exploration = try Explorer(graph).run()
      let expected = graph.bruteForceViolated
      #expect(exploration.verdict.name == (expected ? "violated" : "holds"), "\(graph)")
      if let violation = exploration.verdict.violations.first,
        let path = exploration.counterexamples[violation.property]
      {
        violated += 1
        try expectRealViolation(path, of: graph)
      }
    }
    // Both verdicts are well represented, so the comparison means something.
    #expect(violated > 60 && violated < 340, "\(violated) of 400 violated")
  }

  @Test func anIncompleteSearchDecidesNoLivenessProperty() throws {
    let graph = LivenessGraph("0-0->1 1-0->2 2-0->3 3-0->0", goal: [9])
    var options = ExplorerOptions(maxStates: 2)
    let exploration = try Explorer(graph, options: options).run()
    #expect(exploration.verdict.name == "incomplete")
    #expect(!exploration.livenessChecked)
    let outcome = CheckOutcome.summarize(
      exploration, of: graph, name: "graph", variant: "as written", parameters: ParameterValues([]),
      request: CheckRequest(options: options))
    #expect(outcome.properties.map(\.status) == [.unknown])
    options = ExplorerOptions(maxDepth: 2)
    #expect(try Explorer(graph, options: options).run().verdict.name == "incomplete")
    options = ExplorerOptions(strategy: .random, walks: 5)
    #expect(try Explorer(graph, options: options).run().verdict.name == "incomplete")
  }

  /// A depth bound that cuts nothing off leaves the search exhaustive: the states at the bound
  /// have no successors, and the graph must say so (here a deadlock at depth 2).
  @Test(arguments: [
    (goal: [9], maxDepth: 2, violated: true), (goal: [2], maxDepth: 2, violated: false),
    (goal: [9], maxDepth: 5, violated: true), (goal: [2], maxDepth: 5, violated: false),
  ])
  func aDepthBoundThatCutsNothingStillDecidesLiveness(goal: [Int], maxDepth: Int, violated: Bool) throws {
    let graph = LivenessGraph("0-0->1 1-0->2", goal: Set(goal))
    for exact in [false, true] {
      var options = ExplorerOptions(maxDepth: maxDepth)
      options.exact = exact
      let exploration = try Explorer(graph, options: options).run()
      #expect(exploration.livenessChecked)
      #expect(exploration.verdict.name == (violated ? "violated" : "holds"))
      if violated { #expect(exploration.verdict.violations.first?.cycleStart == nil) }
    }
  }

  @Test func anInvariantViolationLeavesLivenessUndecided() throws {
    var graph = LivenessGraph("0-0->1 1-0->0", goal: [0, 1])
    graph.forbidden = [1]
    let exploration = try Explorer(graph).run()
    #expect(exploration.verdict.violations.map(\.property) == ["allowed"])
    let outcome = CheckOutcome.summarize(
      exploration, of: graph, name: "graph", variant: "as written", parameters: ParameterValues([]),
      request: CheckRequest())
    #expect(outcome.properties.map(\.status) == [.violated, .unknown])
  }

  @Test func everyExhaustiveStrategyChecksLiveness() throws {
    let graph = LivenessGraph("0-0->1 1-1->0 1-2->2", goal: [2])
    let exploration = try Explorer(graph, options: ExplorerOptions(strategy: .depthFirst)).run()
    #expect(exploration.verdict.violations.first?.cycleStart == 0)
    var parallel = ExplorerOptions()
    parallel.workers = 2
    #expect(try Explorer(graph, options: parallel).run().verdict.violations.first?.cycleStart == 0)
    var exact = ExplorerOptions()
    exact.exact = true
    #expect(try Explorer(graph, options: exact).run().verdict.violations.first?.cycleStart == 0)
    let fair = LivenessGraph("0-0->1 1-1->0 1-2->2", fair: [2: .strong], goal: [2])
    #expect(try Explorer(fair, options: exact).run().verdict == .holds)
  }
}

/// A ring of `size` states, each with one step to the next and a stay in place that fairness
/// may rule out: deep enough that a recursive component search would exhaust its stack.
struct LivenessRing: Model {
  enum Action: Hashable, Sendable { case next, stay }
  var size: Int
  var goal: Int
  var fairNext: Fairness
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Action]) { actions += [.stay, .next] }
  func successor(of state: Int, via action: Action) -> Int? { action == .next ? (state + 1) % size : state }
  func fairness(of action: Action) -> Fairness { action == .next ? fairNext : .none }
  var properties: [Property<Int>] { [.eventually("reaches \(goal)") { $0 == goal }] }
}

extension LivenessTests {
  @Test(arguments: [
    // Without fairness, the first state stays in place forever.
    (LivenessRing(size: 30_000, goal: 29_999, fairNext: .none), 0, 1),
    // Fair steps go around the ring, so a goal on it is reached.
    (LivenessRing(size: 30_000, goal: 29_999, fairNext: .weak), nil, nil),
    // A goal off the ring is never reached: the cycle is the whole ring.
    (LivenessRing(size: 30_000, goal: -1, fairNext: .weak), 0, 30_000),
  ])
  func aLargeRing(_ ring: LivenessRing, cycleStart: Int?, cycleLength: Int?) throws {
    let exploration = try Explorer(ring).run()
    #expect(exploration.statistics.distinctStates == 30_000)
    let path = exploration.counterexamples.values.first
    #expect(path?.cycleStart == cycleStart)
    if let path, let cycleStart {
      #expect(path.steps.count - cycleStart == cycleLength)
      #expect(path.finalState == path.state(after: cycleStart))
    }
  }
}

/// `Model.bound(reachedIn:)`: a behaviour that reaches the model's own bound before the goal
/// leaves the property not determined (the unbounded protocol would go on), a real violation
/// elsewhere still wins, and a bound met only after the goal changes nothing. Each graph's
/// verdict is read off the graph by hand.
@Suite struct LivenessBoundTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var graph: LivenessGraph
    var verdict: String
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // 0 → 1 (bound), no goal: without the bound it would be a deadlock, a violation; with it,
    // unknown.
    Case(
      name: "a stop at the bound is not a violation",
      graph: LivenessGraph(
        nodes: 3, initial: [0], edges: [.init(from: 0, to: 1, label: 0)], fair: [0: .weak], goal: [2],
        bounded: [1]),
      verdict: "incomplete"),
    // 0 → 1 → 2 (goal), and 0 → 3 (bound): the bound is reachable before the goal.
    Case(
      name: "a bound reachable before the goal leaves it unknown",
      graph: LivenessGraph(
        nodes: 4, initial: [0],
        edges: [
          .init(from: 0, to: 1, label: 0), .init(from: 1, to: 2, label: 1), .init(from: 0, to: 3, label: 2),
        ],
        fair: [0: .weak, 1: .weak, 2: .weak], goal: [2], bounded: [3]),
      verdict: "incomplete"),
    // 0 → 1 → 2 (goal) → 3 (bound): the goal always comes first.
    Case(
      name: "a bound after the goal changes nothing",
      graph: LivenessGraph(
        nodes: 4, initial: [0],
        edges: [
          .init(from: 0, to: 1, label: 0), .init(from: 1, to: 2, label: 1), .init(from: 2, to: 3, label: 2),
        ],
        fair: [0: .weak, 1: .weak, 2: .weak], goal: [2], bounded: [3]),
      verdict: "holds"),
    // 0 → 1 (bound) and 0 → 2, where 2 loops on a fair label and never reaches the goal 3: a
    // genuine fair cycle below the bound.
    Case(
      name: "a violation below the bound still wins",
      graph: LivenessGraph(
        nodes: 4, initial: [0],
        edges: [
          .init(from: 0, to: 1, label: 0), .init(from: 0, to: 2, label: 1), .init(from: 2, to: 2, label: 2),
        ],
        fair: [2: .weak], goal: [3], bounded: [1]),
      verdict: "violated"),
    // A fair loop through the bound state: past the bound the path is not the protocol's.
    Case(
      name: "a cycle through the bound is not a violation",
      graph: LivenessGraph(
        nodes: 3, initial: [0],
        edges: [.init(from: 0, to: 1, label: 0), .init(from: 1, to: 0, label: 1)],
        fair: [0: .weak, 1: .weak], goal: [2], bounded: [1]),
      verdict: "incomplete"),
  ]

  @Test(arguments: cases)
  func boundsLeaveLivenessUndeterminedNeverViolated(_ c: Case) throws {
    let exploration = try Explorer(c.graph).run()
    #expect(exploration.verdict.name == c.verdict)
    let note = exploration.undeterminedLiveness["reaches goal"]
    #expect((note != nil) == (c.verdict == "incomplete"))
    if let note { #expect(note.contains("the model's bound (node")) }
  }

  /// A replayed path that reaches the bound shows no liveness violation, though it stops.
  @Test func aReplayedPathToTheBoundShowsNoViolation() throws {
    let graph = try #require(Self.cases.first).graph
    let outcome = try LivenessReportTests.replay(graph, [0, 0])
    #expect(outcome.verdict.violations.isEmpty)
  }
}
