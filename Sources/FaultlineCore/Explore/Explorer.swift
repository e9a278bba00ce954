/// Walks a model's state space and checks its properties in every state it reaches.
///
/// ```swift
/// let exploration = try Explorer(Counter()).run()
/// print(exploration.verdict.name, exploration.statistics.distinctStates)
/// ```
public struct Explorer<M: Model>: Sendable {
  /// The model to explore.
  public var model: M
  /// Strategy and limits.
  public var options: ExplorerOptions

  /// Creates an explorer for `model`.
  public init(_ model: M, options: ExplorerOptions = ExplorerOptions()) {
    self.model = model
    self.options = options
  }

  /// Explores the model with the chosen strategy and returns the verdict and its evidence.
  ///
  /// Liveness properties are decided when the safety search was exhaustive and found no
  /// invariant violated; otherwise they are left undecided (the verdict is then incomplete or
  /// violated, never holds). A breadth-first search records the graph they need as it goes, on
  /// one thread. Throws only when the model itself is at fault (it is not deterministic on
  /// replay, or it declares fair actions that are not `Hashable`).
  @inlinable
  public func run() throws(FaultlineError) -> Exploration<M> {
    try options.validate()
    let liveness = livenessProperties
    switch options.strategy {
    case .breadthFirst where !liveness.isEmpty: return try breadthFirstWithLiveness(liveness)
    case .breadthFirst:
      return options.workers > 1 && !options.exact ? try parallelBreadthFirst() : try breadthFirst()
    case .depthFirst:
      let safety = try depthFirst()
      return liveness.isEmpty ? safety : try checkLiveness(liveness, after: safety)
    case .random:
      let safety = try randomWalks()
      return liveness.isEmpty ? safety : try checkLiveness(liveness, after: safety)
    }
  }

  /// Level-by-level search: the first violating state found is at the smallest depth.
  @inlinable
  func breadthFirst() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: true)
    let model = self.model.worker()
    var current = run.discoverInitialStates()
    if run.stop != nil { return try run.finish(exhaustive: false) }
    var firstIndex = 0
    var depth = 0
    var next = Frontier(model: model)
    var actions: [M.Action] = []
    // The successors of one state are discovered after the next state's are generated, so
    // that the table's slots for them, prefetched when they were generated, are in cache.
    var successors: [(state: M.State, choice: Int, fingerprint: UInt64)] = []
    var pending: [(state: M.State, choice: Int, fingerprint: UInt64)] = []
    var pendingParent = -1
    var generated = 0
    var pendingGenerated = 0
    while !current.isEmpty && !run.isAtDepthBound(current, depth: depth) {
      next.removeAll()
      let nextFirstIndex = run.count
      for offset in current.indices {
        let state = current[offset]
        successors.removeAll(keepingCapacity: true)
        generated = 0
        let seen = run.seen
        _ = model.forEachSuccessor(of: state, scratch: &actions) { choice, successor in
          generated += 1
          // A step back to the same state needs no lookup: the state is known.
          if successor == state { return }
          let fingerprint = model.fingerprint(of: successor)
          seen.prefetch(fingerprint)
          successors.append((successor, choice, fingerprint))
        }
        if pendingParent >= 0 {
          Self.discover(
            pending, parent: pendingParent, generated: pendingGenerated, depth: depth, &run, &next)
          if run.stop != nil { return try run.finish(exhaustive: false) }
        }
        swap(&pending, &successors)
        pendingParent = firstIndex + offset
        pendingGenerated = generated
        run.tick(depth: depth, frontier: current.count - offset + next.count)
        if run.stop != nil { return try run.finish(exhaustive: false) }
      }
      Self.discover(pending, parent: pendingParent, generated: pendingGenerated, depth: depth, &run, &next)
      if run.stop != nil { return try run.finish(exhaustive: false) }
      pending.removeAll(keepingCapacity: true)
      pendingParent = -1
      swap(&current, &next)
      firstIndex = nextFirstIndex
      depth += 1
    }
    return try run.finish(exhaustive: true)
  }

  /// Discovers one state's pending successors in order, stopping where the search stops. A
  /// function of its own, not a local one: variables a local function captures get dynamic
  /// exclusivity checks on every access.
  @inlinable
  static func discover(
    _ pending: [(state: M.State, choice: Int, fingerprint: UInt64)], parent: Int, generated: Int, depth: Int,
    _ run: inout SearchRun<M>, _ next: inout Frontier<M>
  ) {
    guard parent >= 0 else { return }
    run.generated += generated
    for (successor, choice, fingerprint) in pending {
      if run.discover(successor, parent: parent, choice: choice, depth: depth + 1, fingerprint: fingerprint) {
        next.append(successor)
      }
      if run.stop != nil { return }
    }
  }

  /// Stack-based search: exhaustive with a frontier proportional to the depth times the
  /// branching; its counterexamples need not be shortest.
  @inlinable
  func depthFirst() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: true)
    let model = self.model.worker()
    var stack: [(state: M.State, index: Int, depth: Int)] = []
    for (index, state) in model.initialStates.enumerated() {
      if run.discover(state, parent: -1, choice: index, depth: 0) {
        stack.append((state, run.count - 1, 0))
      }
      if run.stop != nil { return try run.finish(exhaustive: false) }
    }
    stack.reverse()
    var actions: [M.Action] = []
    while let (state, index, depth) = stack.popLast() {
      actions.removeAll(keepingCapacity: true)
      model.actions(from: state, into: &actions)
      if let bound = options.maxDepth, depth >= bound {
        if !actions.isEmpty { run.hitDepthBound = true }
        continue
      }
      let firstPushed = stack.count
      for choice in actions.indices {
        guard let successor = model.successor(of: state, via: actions[choice]) else { continue }
        run.generated += 1
        if successor == state { continue }
        if run.discover(successor, parent: index, choice: choice, depth: depth + 1) {
          stack.append((successor, run.count - 1, depth + 1))
        }
        if run.stop != nil { return try run.finish(exhaustive: false) }
      }
      // Visit the first action's successor first, as a recursive search would.
      stack[firstPushed...].reverse()
      run.tick(depth: depth, frontier: stack.count)
      if run.stop != nil { return try run.finish(exhaustive: false) }
    }
    return try run.finish(exhaustive: true)
  }

  /// Random walks from the seed; finds violations but never proves that properties hold.
  @inlinable
  func randomWalks() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: false)
    let model = self.model.worker()
    var generator = SplitMix64(seed: options.seed)
    let initials = model.initialStates
    let depthBound = options.maxDepth ?? ExplorerOptions.defaultWalkDepth
    var actions: [M.Action] = []
    guard !initials.isEmpty else { return try run.finish(exhaustive: true) }
    for _ in 0..<max(options.walks, 0) {
      let first = Int(generator.next() % UInt64(initials.count))
      var state = initials[first]
      var walk = [first]
      _ = run.discover(state, parent: -1, choice: first, depth: 0, walk: walk)
      if run.stop != nil { return try run.finish(exhaustive: false) }
      for depth in 1...max(depthBound, 1) {
        actions.removeAll(keepingCapacity: true)
        model.actions(from: state, into: &actions)
        if actions.isEmpty { break }
        let choice = Int(generator.next() % UInt64(actions.count))
        guard let successor = model.successor(of: state, via: actions[choice]) else { continue }
        run.generated += 1
        walk.append(choice)
        state = successor
        _ = run.discover(state, parent: -1, choice: choice, depth: depth, walk: walk)
        if run.stop != nil { return try run.finish(exhaustive: false) }
        run.tick(depth: depth, frontier: 0)
        if run.stop != nil { return try run.finish(exhaustive: false) }
      }
    }
    return try run.finish(
      exhaustive: false,
      incompleteReason:
        "random simulation found no violation in \(options.walks) walks of up to \(depthBound) steps "
        + "(\(run.count) distinct states); it does not prove the properties hold")
  }
}
