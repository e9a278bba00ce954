/// Finds a fair behaviour that stays forever in a region of the state graph: the states where a
/// liveness property's goal is false, reachable from its entry states through such states.
///
/// A behaviour stays in the region forever either by stopping in a region state with no step
/// (a deadlock; for a model that `stuttersWithoutFairSteps`, also a state whose only steps are
/// unfair ones, which may never happen, as in TLA+), or by looping: the states it visits infinitely often are strongly connected
/// in the region. Such a loop can be fair only inside one strongly connected component (SCC),
/// and it may as well take every edge of the states it keeps, so a component is a fair cycle
/// when it has an edge inside it and
/// - every weakly fair action enabled in all of its states is taken by one of its edges, and
/// - every strongly fair action enabled in some of its states is taken by one of its edges.
///
/// A component that fails the first condition holds no fair cycle at all: any cycle inside it
/// has the action enabled throughout and never takes it. One that fails only the second may
/// hold a fair cycle among its states where those strong actions are disabled, so they are
/// removed and the rest is split into components again (Emerson and Lei's algorithm).
/// Components are found by Tarjan's algorithm with an explicit stack: a graph of millions of
/// states would overflow the call stack of a recursive one.
struct FairCycleSearch {
  /// A fair behaviour that never leaves the region.
  enum Finding: Equatable {
    /// A region state where the behaviour may stop: no step, or (stuttering) no fair step.
    case deadlock(Int)
    /// The states of a fair SCC, marked in `componentStamp` with `currentComponent`.
    case cycle(states: [Int])
    /// No violation, but a state where the model's own bound stops the protocol, reached from
    /// an entry with the goal false all the way: what the unbounded protocol does next is not
    /// known, so neither is the property.
    case bound(Int)
  }

  let graph: StateGraph
  /// Asked now and then; a reason stops the search.
  let shouldStop: () -> String?

  /// For each region state, the state it was reached from in the region's breadth-first search
  /// (-1 for an entry) and the edge taken; the region's states in that order.
  private(set) var regionParent: [Int32]
  private(set) var regionEdge: [UInt32]
  private(set) var regionOrder: [Int32] = []
  /// The first state at the model's bound met by the region's breadth-first search (its parent
  /// and edge recorded like a region state's), or -1. Bound states are kept out of the region:
  /// a behaviour through one is not the protocol's, so it can show no violation.
  private(set) var firstBound = -1
  /// Each region state's position in `regionOrder`.
  private var regionRank: [Int32]
  /// Which set a state belongs to while its components are computed; the current set's stamp.
  private var setStamp: [UInt32]
  private var currentSet: UInt32 = 0
  /// Marks the members of the component being judged.
  private(set) var componentStamp: [UInt32]
  private(set) var currentComponent: UInt32 = 0
  private var order: [Int32]
  private var lowlink: [Int32]
  /// Per fair action, scratch for judging one component.
  private var enabledStamp: [UInt32]
  private var enabledCount: [Int]
  private var lastEnabledIn: [Int]
  private var takenStamp: [UInt32]

  init(graph: StateGraph, shouldStop: @escaping () -> String?) {
    self.graph = graph
    self.shouldStop = shouldStop
    let n = graph.count
    regionParent = Array(repeating: -1, count: n)
    regionEdge = Array(repeating: UInt32.max, count: n)
    regionRank = Array(repeating: 0, count: n)
    setStamp = Array(repeating: 0, count: n)
    componentStamp = Array(repeating: 0, count: n)
    order = Array(repeating: -1, count: n)
    lowlink = Array(repeating: 0, count: n)
    let actions = graph.fairness.count
    enabledStamp = Array(repeating: 0, count: actions)
    enabledCount = Array(repeating: 0, count: actions)
    lastEnabledIn = Array(repeating: -1, count: actions)
    takenStamp = Array(repeating: 0, count: actions)
  }

  /// Searches the region of states where `goal` is false, entered at `entries` (states where it is
  /// false). Returns the violation nearest to the entries, a deadlock or a fair SCC (the one
  /// with the state first met by the region's breadth-first search), or nil if there is none;
  /// fails with the reason the search was stopped.
  mutating func search(goal: BitVector, entries: [Int]) -> Result<Finding?, Stopped> {
    let region = exploreRegion(goal: goal, entries: entries)
    var best: (rank: Int, finding: Finding)? = nil
    // A behaviour stops in a state with no step at all, or, for a model that stutters, in one
    // with no fair step: the unfair ones (crashes, losses) may simply never happen.
    let graph = self.graph
    let stops: (Int) -> Bool =
      graph.stutters
      ? { state in graph.edges(of: state).allSatisfy { graph.fairActions[$0] < 0 } }
      : { state in graph.edges(of: state).isEmpty }
    if let rank = regionOrder.firstIndex(where: { stops(Int($0)) }) {
      best = (rank, .deadlock(Int(regionOrder[rank])))
    }
    var work: [[Int32]] = [region]
    var visited = 0
    while let set = work.popLast() {
      currentSet &+= 1
      for state in set {
        setStamp[Int(state)] = currentSet
        order[Int(state)] = -1
      }
      visited += set.count
      if visited >= 1 << 16 {
        visited = 0
        if let reason = shouldStop() { return .failure(Stopped(reason: reason)) }
      }
      let (members, ends) = components(of: set)
      var begin = 0
      for end in ends {
        let component = members[begin..<end]
        begin = end
        switch judge(component) {
        case .fair:
          var rank = Int.max
          for state in component { rank = min(rank, Int(regionRank[Int(state)])) }
          if rank < best?.rank ?? Int.max { best = (rank, .cycle(states: component.map { Int($0) })) }
        case .unfair:
          continue
        case .shrink(let rest):
          if !rest.isEmpty { work.append(rest) }
        }
      }
    }
    if case .cycle(let states)? = best?.finding {
      // Mark the component again: the lasso walks inside it.
      currentComponent &+= 1
      for state in states { componentStamp[state] = currentComponent }
    }
    if best == nil && firstBound >= 0 { return .success(.bound(firstBound)) }
    return .success(best?.finding)
  }

  /// The reason a search stopped early.
  struct Stopped: Error {
    var reason: String
  }

  /// Breadth-first search from `entries` through the states where `goal` is false; records
  /// parents and the order, and returns the region's states.
  private mutating func exploreRegion(goal: BitVector, entries: [Int]) -> [Int32] {
    regionOrder.removeAll(keepingCapacity: true)
    firstBound = -1
    currentSet &+= 1
    let inRegion = currentSet
    for entry in entries where !goal[entry] && setStamp[entry] != inRegion {
      if graph.isAtBound(entry) {
        if firstBound < 0 {
          firstBound = entry
          regionParent[entry] = -1
          regionEdge[entry] = UInt32.max
        }
        continue
      }
      setStamp[entry] = inRegion
      regionParent[entry] = -1
      regionEdge[entry] = UInt32.max
      regionRank[entry] = Int32(truncatingIfNeeded: regionOrder.count)
      regionOrder.append(Int32(truncatingIfNeeded: entry))
    }
    var head = 0
    while head < regionOrder.count {
      let state = Int(regionOrder[head])
      head += 1
      for edge in graph.edges(of: state) {
        let target = Int(graph.targets[edge])
        guard !goal[target], setStamp[target] != inRegion else { continue }
        if graph.isAtBound(target) {
          if firstBound < 0 {
            firstBound = target
            regionParent[target] = Int32(truncatingIfNeeded: state)
            regionEdge[target] = UInt32(truncatingIfNeeded: edge)
          }
          continue
        }
        setStamp[target] = inRegion
        regionParent[target] = Int32(truncatingIfNeeded: state)
        regionEdge[target] = UInt32(truncatingIfNeeded: edge)
        regionRank[target] = Int32(truncatingIfNeeded: regionOrder.count)
        regionOrder.append(Int32(truncatingIfNeeded: target))
      }
    }
    return regionOrder
  }

  /// Tarjan's algorithm over the states of the current set and the edges between them: the
  /// components one after the other in `members`, each ending where `ends` says.
  private mutating func components(of set: [Int32]) -> (members: [Int32], ends: [Int]) {
    var members: [Int32] = []
    var ends: [Int] = []
    members.reserveCapacity(set.count)
    let member = currentSet
    let finished = Int32.max
    var counter: Int32 = 0
    var stack: [Int32] = []
    var frames: [(state: Int32, edge: UInt32)] = []
    for root32 in set where order[Int(root32)] == -1 {
      let root = Int(root32)
      order[root] = counter
      lowlink[root] = counter
      counter += 1
      stack.append(root32)
      frames.append((root32, graph.edgeStart[root]))
      while let frame = frames.last {
        let state = Int(frame.state)
        var edge = Int(frame.edge)
        let end = Int(graph.edgeStart[state + 1])
        var descended = false
        while edge < end {
          let target = Int(graph.targets[edge])
          edge += 1
          guard setStamp[target] == member else { continue }
          if order[target] == -1 {
            frames[frames.count - 1].edge = UInt32(truncatingIfNeeded: edge)
            order[target] = counter
            lowlink[target] = counter
            counter += 1
            stack.append(Int32(truncatingIfNeeded: target))
            frames.append((Int32(truncatingIfNeeded: target), graph.edgeStart[target]))
            descended = true
            break
          } else if lowlink[target] != finished {
            lowlink[state] = min(lowlink[state], order[target])
          }
        }
        if descended { continue }
        frames.removeLast()
        if lowlink[state] == order[state] {
          while let top = stack.popLast() {
            lowlink[Int(top)] = finished
            members.append(top)
            if Int(top) == state { break }
          }
          ends.append(members.count)
        } else if let parent = frames.last {
          lowlink[Int(parent.state)] = min(lowlink[Int(parent.state)], lowlink[state])
        }
      }
    }
    return (members, ends)
  }

  private enum Judgement {
    case fair, unfair
    /// Fair only, if at all, among these states: those where no pending strong action is enabled.
    case shrink([Int32])
  }

  /// Whether `component` is a fair cycle, holds none, or must be searched without the states
  /// where a strongly fair action it never takes is enabled.
  private mutating func judge(_ component: ArraySlice<Int32>) -> Judgement {
    // Most components of a large graph are single states with no step back to themselves.
    if component.count == 1, let state = component.first.map(Int.init),
      !graph.edges(of: state).contains(where: { Int(graph.targets[$0]) == state })
    {
      return .unfair
    }
    currentComponent &+= 1
    let mark = currentComponent
    for state in component { componentStamp[Int(state)] = mark }
    var hasEdge = false
    var touched: [Int] = []
    for state32 in component {
      let state = Int(state32)
      for edge in graph.edges(of: state) {
        let inside = componentStamp[Int(graph.targets[edge])] == mark
        if inside { hasEdge = true }
        let action = Int(graph.fairActions[edge])
        guard action >= 0 else { continue }
        if enabledStamp[action] != mark {
          enabledStamp[action] = mark
          enabledCount[action] = 0
          lastEnabledIn[action] = -1
          touched.append(action)
        }
        if lastEnabledIn[action] != state {
          lastEnabledIn[action] = state
          enabledCount[action] += 1
        }
        if inside { takenStamp[action] = mark }
      }
    }
    guard hasEdge else { return .unfair }
    var pendingStrong = false
    for action in touched where takenStamp[action] != mark {
      switch graph.fairness[action] {
      case .weak where enabledCount[action] == component.count: return .unfair
      case .strong: pendingStrong = true
      default: break
      }
    }
    guard pendingStrong else { return .fair }
    // Reuse `lastEnabledIn` as the mark of the strong actions left waiting.
    for action in touched where takenStamp[action] != mark && graph.fairness[action] == .strong {
      lastEnabledIn[action] = -2
    }
    let rest = component.filter { state in
      !graph.edges(of: Int(state)).contains { edge in
        let action = Int(graph.fairActions[edge])
        return action >= 0 && enabledStamp[action] == mark && lastEnabledIn[action] == -2
      }
    }
    return .shrink(rest)
  }
}
