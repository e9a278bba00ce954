import Faultline

/// A model whose states are the nodes of a small labelled graph, for liveness tests: each edge
/// is an action named by its label, and the fairness of each label is given.
struct LivenessGraph: Model, CustomStringConvertible {
  struct Edge: Sendable, Hashable {
    var from: Int
    var to: Int
    var label: Int
  }

  var nodes: Int
  var initial: [Int]
  /// At most one edge per node and label, so that the successor is a function of both.
  var edges: [Edge]
  var fair: [Int: Fairness] = [:]
  /// The goal: `eventually` it, or `leadsTo` it from `trigger` when that is set.
  var goal: Set<Int>
  var trigger: Set<Int>? = nil
  /// States an invariant forbids, when not empty.
  var forbidden: Set<Int> = []
  /// States where the model's own bound stops the protocol (`Model.bound(reachedIn:)`).
  var bounded: Set<Int> = []

  var initialStates: [Int] { initial }

  func actions(from state: Int, into actions: inout [Int]) {
    for edge in edges where edge.from == state { actions.append(edge.label) }
  }

  func successor(of state: Int, via action: Int) -> Int? {
    edges.first { $0.from == state && $0.label == action }?.to
  }

  func fairness(of action: Int) -> Fairness { fair[action] ?? .none }

  func bound(reachedIn state: Int) -> String? { bounded.contains(state) ? "node \(state) is a bound" : nil }

  var properties: [Property<Int>] {
    let (goal, forbidden) = (self.goal, self.forbidden)
    let safety: [Property<Int>] = forbidden.isEmpty ? [] : [.always("allowed") { !forbidden.contains($0) }]
    if let trigger {
      return safety + [.leadsTo("goal follows", { trigger.contains($0) }, { goal.contains($0) })]
    }
    return safety + [.eventually("reaches goal") { goal.contains($0) }]
  }

  /// The liveness property's verdict by brute force, with no SCCs: a fair behaviour avoids the
  /// goal forever from an entry (an initial state for `eventually`, a reachable trigger state
  /// for `leadsTo`) iff, through non-goal states, an entry reaches a state with no edge, or a
  /// non-empty set C of states that is strongly connected by its own edges (one of them at
  /// least) and fair: a weak label enabled in every state of C, or a strong label enabled in
  /// some state of C, labels an edge inside C. (A behaviour that visits exactly C infinitely
  /// often can take every edge inside C infinitely often, which only helps fairness.)
  var bruteForceViolated: Bool {
    let reachable = Self.closure(from: Set(initial), edges: edges, within: Set(0..<nodes))
    let avoiding = Set(0..<nodes).subtracting(goal)
    let entries =
      trigger.map { reachable.intersection($0).intersection(avoiding) }
      ?? Set(initial).intersection(avoiding)
    let region = Self.closure(from: entries, edges: edges, within: avoiding)
    if region.contains(where: { node in !edges.contains { $0.from == node } }) { return true }
    let members = Array(region).sorted()
    guard !members.isEmpty else { return false }
    for mask in 1..<(1 << members.count) {
      let set = Set(members.indices.filter { mask & (1 << $0) != 0 }.map { members[$0] })
      let inside = edges.filter { set.contains($0.from) && set.contains($0.to) }
      guard !inside.isEmpty else { continue }
      let strong = set.allSatisfy { Self.closure(from: [$0], edges: inside, within: set) == set }
      guard strong else { continue }
      let taken = Set(inside.map(\.label))
      let fairOK = fair.allSatisfy { label, fairness in
        let enabledIn = set.filter { node in edges.contains { $0.from == node && $0.label == label } }
        switch fairness {
        case .none: return true
        case .weak: return enabledIn.count < set.count || taken.contains(label)
        case .strong: return enabledIn.isEmpty || taken.contains(label)
        }
      }
      if fairOK { return true }
    }
    return false
  }

  /// The nodes reachable from `start` (included when in `within`) along edges inside `within`.
  static func closure(from start: Set<Int>, edges: [Edge], within: Set<Int>) -> Set<Int> {
    var seen = start.intersection(within)
    var work = Array(seen)
    while let node = work.popLast() {
      for edge in edges where edge.from == node && within.contains(edge.to) && !seen.contains(edge.to) {
        seen.insert(edge.to)
        work.append(edge.to)
      }
    }
    return seen
  }

  var description: String {
    let arrows = edges.map { "\($0.from)-\($0.label)->\($0.to)" }.joined(separator: " ")
    let fairness = fair.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    return "init \(initial) \(arrows) fair[\(fairness)] goal \(goal.sorted())"
      + (trigger.map { " trigger \($0.sorted())" } ?? "")
  }
}

extension LivenessGraph {
  /// A graph from "from-label->to" words, e.g. "0-1->1 1-2->0".
  init(
    _ arrows: String, initial: [Int] = [0], fair: [Int: Fairness] = [:], goal: Set<Int>,
    trigger: Set<Int>? = nil
  ) {
    var edges: [Edge] = []
    for word in arrows.split(separator: " ") {
      let parts = word.split(separator: "-").flatMap { $0.split(separator: ">") }.compactMap { Int($0) }
      if parts.count == 3 { edges.append(Edge(from: parts[0], to: parts[2], label: parts[1])) }
    }
    let nodes = (edges.flatMap { [$0.from, $0.to] } + initial + Array(goal)).max().map { $0 + 1 } ?? 1
    self.init(nodes: nodes, initial: initial, edges: edges, fair: fair, goal: goal, trigger: trigger)
  }

  /// A random graph of up to `maxNodes` nodes, labels 0 to 3 with random fairness.
  static func random(_ generator: inout TestRandom, maxNodes: Int = 6, leadsTo: Bool = false) -> LivenessGraph
  {
    let nodes = 1 + generator.below(maxNodes)
    var edges: [Edge] = []
    for from in 0..<nodes {
      for label in 0..<4 where generator.below(100) < 40 {
        edges.append(Edge(from: from, to: generator.below(nodes), label: label))
      }
    }
    var fair: [Int: Fairness] = [:]
    for label in 0..<4 { fair[label] = Fairness.allCases[generator.below(3)] }
    let goal = Set((0..<nodes).filter { _ in generator.below(100) < 25 })
    let initial = Array(Set((0...generator.below(2)).map { _ in generator.below(nodes) })).sorted()
    let trigger = leadsTo ? Set((0..<nodes).filter { _ in generator.below(100) < 40 }) : nil
    return LivenessGraph(
      nodes: nodes, initial: initial, edges: edges, fair: fair, goal: goal, trigger: trigger)
  }
}

/// A small seeded generator of the tests' own (a 64-bit linear congruential generator).
struct TestRandom {
  var state: UInt64

  mutating func below(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}
