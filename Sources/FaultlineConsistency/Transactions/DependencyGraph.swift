import FaultlineCore

/// The dependency graph of a transactional history: one node per transaction that may have
/// happened, edges of every kind, each (from, to, kind) once.
struct DependencyGraph {
  let count: Int
  private(set) var edges: [DependencyEdge] = []
  /// Edge indices leaving each node.
  private(set) var outgoing: [[Int32]]
  private var seen = Set<UInt64>()

  init(count: Int) {
    self.count = count
    outgoing = Array(repeating: [], count: count)
  }

  /// Adds the edge unless it is a self-loop (a transaction's own reads and writes order nothing)
  /// or one of its kind is already there between the same transactions.
  mutating func add(_ from: Int, _ to: Int, _ kind: DependencyEdge.Kind, key: Int? = nil) {
    guard from != to else { return }
    let code = (UInt64(from) << 35) | (UInt64(to) << 3) | UInt64(kind.bit.trailingZeroBitCount)
    guard seen.insert(code).inserted else { return }
    outgoing[from].append(Int32(edges.count))
    edges.append(DependencyEdge(from: from, to: to, kind: kind, key: key))
  }

  /// The strongly connected component of each node over the edges whose kinds are in `mask`
  /// (Tarjan's algorithm, iterative so that long chains do not overflow the stack).
  func components(mask: UInt8) -> [Int] {
    var index = Array(repeating: -1, count: count)
    var low = Array(repeating: 0, count: count)
    var onStack = Array(repeating: false, count: count)
    var component = Array(repeating: -1, count: count)
    var stack: [Int] = []
    var next = 0
    var components = 0
    // Each frame: a node and how many of its outgoing edges were looked at.
    var frames: [(node: Int, edge: Int)] = []
    for root in 0..<count where index[root] < 0 {
      frames.append((root, 0))
      index[root] = next
      low[root] = next
      next += 1
      stack.append(root)
      onStack[root] = true
      while let top = frames.last {
        let node = top.node
        let out = outgoing[node]
        if top.edge < out.count {
          frames[frames.count - 1].edge += 1
          let edge = edges[Int(out[top.edge])]
          guard edge.kind.bit & mask != 0 else { continue }
          let target = edge.to
          if index[target] < 0 {
            index[target] = next
            low[target] = next
            next += 1
            stack.append(target)
            onStack[target] = true
            frames.append((target, 0))
          } else if onStack[target] {
            low[node] = min(low[node], index[target])
          }
          continue
        }
        frames.removeLast()
        if let parent = frames.last { low[parent.node] = min(low[parent.node], low[node]) }
        if low[node] == index[node] {
          while let member = stack.popLast() {
            onStack[member] = false
            component[member] = components
            if member == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }

  /// The shortest path of edges from `start` to `goal` over kinds in `mask`, staying inside the
  /// component `component[start]`; with `needing` set, the path must use at least one edge of
  /// those kinds. Nil when there is none.
  func shortestPath(from start: Int, to goal: Int, mask: UInt8, needing: UInt8 = 0, component: [Int])
    -> [DependencyEdge]?
  {
    let within = component[start]
    // A state is a node and whether a needed edge was used yet (always true with no need).
    let initial = needing == 0 ? 1 : 0
    var parent: [Int: (state: Int, edge: Int32)] = [:]
    let startState = start * 2 + initial
    var visited: Set<Int> = [startState]
    var queue = [startState]
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      let node = state / 2
      let have = state % 2
      if node == goal && have == 1 {
        var path: [DependencyEdge] = []
        var current = state
        while current != startState, let link = parent[current] {
          path.append(edges[Int(link.edge)])
          current = link.state
        }
        return path.reversed()
      }
      for edgeIndex in outgoing[node] {
        let edge = edges[Int(edgeIndex)]
        guard edge.kind.bit & mask != 0, component[edge.to] == within, edge.to != start else { continue }
        let nextHave = have == 1 || edge.kind.bit & needing != 0 ? 1 : 0
        // The goal is the walk's end: reached without the needed edge, it cannot be passed through.
        if edge.to == goal && nextHave == 0 { continue }
        let nextState = edge.to * 2 + nextHave
        if visited.insert(nextState).inserted {
          parent[nextState] = (state, edgeIndex)
          queue.append(nextState)
        }
      }
    }
    return nil
  }

  /// The shortest path of dependency edges from `start` to `goal` inside `component[start]` on
  /// which no two anti-dependencies are next to each other, given that the edge before it (the
  /// one it closes a cycle with, `goal` to `start`) is one: it neither starts nor ends with one.
  func shortestNonadjacentPath(from start: Int, to goal: Int, mask: UInt8, component: [Int])
    -> [DependencyEdge]?
  {
    let within = component[start]
    let rw = DependencyEdge.Kind.rw.bit
    // A state is a node and whether the edge into it was an anti-dependency.
    let startState = start * 2 + 1
    var parent: [Int: (state: Int, edge: Int32)] = [:]
    var visited: Set<Int> = [startState]
    var queue = [startState]
    var head = 0
    while head < queue.count {
      let state = queue[head]
      head += 1
      let node = state / 2
      if node == goal && state % 2 == 0 {
        var path: [DependencyEdge] = []
        var current = state
        while current != startState, let link = parent[current] {
          path.append(edges[Int(link.edge)])
          current = link.state
        }
        return path.reversed()
      }
      for edgeIndex in outgoing[node] {
        let edge = edges[Int(edgeIndex)]
        guard edge.kind.bit & mask != 0, component[edge.to] == within, edge.to != start else { continue }
        let isRW = edge.kind.bit & rw != 0
        if isRW && state % 2 == 1 { continue }
        let nextState = edge.to * 2 + (isRW ? 1 : 0)
        if visited.insert(nextState).inserted {
          parent[nextState] = (state, edgeIndex)
          queue.append(nextState)
        }
      }
    }
    return nil
  }
}
