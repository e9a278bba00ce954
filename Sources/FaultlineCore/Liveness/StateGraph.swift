/// The explored state graph, kept compactly for the liveness check: numbers and edges, no states.
///
/// States are numbered in breadth-first order. The edges of state `s` are `edges(of: s)` in two
/// parallel columns (compressed sparse rows): the target's number, and the action's number in
/// the `FairActionTable` (-1 when it is not fair). Every step with a successor is an edge, a
/// step back to the same state included, in the order `Model.forEachSuccessor` gives them, so
/// an edge's position among its state's edges names its action: a replay finds the choice by
/// taking the successors again (`step(ofEdge:source:from:through:graph:)`), and no column of choices is
/// kept.
///
/// Storing the fair action's number on each edge is what lets the check work without states:
/// the fair actions enabled in a state are the labels of its edges, so the enabled sets of a
/// candidate cycle are read here instead of being recomputed from states kept packed or
/// rebuilt by replaying parent links. It costs a byte or two an edge, less than either.
@usableFromInline
struct StateGraph: Sendable {
  @usableFromInline var edgeStart: [UInt32] = [0]
  @usableFromInline var targets: [UInt32] = []
  @usableFromInline var fairActions = CompactColumn()
  /// The fairness of each fair action number.
  @usableFromInline var fairness: [Fairness] = []
  /// Whether a behaviour may stop where no fair step is enabled (`stuttersWithoutFairSteps`).
  @usableFromInline var stutters = false
  /// The breadth-first parent of each state (`UInt32.max` for an initial state) and the
  /// choice that reached it (for an initial state, its index in `initialStates`).
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var parentChoices: [UInt16] = []
  /// Each state's fingerprint, by number: a replay checks that it reaches the states it should.
  @usableFromInline var fingerprints: [UInt64] = []
  /// The distinct initial states' numbers.
  @usableFromInline var initials: [UInt32] = []
  /// For each liveness property, where its `condition` holds, and where its `trigger` holds.
  @usableFromInline var conditions: [BitVector] = []
  @usableFromInline var triggers: [BitVector] = []
  /// Where the model's own bound stops a state from going on (`Model.bound(reachedIn:)`).
  @usableFromInline var atBound = BitVector()

  @inlinable init(properties: Int) {
    conditions = Array(repeating: BitVector(), count: properties)
    triggers = Array(repeating: BitVector(), count: properties)
  }

  /// The number of states.
  @inlinable var count: Int { parents.count }

  /// Whether `state` is where the model's own bound stops it (false for a graph built without).
  @inlinable func isAtBound(_ state: Int) -> Bool { state < atBound.count && atBound[state] }

  /// The edges leaving state `state`.
  @inlinable func edges(of state: Int) -> Range<Int> { Int(edgeStart[state])..<Int(edgeStart[state + 1]) }

  /// The choices that reach `state` by breadth-first parent links: the initial state's index,
  /// then each action's index.
  func choices(to state: Int) -> [Int] {
    choicesAlongParents(to: state, parents: parents, choices: parentChoices)
  }

  /// The states that breadth-first parent links go through to reach `state`, the initial one first.
  func states(to state: Int) -> [Int] {
    var chain = [state]
    var current = state
    while parents[current] != UInt32.max {
      current = Int(parents[current])
      chain.append(current)
    }
    return chain.reversed()
  }

  /// The choice and successor of the step that `edge` records, taken from `state`, the
  /// concrete state of the edge's source `source`: the successors are taken again, in the order
  /// the graph recorded them.
  static func step<M: Model>(
    ofEdge edge: Int, source: Int, from state: M.State, through model: M, graph: StateGraph
  )
    -> (choice: Int, successor: M.State)?
  {
    let ordinal = edge - Int(graph.edgeStart[source])
    var scratch: [M.Action] = []
    var seen = 0
    var found: (choice: Int, successor: M.State)? = nil
    _ = model.forEachSuccessor(of: state, scratch: &scratch) { choice, successor in
      if seen == ordinal { found = (choice, successor) }
      seen += 1
    }
    return found
  }
}

extension StateGraph {
  /// A successor taken from the state being expanded, waiting to be discovered: `choice` is -1
  /// for a step back to the same state, which needs no lookup.
  @usableFromInline
  typealias Pending<State> = (successor: State, choice: Int32, fairAction: Int32, fingerprint: UInt64)

  /// The breadth-first search that checks the safety properties and records the graph in one
  /// pass: every edge and where each liveness property's predicates hold. The graph is nil
  /// when the search stopped early (the safety result says why: a violation or a limit).
  /// `spent` is the time an earlier search of the same check took (a depth-first one).
  @inlinable
  static func explore<M: Model>(
    _ model: M, liveness: [Property<M.State>], options: ExplorerOptions, spent: Double = 0
  ) throws(FaultlineError) -> (safety: Exploration<M>, graph: StateGraph?) {
    var run = SearchRun(model: model, options: options, keepsLinks: true, numbered: true, spent: spent)
    let model = model.worker()
    var graph = StateGraph(properties: liveness.count)
    var table = FairActionTable(model: model)
    var current = Frontier(model: model)
    for (choice, state) in model.initialStates.enumerated() {
      let fingerprint = model.fingerprint(of: state)
      let (number, new) = run.discoverNumbered(
        state, parent: -1, choice: choice, depth: 0, fingerprint: fingerprint)
      if run.stop != nil { return (try run.finish(exhaustive: false), nil) }
      if new {
        graph.discovered(state, fingerprint: fingerprint, model: model, liveness: liveness)
        current.append(state)
        graph.initials.append(number)
      }
    }
    var next = Frontier(model: model)
    var scratch: [M.Action] = []
    // As in the safety search, one state's successors are discovered after the next state's
    // are taken, so that the table slots prefetched for them are in cache by then.
    var successors: [Pending<M.State>] = []
    var pending: [Pending<M.State>] = []
    var pendingSource = -1
    // States are numbered in the order they are discovered, which is the order they are expanded.
    var expanded = 0
    var depth = 0
    var unnumbered = false
    while !current.isEmpty && !run.isAtDepthBound(current, depth: depth) {
      next.removeAll()
      for offset in current.indices {
        let state = current[offset]
        let source = expanded
        expanded += 1
        successors.removeAll(keepingCapacity: true)
        let seen = run.seen
        _ = model.forEachSuccessor(of: state, scratch: &scratch, fairActions: &table) {
          choice, successor, fairAction in
          if fairAction < -1 { unnumbered = true }
          if successor == state {
            successors.append((state, -1, fairAction, 0))
            return
          }
          let fingerprint = model.fingerprint(of: successor)
          seen.prefetch(fingerprint)
          successors.append(
            (successor, Int32(truncatingIfNeeded: min(choice, Int(Int32.max))), fairAction, fingerprint))
        }
        if pendingSource >= 0 {
          graph.record(
            pending, source: pendingSource, depth: depth, &run, &next, model: model, liveness: liveness)
          if run.stop != nil { return (try run.finish(exhaustive: false), nil) }
        }
        // A fair action the model cannot number stops the check with what to change.
        if unnumbered {
          _ = try FairActionTable<M.Action>.checkedNumber(FairActionTable<M.Action>.unnumbered)
        }
        swap(&pending, &successors)
        pendingSource = source
        run.tick(depth: depth, frontier: current.count - offset + next.count)
        if run.stop != nil { return (try run.finish(exhaustive: false), nil) }
      }
      graph.record(
        pending, source: pendingSource, depth: depth, &run, &next, model: model, liveness: liveness)
      if run.stop != nil { return (try run.finish(exhaustive: false), nil) }
      pending.removeAll(keepingCapacity: true)
      pendingSource = -1
      swap(&current, &next)
      depth += 1
    }
    // States left at a depth bound that cut nothing off have no successors.
    while graph.edgeStart.count <= run.count {
      graph.edgeStart.append(UInt32(truncatingIfNeeded: graph.targets.count))
    }
    let safety = try run.finish(exhaustive: true)
    graph.parents = run.parents
    graph.parentChoices = run.choices
    graph.fairness = table.fairness
    graph.stutters = model.stuttersWithoutFairSteps
    return (safety, graph)
  }

  /// Records a state found for the first time.
  @inlinable
  mutating func discovered<M: Model>(
    _ state: M.State, fingerprint: UInt64, model: M, liveness: [Property<M.State>]
  ) {
    fingerprints.append(fingerprint)
    atBound.append(model.bound(reachedIn: state) != nil)
    for (k, property) in liveness.enumerated() {
      conditions[k].append(property.condition(state))
      triggers[k].append(property.trigger?(state) ?? true)
    }
  }

  /// Discovers the successors of state number `source`, in order, recording an edge to each;
  /// stops where the search stops.
  @inlinable
  mutating func record<M: Model>(
    _ pending: [Pending<M.State>], source: Int, depth: Int, _ run: inout SearchRun<M>,
    _ next: inout Frontier<M>,
    model: M, liveness: [Property<M.State>]
  ) {
    guard source >= 0 else { return }
    run.generated += pending.count
    for (successor, choice, fairAction, fingerprint) in pending {
      var target = UInt32(truncatingIfNeeded: source)
      if choice >= 0 {
        let (number, new) = run.discoverNumbered(
          successor, parent: source, choice: Int(choice), depth: depth + 1, fingerprint: fingerprint)
        if run.stop != nil { return }
        if new {
          discovered(successor, fingerprint: fingerprint, model: model, liveness: liveness)
          next.append(successor)
        }
        target = number
      }
      targets.append(target)
      fairActions.append(fairAction)
    }
    guard targets.count < Int(UInt32.max) else {
      run.stop = .limit(Self.tooLarge)
      return
    }
    edgeStart.append(UInt32(truncatingIfNeeded: targets.count))
  }

  @usableFromInline static var tooLarge: String {
    "the model exceeds the explorer's limits (65,535 actions a state, 4 billion states or edges)"
  }

  /// Why the check must stop now (time limit, interruption, memory budget), or nil.
  @usableFromInline
  static func stopReason(_ options: ExplorerOptions, elapsed: Double, since start: ContinuousClock.Instant)
    -> String?
  {
    let spent = ContinuousClock.now - start
    let seconds = elapsed + Double(spent.components.seconds) + Double(spent.components.attoseconds) * 1e-18
    if let limit = options.timeLimit, seconds >= limit {
      return "reached the time limit of \(limit) seconds (--time-limit)"
    }
    if let isCancelled = options.isCancelled, isCancelled() { return "interrupted" }
    if MemoryBudget.exceeded() { return MemoryBudget.reason }
    return nil
  }
}
