import Faultline
import Testing

/// The liveness graph keeps its edges' choices in a byte and their fair-action numbers in two
/// bytes while they fit, and widens a column the first time a value does not. This model makes
/// both overflow: state 0 has 300 unfair self-loops before its ring step (choice 300), and
/// every ring step is its own weakly fair action (70,000 of them).
@Suite struct WideLivenessGraphTests {
  struct Ring: Model {
    var size: Int
    /// The state `eventually` must reach, or nil for a goal never reached.
    var goal: Int?
    static let loops = 300

    var initialStates: [Int] { [0] }

    /// Ring steps are numbered by their state; self-loops by -1 - k.
    func actions(from state: Int, into actions: inout [Int]) {
      if state == 0 { actions.append(contentsOf: (0..<Self.loops).map { -1 - $0 }) }
      actions.append(state)
    }

    func successor(of state: Int, via action: Int) -> Int? { action < 0 ? state : (state + 1) % size }

    func fairness(of action: Int) -> Fairness { action < 0 ? .none : .weak }

    var properties: [Property<Int>] {
      let goal = self.goal
      return [.eventually("reaches the goal") { $0 == goal }]
    }
  }

  @Test(arguments: [(goal: 35_000 as Int?, violated: false), (goal: nil, violated: true)])
  func wideColumnsKeepTheirValues(goal: Int?, violated: Bool) throws {
    let ring = Ring(size: 70_000, goal: goal)
    let exploration = try Explorer(ring).run()
    #expect(exploration.statistics.distinctStates == ring.size)
    guard violated else {
      // Staying in state 0 on the self-loops is unfair to its ring step, so every fair
      // behaviour goes round and reaches the goal.
      #expect(exploration.verdict == .holds)
      return
    }
    let violation = try #require(exploration.verdict.violations.first)
    #expect(violation.kind == .liveness)
    let path = try #require(exploration.counterexamples[violation.property])
    let cycleStart = try #require(path.cycleStart)
    // The only fair cycle is the whole ring: its steps are the ring steps, in order, one each,
    // and the one from state 0 is choice 300, after the self-loops.
    let cycle = path.steps[cycleStart...]
    #expect(cycle.count == ring.size)
    let actions = Set(cycle.map(\.action))
    #expect(actions.count == ring.size && actions.allSatisfy { (0..<ring.size).contains($0) })
    #expect(path.choices.contains(Ring.loops))
    let replayed = try Path.replay(path.choices, through: ring)
    #expect(replayed.steps.map(\.state) == path.steps.map(\.state))
  }
}
