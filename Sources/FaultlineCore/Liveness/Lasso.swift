/// A behaviour that violates a liveness property, as choices that `Path.replay` follows: a stem
/// from an initial state, then (unless the behaviour stops in a deadlock) a cycle.
struct Lasso: Equatable {
  /// The initial state's index, then each action's index among those enabled.
  var choices: [Int]
  /// The steps after `choices`, as the graph's edges (`StateGraph.step(ofEdge:source:from:through:graph:)`
  /// finds their choices); empty for a lasso judged from a replay.
  var edges: [Int] = []
  /// The graph's number of each state along the lasso, the initial one first; empty for a
  /// lasso judged from a replay.
  var states: [Int] = []
  /// The number of steps before the cycle; nil when the behaviour stops at the stem's end.
  var cycleStart: Int?
  /// The number of steps to the region's entry: the state where a `leadsTo` trigger holds.
  var entrySteps: Int
}

extension FairCycleSearch {
  /// The lasso of `finding`, which this search just returned.
  ///
  /// The stem is the region's breadth-first path from its nearest entry, after the graph's
  /// breadth-first path to that entry. The cycle starts where the stem enters the component,
  /// and walks inside it, nearest first, until it has taken every fair action that some edge of
  /// the component takes and visited, for every other fair action enabled in it, a state where
  /// that action is disabled; then it walks back. (A fair component leaves no other kind: a
  /// weak action enabled everywhere in it, or a strong one enabled anywhere, is taken inside.)
  func lasso(for finding: Finding) -> Lasso {
    switch finding {
    case .deadlock(let state), .bound(let state):
      let stem = stem(to: state)
      return Lasso(
        choices: stem.choices, edges: stem.edges, states: stem.states, cycleStart: nil,
        entrySteps: stem.entrySteps)
    case .cycle(let states):
      let mark = currentComponent
      let inside = { (edge: Int) in componentStamp[Int(graph.targets[edge])] == mark }
      // Region order is breadth-first, so the first member met is the nearest.
      let first = regionOrder.first { componentStamp[Int($0)] == mark }.map(Int.init) ?? states[0]
      let stem = stem(to: first)
      var enabled: Set<Int32> = []
      var taken: Set<Int32> = []
      for state in states {
        for edge in graph.edges(of: state) where graph.fairActions[edge] >= 0 {
          enabled.insert(graph.fairActions[edge])
          if inside(edge) { taken.insert(graph.fairActions[edge]) }
        }
      }
      var mustTake = taken
      var mustVisitDisabled = enabled.subtracting(taken)
      func labels(_ state: Int) -> Set<Int32> { Set(graph.edges(of: state).map { graph.fairActions[$0] }) }
      func visit(_ state: Int) {
        guard !mustVisitDisabled.isEmpty else { return }
        mustVisitDisabled.formIntersection(labels(state))
      }
      var cycle: [Int] = []
      var current = first
      func walk(_ edges: [Int]) {
        for edge in edges {
          cycle.append(edge)
          mustTake.remove(graph.fairActions[edge])
          current = Int(graph.targets[edge])
          visit(current)
        }
      }
      visit(first)
      while !mustTake.isEmpty || !mustVisitDisabled.isEmpty {
        let target = { (state: Int) -> Bool in
          graph.edges(of: state).contains { inside($0) && mustTake.contains(graph.fairActions[$0]) }
            || !mustVisitDisabled.isSubset(of: labels(state))
        }
        guard let path = shortestPath(from: current, inside: inside, to: target) else {
          preconditionFailure("a fair component holds every fair action it needs")
        }
        walk(path)
        if let edge = graph.edges(of: current).first(where: {
          inside($0) && mustTake.contains(graph.fairActions[$0])
        }) {
          walk([edge])
        }
      }
      if cycle.isEmpty, let edge = graph.edges(of: current).first(where: inside) { walk([edge]) }
      if current != first, let path = shortestPath(from: current, inside: inside, to: { $0 == first }) {
        walk(path)
      }
      return Lasso(
        choices: stem.choices, edges: stem.edges + cycle,
        states: stem.states + cycle.map { Int(graph.targets[$0]) },
        cycleStart: stem.choices.count - 1 + stem.edges.count, entrySteps: stem.entrySteps)
    }
  }

  /// The way to `state`: the graph's breadth-first choices to the region's entry, then the
  /// edges through the region's parents; the states along it, and the number of steps to the
  /// entry.
  private func stem(to state: Int) -> (choices: [Int], edges: [Int], states: [Int], entrySteps: Int) {
    var inRegion: [Int] = []
    var through: [Int] = []
    var current = state
    while regionParent[current] >= 0 {
      inRegion.append(Int(regionEdge[current]))
      through.append(current)
      current = Int(regionParent[current])
    }
    let toEntry = graph.choices(to: current)
    return (toEntry, inRegion.reversed(), graph.states(to: current) + through.reversed(), toEntry.count - 1)
  }

  /// The edges of a shortest path from `start` to a state where `isTarget` holds, along edges
  /// where `inside` holds; empty when `start` is one.
  private func shortestPath(from start: Int, inside: (Int) -> Bool, to isTarget: (Int) -> Bool) -> [Int]? {
    if isTarget(start) { return [] }
    var parent: [Int: (state: Int, edge: Int)] = [start: (-1, -1)]
    var queue = [start]
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      for edge in graph.edges(of: state) where inside(edge) {
        let next = Int(graph.targets[edge])
        guard parent[next] == nil else { continue }
        parent[next] = (state, edge)
        if isTarget(next) {
          var edges: [Int] = []
          var at = next
          while let link = parent[at], link.edge >= 0 {
            edges.append(link.edge)
            at = link.state
          }
          return edges.reversed()
        }
        queue.append(next)
      }
    }
    return nil
  }
}
