/// The bookkeeping every strategy shares: the visited set, parent links, property checks,
/// counters and the reason the search stopped.
@usableFromInline
struct SearchRun<M: Model> {
  /// Why a search ended early.
  @usableFromInline
  enum Stop {
    case violation
    case limit(String)
  }

  @usableFromInline let model: M
  @usableFromInline let options: ExplorerOptions
  @usableFromInline let seen: FingerprintSet
  /// Whole states, in exact mode, with their numbers in the order of discovery.
  @usableFromInline var exactStates: [M.State: UInt32]? = nil
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var choices: [UInt16] = []
  @usableFromInline let keepsLinks: Bool
  /// Whether states are numbered (`discoverNumbered`): the liveness graph's search, on one thread.
  @usableFromInline let numbered: Bool
  @usableFromInline let always: [Property<M.State>]
  @usableFromInline let sometimes: [Property<M.State>]
  /// For each `sometimes` property, the choices of a path that reached it.
  @usableFromInline var reached: [[Int]?]
  @usableFromInline var unreached: Int
  /// The violated properties and the choices of the path to the violating state.
  @usableFromInline var violation: (properties: [String], choices: [Int])? = nil
  @usableFromInline var stop: Stop? = nil
  @usableFromInline var generated = 0
  @usableFromInline var maxDepth = 0
  /// True once a state at the depth bound had actions left, so the search was cut short.
  @usableFromInline var hitDepthBound = false
  /// When the search began; a search that follows another counts that one's time from here.
  @usableFromInline let start: ContinuousClock.Instant
  @usableFromInline var nextClockCheck = 1
  @usableFromInline var clockInterval = 1
  @usableFromInline var lastClockCheck: Double = 0
  @usableFromInline var lastProgress: Double = 0

  /// `numbered` gives each state a number, its position in the order of discovery, for
  /// `discoverNumbered` (the liveness graph's search); `spent` is the seconds an earlier search
  /// of the same check took, which count against the time limit.
  @usableFromInline
  init(model: M, options: ExplorerOptions, keepsLinks: Bool, numbered: Bool = false, spent: Double = 0) {
    start = ContinuousClock.now - .seconds(spent)
    // Its own copy: property checks and fingerprints run on the thread that discovers.
    self.model = model.worker()
    self.options = options
    self.keepsLinks = keepsLinks
    self.numbered = numbered
    seen = FingerprintSet(
      expected: min(options.maxStates ?? 1 << 16, 1 << 16), numbered: numbered && !options.exact)
    if options.exact { exactStates = [:] }
    let properties = model.properties
    always = properties.filter { $0.expectation == .always }
    sometimes = properties.filter { $0.expectation == .sometimes }
    reached = Array(repeating: nil, count: sometimes.count)
    unreached = sometimes.count
  }

  /// Distinct states found so far.
  @inlinable var count: Int { exactStates?.count ?? seen.count }

  @usableFromInline var seconds: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// Records `state` if it is new: fingerprint, parent link and property checks.
  /// Returns true when the state is new and the search should expand it.
  /// `walk` gives the choices that reach the state when parent links are not kept.
  @inlinable @inline(__always)
  mutating func discover(
    _ state: M.State, parent: Int, choice: Int, depth: Int, walk: [Int]? = nil, fingerprint: UInt64? = nil,
    checked: UInt64? = nil
  ) -> Bool {
    let print = fingerprint ?? model.fingerprint(of: state)
    if exactStates != nil {
      guard exactStates?[state] == nil else { return false }
      let number = UInt32(truncatingIfNeeded: count)
      exactStates?[state] = number
      _ = seen.insert(print)
    } else {
      guard seen.insert(print) else { return false }
    }
    return record(state, parent: parent, choice: choice, depth: depth, walk: walk, checked: checked)
  }

  /// Like `discover`, for a run made `numbered`: also gives the state's number, whether it is
  /// new or was discovered before. A new state is recorded and checked; `run.stop` then says
  /// whether the search must stop.
  @inlinable @inline(__always)
  mutating func discoverNumbered(
    _ state: M.State, parent: Int, choice: Int, depth: Int, fingerprint: UInt64
  ) -> (number: UInt32, new: Bool) {
    let found: (number: UInt32, inserted: Bool)
    if exactStates != nil {
      if let known = exactStates?[state] { return (known, false) }
      let number = UInt32(truncatingIfNeeded: count)
      found = (number, true)
      exactStates?[state] = number
      _ = seen.insert(fingerprint)
    } else {
      found = seen.number(of: fingerprint)
      guard found.inserted else { return (found.number, false) }
    }
    _ = record(state, parent: parent, choice: choice, depth: depth, walk: nil, checked: nil)
    return (found.number, true)
  }

  /// Records a state just found new: parent link, depth, property checks and the state limit.
  @inlinable @inline(__always)
  mutating func record(_ state: M.State, parent: Int, choice: Int, depth: Int, walk: [Int]?, checked: UInt64?)
    -> Bool
  {
    if keepsLinks {
      guard choice <= Int(UInt16.max), seen.count < Int(UInt32.max) else {
        stop = .limit("the model exceeds the explorer's limits (65,535 actions a state, 4 billion states)")
        return false
      }
      parents.append(parent < 0 ? UInt32.max : UInt32(truncatingIfNeeded: parent))
      choices.append(UInt16(truncatingIfNeeded: choice))
    }
    if depth > maxDepth { maxDepth = depth }
    checkProperties(state, walk: walk, checked: checked)
    if stop == nil, let limit = options.maxStates, seen.count >= limit {
      stop = .limit("reached the limit of \(limit) distinct states (--max-states)")
    }
    return stop == nil
  }

  /// Checks the properties in `state`; `checked`, when given, is `propertyMask(of:wanted:)`
  /// worked out ahead (by a parallel worker) for the `sometimes` properties not yet reached.
  @inlinable @inline(__always)
  mutating func checkProperties(_ state: M.State, walk: [Int]?, checked: UInt64? = nil) {
    let holds =
      checked.map { $0 & Self.alwaysFails == 0 }
      ?? always.withUnsafeBufferPointer { properties in
        for i in properties.indices where !properties[i].condition(state) { return false }
        return true
      }
    if !holds {
      let failed = always.filter { !$0.condition(state) }.map(\.name)
      violation = (failed, walk ?? choices(to: count - 1))
      stop = .violation
    }
    if unreached > 0 {
      for (i, property) in sometimes.enumerated() where reached[i] == nil {
        let reaches = checked.map { $0 & (1 << UInt64(i)) != 0 } ?? property.condition(state)
        if reaches {
          reached[i] = walk ?? choices(to: count - 1)
          unreached -= 1
        }
      }
    }
  }

  /// Bit 63 of a property mask: some `always` property fails.
  @inlinable static var alwaysFails: UInt64 { 1 << 63 }

  /// The `sometimes` properties not yet reached, as mask bits; nil when there are too many
  /// for a mask, and then workers leave the checks to the discovering thread.
  @inlinable var wantedMask: UInt64? {
    guard sometimes.count < 63 else { return nil }
    var mask: UInt64 = 0
    for i in sometimes.indices where reached[i] == nil { mask |= 1 << UInt64(i) }
    return mask
  }

  /// The properties' outcome in `state` as a mask: `alwaysFails` when an `always` property
  /// fails, and bit i when `sometimes` property i holds (only those in `wanted`). Pure, so
  /// workers may work it out in parallel.
  @inlinable
  static func propertyMask(
    of state: M.State, always: [Property<M.State>], sometimes: [Property<M.State>], wanted: UInt64
  ) -> UInt64 {
    // Through buffers, so that no thread touches the properties' reference counts.
    var mask: UInt64 = 0
    always.withUnsafeBufferPointer { properties in
      for i in properties.indices where !properties[i].condition(state) {
        mask |= alwaysFails
        break
      }
    }
    var remaining = wanted
    sometimes.withUnsafeBufferPointer { properties in
      while remaining != 0 {
        let i = remaining.trailingZeroBitCount
        remaining &= remaining - 1
        if properties[i].condition(state) { mask |= 1 << UInt64(i) }
      }
    }
    return mask
  }

  /// Discovers the initial states and returns the new ones, the first level to expand.
  @inlinable
  mutating func discoverInitialStates() -> Frontier<M> {
    var level = Frontier(model: model)
    for (index, state) in model.initialStates.enumerated() {
      if discover(state, parent: -1, choice: index, depth: 0) { level.append(state) }
      if stop != nil { break }
    }
    return level
  }

  /// Whether `level`, at `depth`, is at the depth bound and must not be expanded; records
  /// whether the bound cut off any successor (which makes the search incomplete).
  @inlinable
  mutating func isAtDepthBound(_ level: Frontier<M>, depth: Int) -> Bool {
    guard let bound = options.maxDepth, depth >= bound else { return false }
    hitDepthBound = level.indices.contains { !model.actions(from: level[$0]).isEmpty }
    return true
  }

  /// The choices that reach the state with index `index`, by following parent links.
  @usableFromInline
  func choices(to index: Int) -> [Int] {
    choicesAlongParents(to: index, parents: parents, choices: choices)
  }

  /// Checks the time limit and reports progress; call it once per expanded state. How often
  /// the clock is read adapts to the model: every 1,024 states while states are cheap, down to
  /// every state when one takes long (symmetry may try 8! renamings), so that a limit or a
  /// signal is honoured within a fraction of a second.
  @inlinable @inline(__always)
  mutating func tick(depth: Int, frontier: Int) {
    nextClockCheck -= 1
    if nextClockCheck > 0 { return }
    let elapsed = seconds
    clockInterval =
      elapsed - lastClockCheck > 0.05 ? max(1, clockInterval / 4) : min(1024, clockInterval * 2)
    lastClockCheck = elapsed
    nextClockCheck = clockInterval
    if let limit = options.timeLimit, elapsed >= limit, stop == nil {
      stop = .limit("reached the time limit of \(limit) seconds (--time-limit)")
    }
    if let isCancelled = options.isCancelled, stop == nil, isCancelled() {
      stop = .limit("interrupted")
    }
    if stop == nil, MemoryBudget.exceeded() {
      stop = .limit(MemoryBudget.reason)
    }
    if let progress = options.progress, elapsed - lastProgress >= 1 {
      lastProgress = elapsed
      progress(Progress(distinctStates: count, depth: depth, frontier: frontier, seconds: elapsed))
    }
  }

  /// Turns the search's record into a verdict and typed paths; `exhaustive` says whether a
  /// search that was not stopped has covered every reachable state.
  @usableFromInline
  func finish(exhaustive: Bool, incompleteReason: String? = nil) throws(FaultlineError) -> Exploration<M> {
    let statistics = Statistics(
      distinctStates: count, generatedStates: generated, maxDepth: maxDepth, seconds: seconds,
      tableBytes: seen.bytes, exact: exactStates != nil, peakMemoryBytes: ResourceUsage.peakResidentBytes(),
      workers: options.strategy == .breadthFirst && exactStates == nil && !numbered
        ? max(options.workers, 1) : 1)
    let known: (UInt64) -> Bool = { self.seen.contains($0) }
    var examples: [String: Path<M>] = [:]
    for (i, property) in sometimes.enumerated() {
      if let choices = reached[i] {
        examples[property.name] = try Path.replay(choices, through: model, isKnown: known)
      }
    }
    if let violation {
      let path = try Path.replay(violation.choices, through: model, isKnown: known)
      let final = path.finalState
      for name in violation.properties {
        guard let property = always.first(where: { $0.name == name }), !property.condition(final) else {
          throw .nondeterministicModel(
            step: path.steps.count, action: "the last step",
            detail: "reached a state where '\(name)' holds, though exploration found it false there")
        }
      }
      let (initial, steps) = path.described(by: model)
      let violations = violation.properties.map { name in
        Violation(
          property: name,
          explanation: "'\(name)' is false after \(steps.count) step\(steps.count == 1 ? "" : "s")",
          steps: steps, initialState: initial)
      }
      var counterexamples: [String: Path<M>] = [:]
      for name in violation.properties { counterexamples[name] = path }
      return Exploration(
        verdict: .violated(violations), statistics: statistics, counterexamples: counterexamples,
        examples: examples)
    }
    let verdict: Verdict
    if case .limit(let reason) = stop {
      verdict = .incomplete(reason: reason)
    } else if hitDepthBound, let bound = options.maxDepth {
      verdict = .incomplete(reason: "states at the depth bound of \(bound) had successors (--max-depth)")
    } else if let incompleteReason {
      verdict = .incomplete(reason: incompleteReason)
    } else if exhaustive && unreached > 0 {
      let missing = sometimes.indices.filter { reached[$0] == nil }.map { sometimes[$0].name }
      verdict = .violated(
        missing.map {
          Violation(
            property: $0,
            explanation: "no reachable state satisfies '\($0)' (\(count) states explored)")
        })
    } else {
      verdict = .holds
    }
    return Exploration(verdict: verdict, statistics: statistics, counterexamples: [:], examples: examples)
  }
}
