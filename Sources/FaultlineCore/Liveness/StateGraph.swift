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

  /// Makes room for `states` states and `edges` edges (the safety search's counts), so the
  /// columns are allocated once, at their size, instead of doubling as they fill.
  @inlinable mutating func reserve(states: Int, edges: Int) {
    edgeStart.reserveCapacity(states + 1)
    parents.reserveCapacity(states)
    parentChoices.reserveCapacity(states)
    fingerprints.reserveCapacity(states)
    targets.reserveCapacity(edges)
    fairActions.reserveCapacity(edges)
  }

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
  /// Why building the graph stopped early.
  @usableFromInline
  enum Build {
    case built(StateGraph)
    case stopped(String)
  }

  /// Explores `model` again, breadth first, recording every edge and where each liveness
  /// property's predicates hold. `elapsed` is the time the safety search already took, which
  /// counts against the time limit.
  @inlinable
  static func build<M: Model>(
    _ model: M, liveness: [Property<M.State>], options: ExplorerOptions, elapsed: Double,
    expected: (states: Int, edges: Int)? = nil
  ) throws(FaultlineError) -> Build {
    let model = model.worker()
    let start = ContinuousClock.now
    var graph = StateGraph(properties: liveness.count)
    if let expected { graph.reserve(states: expected.states, edges: expected.edges) }
    var index = FingerprintIndex(expected: expected?.states ?? 1 << 10)
    var table = FairActionTable(model: model)
    // In exact mode states are numbered by equality, so no fingerprint collision can merge two;
    // the fingerprints are still kept, where replays check them.
    var exact: [M.State: UInt32]? = options.exact ? [:] : nil
    /// The number of `state`, whose fingerprint is `fingerprint`, after giving it the next one
    /// if it had none.
    func number(of state: M.State, fingerprint: UInt64) -> (number: UInt32, inserted: Bool) {
      let next = UInt32(truncatingIfNeeded: graph.count)
      let found = index.number(of: fingerprint, orInsert: next)
      guard exact != nil else { return found }
      if let known = exact?[state] { return (known, false) }
      exact?[state] = next
      return (next, true)
    }
    /// Records a state found for the first time.
    func discover(_ state: M.State, fingerprint: UInt64, parent: UInt32, choice: Int) {
      graph.parents.append(parent)
      graph.parentChoices.append(UInt16(truncatingIfNeeded: choice))
      graph.fingerprints.append(fingerprint)
      graph.atBound.append(model.bound(reachedIn: state) != nil)
      for (k, property) in liveness.enumerated() {
        graph.conditions[k].append(property.condition(state))
        graph.triggers[k].append(property.trigger?(state) ?? true)
      }
    }
    var current = Frontier(model: model)
    for (choice, state) in model.initialStates.enumerated() {
      guard choice <= Int(UInt16.max) else { return .stopped(Self.tooLarge) }
      let fingerprint = model.fingerprint(of: state)
      let (number, inserted) = number(of: state, fingerprint: fingerprint)
      if inserted {
        discover(state, fingerprint: fingerprint, parent: UInt32.max, choice: choice)
        current.append(state)
        graph.initials.append(number)
      }
    }
    var next = Frontier(model: model)
    var scratch: [M.Action] = []
    var expanded = 0
    var depth = 0
    var lastProgress = Duration.zero
    var tooLarge = false
    var unnumbered = false
    while !current.isEmpty {
      next.removeAll()
      for offset in current.indices {
        let state = current[offset]
        let source = UInt32(truncatingIfNeeded: expanded)
        _ = model.forEachSuccessor(of: state, scratch: &scratch, fairActions: &table) {
          choice, successor, fairAction in
          if choice > Int(UInt16.max) { tooLarge = true }
          if fairAction < -1 { unnumbered = true }
          var target = source
          if successor != state {
            let fingerprint = model.fingerprint(of: successor)
            let (number, inserted) = number(of: successor, fingerprint: fingerprint)
            if inserted {
              discover(successor, fingerprint: fingerprint, parent: source, choice: choice)
              next.append(successor)
            }
            target = number
          }
          graph.targets.append(target)
          graph.fairActions.append(fairAction)
        }
        if tooLarge || graph.count >= Int(UInt32.max) - 1 || graph.targets.count >= Int(UInt32.max) {
          tooLarge = true
          break
        }
        graph.edgeStart.append(UInt32(truncatingIfNeeded: graph.targets.count))
        expanded += 1
        if expanded & 1023 == 0 {
          if let reason = Self.stopReason(options, elapsed: elapsed, since: start) { return .stopped(reason) }
          let spent = ContinuousClock.now - start
          if let progress = options.progress, spent - lastProgress >= .seconds(1) {
            lastProgress = spent
            progress(
              Progress(
                distinctStates: graph.count, depth: depth, frontier: graph.count - expanded,
                seconds: elapsed + Double(spent.components.seconds)))
          }
        }
      }
      if tooLarge { return .stopped(Self.tooLarge) }
      // A fair action the model cannot number stops the check with what to change.
      if unnumbered { _ = try FairActionTable<M.Action>.checkedNumber(FairActionTable<M.Action>.unnumbered) }
      swap(&current, &next)
      depth += 1
    }
    graph.fairness = table.fairness
    graph.stutters = model.stuttersWithoutFairSteps
    return .built(graph)
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
