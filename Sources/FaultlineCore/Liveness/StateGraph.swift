/// The explored state graph, kept compactly for the liveness check: numbers and edges, no states.
///
/// States are numbered in breadth-first order. The edges of state `s` are `edgeStart[s] ..<
/// edgeStart[s + 1]` in three parallel arrays (compressed sparse rows): the target's number, the
/// action's index among those `actions(from:)` lists (to replay a path), and the action's number
/// in the `FairActionTable` (-1 when it is not fair). Every action with a successor is an edge,
/// a step back to the same state included.
///
/// Storing the fair action's number on each edge is what lets the check work without states:
/// the fair actions enabled in a state are the labels of its edges, so the enabled sets of a
/// candidate cycle are read here instead of being recomputed from states kept packed or
/// rebuilt by replaying parent links. It costs four bytes an edge, less than either.
@usableFromInline
struct StateGraph: Sendable {
  @usableFromInline var edgeStart: [Int] = [0]
  @usableFromInline var targets: [UInt32] = []
  @usableFromInline var choices = CompactColumn<UInt8>()
  @usableFromInline var fairActions = CompactColumn<UInt16>()
  /// The fairness of each fair action number.
  @usableFromInline var fairness: [Fairness] = []
  /// Whether a behaviour may stop where no fair step is enabled (`stuttersWithoutFairSteps`).
  @usableFromInline var stutters = false
  /// The breadth-first parent of each state (`UInt32.max` for an initial state) and the
  /// choice that reached it (for an initial state, its index in `initialStates`).
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var parentChoices: [UInt16] = []
  /// The distinct initial states' numbers.
  @usableFromInline var initials: [UInt32] = []
  /// For each liveness property, where its `condition` holds, and where its `trigger` holds.
  @usableFromInline var conditions: [BitVector] = []
  @usableFromInline var triggers: [BitVector] = []
  /// Where the model's own bound stops a state from going on (`Model.bound(reachedIn:)`).
  @usableFromInline var atBound = BitVector()
  /// Each state's number by fingerprint, to tell a replayed state from one never explored.
  @usableFromInline var index = FingerprintIndex()

  @inlinable init(properties: Int) {
    conditions = Array(repeating: BitVector(), count: properties)
    triggers = Array(repeating: BitVector(), count: properties)
  }

  /// The number of states.
  @inlinable var count: Int { parents.count }

  /// Whether `state` is where the model's own bound stops it (false for a graph built without).
  @inlinable func isAtBound(_ state: Int) -> Bool { state < atBound.count && atBound[state] }

  /// The edges leaving state `state`.
  @inlinable func edges(of state: Int) -> Range<Int> { edgeStart[state]..<edgeStart[state + 1] }

  /// Makes room for `states` states and `edges` edges (the safety search's counts), so the
  /// columns are allocated once, at their size, instead of doubling as they fill.
  @inlinable mutating func reserve(states: Int, edges: Int) {
    edgeStart.reserveCapacity(states + 1)
    parents.reserveCapacity(states)
    parentChoices.reserveCapacity(states)
    targets.reserveCapacity(edges)
    choices.reserveCapacity(edges)
    fairActions.reserveCapacity(edges)
    index = FingerprintIndex(expected: states)
  }

  /// The choices that reach `state` by breadth-first parent links: the initial state's index,
  /// then each action's index.
  func choices(to state: Int) -> [Int] {
    choicesAlongParents(to: state, parents: parents, choices: parentChoices)
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
    var table = FairActionTable(model: model)
    // In exact mode states are numbered by equality, so no fingerprint collision can merge two;
    // the fingerprints still go into `index`, where replays look them up.
    var exact: [M.State: UInt32]? = options.exact ? [:] : nil
    /// The number of `state`, after giving it the next one if it had none.
    func number(of state: M.State) -> (number: UInt32, inserted: Bool) {
      let next = UInt32(truncatingIfNeeded: graph.count)
      let found = graph.index.number(of: model.fingerprint(of: state), orInsert: next)
      guard exact != nil else { return found }
      if let known = exact?[state] { return (known, false) }
      exact?[state] = next
      return (next, true)
    }
    /// Records a state found for the first time.
    func discover(_ state: M.State, parent: UInt32, choice: Int) {
      graph.parents.append(parent)
      graph.parentChoices.append(UInt16(truncatingIfNeeded: choice))
      graph.atBound.append(model.bound(reachedIn: state) != nil)
      for (k, property) in liveness.enumerated() {
        graph.conditions[k].append(property.condition(state))
        graph.triggers[k].append(property.trigger?(state) ?? true)
      }
    }
    var current = Frontier(model: model)
    for (choice, state) in model.initialStates.enumerated() {
      guard choice <= Int(UInt16.max) else { return .stopped(Self.tooLarge) }
      let (number, inserted) = number(of: state)
      if inserted {
        discover(state, parent: UInt32.max, choice: choice)
        current.append(state)
        graph.initials.append(number)
      }
    }
    var next = Frontier(model: model)
    var actions: [M.Action] = []
    var expanded = 0
    var depth = 0
    var lastProgress = Duration.zero
    while !current.isEmpty {
      next.removeAll()
      for offset in current.indices {
        let state = current[offset]
        let source = UInt32(truncatingIfNeeded: expanded)
        actions.removeAll(keepingCapacity: true)
        model.actions(from: state, into: &actions)
        for choice in actions.indices {
          guard let successor = model.successor(of: state, via: actions[choice]) else { continue }
          guard choice <= Int(UInt16.max), graph.count < Int(UInt32.max) - 1 else {
            return .stopped(Self.tooLarge)
          }
          var target = source
          if successor != state {
            let (number, inserted) = number(of: successor)
            if inserted {
              discover(successor, parent: source, choice: choice)
              next.append(successor)
            }
            target = number
          }
          graph.targets.append(target)
          graph.choices.append(Int32(choice))
          graph.fairActions.append(
            try table.number(of: actions[choice], fairness: model.fairness(of: actions[choice], in: state)))
        }
        graph.edgeStart.append(graph.targets.count)
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
      swap(&current, &next)
      depth += 1
    }
    graph.fairness = table.fairness
    graph.stutters = model.stuttersWithoutFairSteps
    return .built(graph)
  }

  @usableFromInline static var tooLarge: String {
    "the model exceeds the explorer's limits (65,535 actions a state, 4 billion states)"
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
