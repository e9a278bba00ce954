import Faultline
import Testing

/// A model whose fair action cannot be told apart from another: its type is not `Hashable`.
struct OpaqueActions: Model {
  struct Action: Sendable { var step: Int }
  var fair: Fairness
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Action]) { actions.append(Action(step: 1)) }
  func successor(of state: Int, via action: Action) -> Int? { (state + action.step) % 3 }
  func fairness(of action: Action) -> Fairness { fair }
  var properties: [Property<Int>] { [.eventually("reaches three") { $0 == 3 }] }
}

struct LivenessReportTests {
  static func outcome(_ graph: LivenessGraph) throws -> CheckOutcome {
    CheckOutcome.summarize(
      try Explorer(graph).run(), of: graph, name: "graph", variant: "as written",
      parameters: ParameterValues([]),
      request: CheckRequest())
  }

  @Test func jsonMarksTheKindTheCycleAndTheExpectation() throws {
    let lasso = try Self.outcome(LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3]))
    let json = CheckReport.json(lasso)
    #expect(
      json["properties"]
        == .list([
          .object([
            ("name", .string("reaches goal")), ("expectation", .string("eventually")),
            ("status", .string("violated")), ("steps", .int(3)),
          ])
        ]))
    guard case .list(let violations)? = json["violations"], let violation = violations.first else {
      Issue.record("no violations in \(json.rendered())")
      return
    }
    #expect(violation["kind"] == .string("liveness"))
    #expect(violation["cycleStart"] == .int(1))
    #expect(violation["replay"] == .string("0.0.0.0"))

    var unsafe = LivenessGraph("0-0->1", goal: [0, 1])
    unsafe.forbidden = [1]
    let safety = CheckReport.json(try Self.outcome(unsafe))
    guard case .list(let found)? = safety["violations"], let first = found.first else {
      Issue.record("no violations in \(safety.rendered())")
      return
    }
    #expect(first["kind"] == .string("safety"))
    #expect(first["cycleStart"] == nil)
  }

  /// `--diagram` draws the lasso's loop: the graph 0 → 1 → 2 → 1 loops on steps 2 and 3 (cycle
  /// start 1), and a behaviour that stops says so instead.
  @Test func theDiagramDrawsTheLoopOrTheStop() throws {
    let lasso = Diagram.html(try Self.outcome(LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3])))
    #expect(lasso.contains("<title>steps 2 to 3 repeat forever</title>"))
    #expect(lasso.contains("marker-end=\"url(#loop)\""))
    #expect(lasso.components(separatedBy: "<tr class=\"cycle\">").count - 1 == 2)
    #expect(lasso.contains("2 ↺ repeats from here"))
    let stop = Diagram.html(try Self.outcome(LivenessGraph("0-0->1", goal: [2])))
    #expect(stop.contains("stops here: no fair step is left"))
    #expect(!stop.contains("repeat forever") && !stop.contains("repeats from here"))
    var unsafe = LivenessGraph("0-0->1", goal: [0, 1])
    unsafe.forbidden = [1]
    let safety = Diagram.html(try Self.outcome(unsafe))
    #expect(!safety.contains("class=\"loop\"") && !safety.contains("stops here"))
  }

  @Test func junitFailsTheLivenessPropertyWithItsLasso() throws {
    let xml = JUnitReport.xml(try Self.outcome(LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3])))
    #expect(xml.contains("<testcase classname=\"graph (as written)\" name=\"eventually reaches goal\">"))
    #expect(xml.contains("type=\"violated\">"))
    #expect(xml.contains("-- cycle: steps 2 to 3 repeat forever --"))
    let holds = JUnitReport.xml(try Self.outcome(LivenessGraph("0-0->1", goal: [1])))
    #expect(holds.contains("failures=\"0\"") && !holds.contains("<skipped"))
  }

  @Test func textMarksWhereTheCycleStartsAndWhereItReturns() throws {
    let text = CheckReport.text(try Self.outcome(LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3])))
    #expect(text.contains("counterexample (a lasso: 1 step, then a cycle of 2 steps that repeats forever):"))
    #expect(text.contains("  -- cycle: steps 2 to 3 repeat forever --\n  2. 1\n"))
    #expect(text.contains("  -- back to the state after step 1, and around again --"))
    #expect(text.contains("eventually reaches goal"))
    let deadlock = CheckReport.text(try Self.outcome(LivenessGraph("0-0->1", goal: [2])))
    #expect(deadlock.contains("counterexample (1 step, then no step is possible):"))
    #expect(deadlock.contains("stops in a state where it is false with no step left, after 1 step"))
  }

  static func replay(_ graph: LivenessGraph, _ choices: [Int]) throws -> CheckOutcome {
    try CheckOutcome.replay(
      choices, of: graph, name: "graph", variant: "as written", parameters: ParameterValues([]))
  }

  @Test func aReplayedLassoShowsItsViolationAgain() throws {
    let graph = LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3])
    let choices = try #require(try Self.outcome(graph).replays["reaches goal"])
    let replayed = try Self.replay(graph, choices)
    #expect(replayed.statistics.maxDepth == 3)
    #expect(replayed.properties.map(\.status) == [.violated])
    #expect(replayed.verdict.violations.map(\.cycleStart) == [1])
    #expect(replayed.verdict.violations.map(\.kind) == [.liveness])
  }

  /// Each replayed path by hand: whether it closes a loop or stops, and whether that is fair.
  static let replays: [(String, LivenessGraph, [Int], Int??)] = [
    ("a path that neither loops nor stops", LivenessGraph("0-0->1 1-1->2 2-2->1", goal: [3]), [0, 0], nil),
    ("a loop that never reaches the goal", LivenessGraph("0-0->0 0-1->1", goal: [1]), [0, 0], .some(0)),
    (
      "a loop that leaves a weakly fair action waiting",
      LivenessGraph("0-0->0 0-1->1", fair: [1: .weak], goal: [1]), [0, 0], nil
    ),
    ("a loop through the goal", LivenessGraph("0-0->1 1-0->0", goal: [1]), [0, 0, 0], nil),
    ("a stop outside the goal", LivenessGraph("0-0->1", goal: [2]), [0, 0], .some(nil)),
    ("a stop before the goal is reached", LivenessGraph("0-0->1 1-0->2", goal: [2]), [0, 0], nil),
    (
      "a trigger after the goal, then a stop", LivenessGraph("0-0->1 1-1->2", goal: [1], trigger: [2]),
      [0, 0, 0], .some(nil)
    ),
  ]

  @Test(arguments: replays.indices)
  func aReplayedPathDecidesLivenessOnlyWhenItLoopsOrStops(_ index: Int) throws {
    let (name, graph, choices, expected) = Self.replays[index]
    let replayed = try Self.replay(graph, choices)
    if let cycleStart = expected {
      #expect(replayed.properties.map(\.status) == [.violated], "\(name)")
      #expect(replayed.verdict.violations.map(\.cycleStart) == [cycleStart], "\(name)")
    } else {
      #expect(replayed.properties.map(\.status) == [.unknown], "\(name)")
    }
  }

  @Test func fairActionsMustBeHashable() throws {
    #expect(throws: FaultlineError.self) { try Explorer(OpaqueActions(fair: .weak)).run() }
    // With no fair action, nothing needs to be recognised: the loop 0, 1, 2 violates it.
    let exploration = try Explorer(OpaqueActions(fair: .none)).run()
    #expect(exploration.verdict.violations.first?.cycleStart == 0)
  }

  @Test func modelCheckThrowsTheLassoReport() throws {
    let graph = LivenessGraph("0-0->1 1-1->0", goal: [2])
    let failure = try #require(throws: CheckFailure.self) { try graph.check() }
    #expect(failure.description.contains("-- cycle: steps 1 to 2 repeat forever --"))
    #expect(try LivenessGraph("0-0->1 1-1->0", fair: [2: .weak], goal: [0]).check().livenessChecked)
  }
}
