import FaultlineCore

/// Finds dependency cycles as Elle does: strongly connected components first, then, for each
/// anomaly class, one short cycle per component from a breadth-first search that closes an edge
/// of the class's defining kind.
struct CycleSearch {
  let graph: DependencyGraph
  let history: TransactionHistory
  let stop: StopCondition
  private var searches = 0

  struct Stopped: Error {}

  init(graph: DependencyGraph, history: TransactionHistory, stop: StopCondition) {
    self.graph = graph
    self.history = history
    self.stop = stop
  }

  private static let ww = DependencyEdge.Kind.ww.bit
  private static let wr = DependencyEdge.Kind.wr.bit
  private static let rw = DependencyEdge.Kind.rw.bit
  private static let order = DependencyEdge.Kind.process.bit | DependencyEdge.Kind.realtime.bit

  /// The cycles of every class; with `strict`, also those that need process or real-time order.
  mutating func run(strict: Bool) throws -> [Anomaly] {
    var found: [Anomaly] = []
    let wwComponents = graph.components(mask: Self.ww)
    found += try closing(Self.ww, over: Self.ww, components: wwComponents) { _ in .g0 }
    let wwwr = Self.ww | Self.wr
    let wwwrComponents = graph.components(mask: wwwr)
    found += try closing(Self.wr, over: wwwr, components: wwwrComponents) { _ in .g1c }
    let dependencies = wwwr | Self.rw
    let all = graph.components(mask: dependencies)
    // An anti-dependency closed by ww and wr edges alone is a cycle with exactly one rw edge.
    found += try closing(Self.rw, over: wwwr, components: all) { _ in .gSingle }
    // Two or more anti-dependencies, none next to another: snapshot isolation forbids these too.
    found += try closing(Self.rw, over: dependencies, nonadjacent: true, components: all, kind: Self.classify)
    // One closed only through another anti-dependency has two or more; loops cut out of the
    // walk may leave one, which is a G-single after all.
    found += try closing(Self.rw, over: dependencies, needing: Self.rw, components: all, kind: Self.classify)
    // Two searches may close the same cycle (from different edges of it): report it once.
    var seen = Set<Set<DependencyEdge>>()
    found = found.filter { seen.insert(Set($0.cycle)).inserted }
    guard strict else { return found }
    let strictComponents = graph.components(mask: dependencies | Self.order)
    // A component that already has a dependency cycle is ruled out without real time.
    var explained = Set<Int>()
    for anomaly in found { for t in anomaly.transactions { explained.insert(strictComponents[t]) } }
    found += try closing(
      Self.order, over: dependencies | Self.order, components: strictComponents,
      skip: { explained.contains(strictComponents[$0.from]) }
    ) { cycle in
      let rw = cycle.filter { $0.kind == .rw }.count
      if rw >= 2 { return .g2ItemRealtime }
      if rw == 1 { return .gSingleRealtime }
      return cycle.contains { $0.kind == .wr } ? .g1cRealtime : .g0Realtime
    }
    return found
  }

  /// For each edge of a kind in `closing` whose ends share a component, the shortest path back
  /// over `mask` (using a `needing` edge if asked): one cycle per component.
  private mutating func closing(
    _ closing: UInt8, over mask: UInt8, needing: UInt8 = 0, nonadjacent: Bool = false, components: [Int],
    skip: (DependencyEdge) -> Bool = { _ in false }, kind: ([DependencyEdge]) -> AnomalyKind
  ) throws -> [Anomaly] {
    var done = Set<Int>()
    var found: [Anomaly] = []
    for edge in graph.edges where edge.kind.bit & closing != 0 {
      let component = components[edge.from]
      guard component == components[edge.to], !done.contains(component), !skip(edge) else { continue }
      searches += 1
      if searches & 0x3F == 0 && stop.reached() { throw Stopped() }
      let path =
        nonadjacent
        ? graph.shortestNonadjacentPath(from: edge.to, to: edge.from, mask: mask, component: components)
        : graph.shortestPath(
          from: edge.to, to: edge.from, mask: mask, needing: needing, component: components)
      guard let back = path else { continue }
      done.insert(component)
      let cycle = Self.simple([edge] + back)
      found.append(
        Anomaly(
          kind: kind(cycle), transactions: cycle.map(\.from), cycle: cycle, explanation: text(cycle)))
    }
    return found
  }

  /// A cycle with anti-dependencies by how many it has and whether two are next to each other
  /// (the last edge is next to the first).
  static func classify(_ cycle: [DependencyEdge]) -> AnomalyKind {
    let rw = cycle.indices.filter { cycle[$0].kind == .rw }
    if rw.count <= 1 { return .gSingle }
    let adjacent = rw.contains { cycle[($0 + 1) % cycle.count].kind == .rw }
    return adjacent ? .g2Item : .gNonadjacent
  }

  /// The cycle with the loops a walk made through a node twice cut out; the first edge stays.
  static func simple(_ walk: [DependencyEdge]) -> [DependencyEdge] {
    var out: [DependencyEdge] = []
    var at: [Int: Int] = [:]
    for edge in walk {
      if let index = at[edge.from], index > 0 {
        for dropped in out[index...] { at[dropped.from] = nil }
        out.removeSubrange(index...)
      }
      at[edge.from] = out.count
      out.append(edge)
    }
    return out
  }

  /// `T3 -ww(key 5)-> T7 -rw(key 5)-> T3`.
  private func text(_ cycle: [DependencyEdge]) -> String {
    var out = cycle.first.map { "T\($0.from + 1)" } ?? ""
    for edge in cycle {
      let key = edge.key.map { "(key \(history.keyText($0)))" } ?? ""
      out += " -\(edge.kind.rawValue)\(key)-> T\(edge.to + 1)"
    }
    return out
  }
}
