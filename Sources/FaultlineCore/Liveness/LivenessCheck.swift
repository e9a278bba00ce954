/// Checks a model's liveness properties (`eventually`, `leadsTo`): a breadth-first search that
/// checks the safety properties and keeps every edge (`StateGraph.explore`), then a search for
/// fair behaviours that never reach each property's goal (`FairCycleSearch`).
///
/// The graph is recorded by the safety search itself, so the state space is explored once; that
/// search runs on one thread, whatever `--workers` says, since the graph is numbered in the order
/// states are discovered. A depth-first check explores again breadth first for the graph.
extension Explorer {
  /// Whether this run checks liveness properties, and which.
  @inlinable var livenessProperties: [Property<M.State>] {
    options.checksLiveness ? model.properties.filter { $0.expectation.isLiveness } : []
  }

  /// The breadth-first search with the liveness properties decided, when the safety search
  /// allows it: an incomplete search, or one stopped by an invariant's violation, leaves them
  /// undecided.
  @inlinable
  func breadthFirstWithLiveness(_ liveness: [Property<M.State>]) throws(FaultlineError) -> Exploration<M> {
    let (safety, graph) = try StateGraph.explore(model, liveness: liveness, options: options)
    return try decideLiveness(liveness, after: safety, graph: graph)
  }

  /// The exploration `safety`, found by another strategy, with the liveness properties decided
  /// over a graph explored again breadth first.
  @inlinable
  func checkLiveness(_ liveness: [Property<M.State>], after safety: Exploration<M>) throws(FaultlineError)
    -> Exploration<M>
  {
    guard LivenessCheck.allowsLiveness(safety) else { return safety }
    let start = ContinuousClock.now
    let (explored, graph) = try StateGraph.explore(
      model, liveness: liveness, options: options, spent: safety.statistics.seconds)
    guard graph != nil else {
      guard case .incomplete(let reason) = explored.verdict else {
        return LivenessCheck.undecided(safety, reason: "the breadth-first search for the graph stopped")
      }
      return LivenessCheck.undecided(safety, reason: reason)
    }
    return try decideLiveness(liveness, after: safety, graph: graph, since: start)
  }

  /// `safety` with the liveness properties decided over `graph`, or left undecided where the
  /// safety search does not allow them or the graph could not be built. The time since `start`
  /// (a graph built after `safety`) is added to `safety`'s.
  @inlinable
  func decideLiveness(
    _ liveness: [Property<M.State>], after safety: Exploration<M>, graph: StateGraph?,
    since start: ContinuousClock.Instant = .now
  ) throws(FaultlineError) -> Exploration<M> {
    guard LivenessCheck.allowsLiveness(safety), let graph else { return safety }
    return try LivenessCheck.decide(
      safety, graph: graph, liveness: liveness, model: model, options: options, since: start)
  }
}

/// The parts of the liveness check that need not be specialised for a model.
@usableFromInline
enum LivenessCheck {
  /// Whether a safety search's outcome lets the liveness properties be decided: it was
  /// exhaustive, and no invariant was violated (a `sometimes` never reached does not stop it).
  @usableFromInline
  static func allowsLiveness<M: Model>(_ safety: Exploration<M>) -> Bool {
    switch safety.verdict {
    case .incomplete: return false
    case .violated where !safety.counterexamples.isEmpty: return false
    case .holds, .violated: return true
    }
  }

  /// `safety` with the liveness properties left undecided because the check stopped.
  @usableFromInline
  static func undecided<M: Model>(_ safety: Exploration<M>, reason: String) -> Exploration<M> {
    var result = safety
    if case .holds = safety.verdict {
      result.verdict = .incomplete(reason: "\(reason), while checking liveness")
    }
    return result
  }

  /// `safety` with the verdicts of the `liveness` properties over `graph`, which took since
  /// `start` to build. Runs once per check, so it need not be specialised.
  @usableFromInline
  static func decide<M: Model>(
    _ safety: Exploration<M>, graph: StateGraph, liveness: [Property<M.State>], model: M,
    options: ExplorerOptions, since start: ContinuousClock.Instant
  ) throws(FaultlineError) -> Exploration<M> {
    let elapsed = safety.statistics.seconds
    let found: Findings
    switch Self.lassos(
      in: graph, expectations: liveness.map(\.expectation),
      shouldStop: { StateGraph.stopReason(options, elapsed: elapsed, since: start) })
    {
    case .success(let findings): found = findings
    case .failure(let stopped): return undecided(safety, reason: stopped.reason)
    }
    var result = safety
    var violations = safety.verdict.violations
    for (k, property) in liveness.enumerated() {
      if let lasso = found.violations[k] {
        let path = try replay(lasso, of: property, through: model, graph: graph)
        violations.append(violation(property, path: path, lasso: lasso, model: model))
        result.counterexamples[property.name] = path
      } else if let toBound = found.bounds[k] {
        result.undeterminedLiveness[property.name] = try boundReason(
          toBound, of: property, through: model, graph: graph)
      }
    }
    if !violations.isEmpty {
      result.verdict = .violated(violations)
    } else if !result.undeterminedLiveness.isEmpty {
      result.verdict = .incomplete(
        reason: result.undeterminedLiveness.keys.sorted().compactMap { result.undeterminedLiveness[$0] }
          .joined(separator: "; "))
    } else {
      result.verdict = .holds
    }
    result.livenessChecked = true
    let spent = ContinuousClock.now - start
    result.statistics.seconds +=
      Double(spent.components.seconds) + Double(spent.components.attoseconds) * 1e-18
    result.statistics.peakMemoryBytes = ResourceUsage.peakResidentBytes()
    return result
  }

  /// What the fair-cycle search found for each property, by its position in the list.
  struct Findings {
    /// The lasso of each violated property.
    var violations: [Int: Lasso] = [:]
    /// For each property with no violation that a behaviour leaves undecided by reaching the
    /// model's bound first, the path to that bound.
    var bounds: [Int: Lasso] = [:]
  }

  /// The lasso of each violated property, and the path to the bound of each undetermined one.
  static func lassos(
    in graph: StateGraph, expectations: [PropertyExpectation], shouldStop: @escaping () -> String?
  ) -> Result<Findings, FairCycleSearch.Stopped> {
    var search = FairCycleSearch(graph: graph, shouldStop: shouldStop)
    var found = Findings()
    for (k, expectation) in expectations.enumerated() {
      if let reason = shouldStop() { return .failure(FairCycleSearch.Stopped(reason: reason)) }
      let entries =
        expectation == .leadsTo
        ? (0..<graph.count).filter { graph.triggers[k][$0] } : graph.initials.map { Int($0) }
      switch search.search(goal: graph.conditions[k], entries: entries) {
      case .success(let finding?):
        if case .bound = finding {
          found.bounds[k] = search.lasso(for: finding)
        } else {
          found.violations[k] = search.lasso(for: finding)
        }
      case .success(nil): continue
      case .failure(let stopped): return .failure(stopped)
      }
    }
    return .success(found)
  }

  /// The choices of `lasso`, with its edges' found by taking the successors again, and the
  /// path they replay to, checked state by state against the graph's fingerprints.
  static func replayed<M: Model>(
    _ lasso: Lasso, through model: M, graph: StateGraph
  ) throws(FaultlineError) -> (choices: [Int], path: Path<M>) {
    var choices = lasso.choices
    var state = try Path.replay(choices, through: model).finalState
    for (offset, edge) in lasso.edges.enumerated() {
      let position = lasso.choices.count - 1 + offset
      guard
        let (choice, successor) = StateGraph.step(
          ofEdge: edge, source: lasso.states[position], from: state, through: model, graph: graph)
      else {
        throw .nondeterministicModel(
          step: position + 1, action: "a step of the lasso",
          detail: "found fewer successors than exploration saw")
      }
      choices.append(choice)
      state = successor
    }
    var step = 0
    let path = try Path.replay(
      choices, through: model,
      isKnown: { fingerprint in
        step += 1
        return step < lasso.states.count && graph.fingerprints[lasso.states[step]] == fingerprint
      })
    return (choices, path)
  }

  /// Replays `lasso` and checks that the model agrees with the graph: every state is the one
  /// explored, the goal stays false from the entry on, and the cycle returns where it started
  /// (or the last state has no successor).
  static func replay<M: Model>(
    _ lasso: Lasso, of property: Property<M.State>, through model: M, graph: StateGraph
  ) throws(FaultlineError) -> Path<M> {
    var path = try replayed(lasso, through: model, graph: graph).path
    path.cycleStart = lasso.cycleStart
    func disagree(_ detail: String) -> FaultlineError {
      .nondeterministicModel(
        step: path.steps.count, action: "the lasso of '\(property.name)'", detail: detail)
    }
    if let trigger = property.trigger, property.expectation == .leadsTo,
      !trigger(path.state(after: lasso.entrySteps))
    {
      throw disagree("reached a state where the trigger is false, though exploration found it true")
    }
    for count in lasso.entrySteps...path.steps.count where property.condition(path.state(after: count)) {
      throw disagree("reached a state where '\(property.name)' holds, though exploration found it false")
    }
    if let cycleStart = lasso.cycleStart {
      guard path.finalState == path.state(after: cycleStart) else {
        throw disagree("did not return to the state where the cycle starts")
      }
    } else if model.actions(from: path.finalState).contains(where: {
      (!model.stuttersWithoutFairSteps || model.fairness(of: $0, in: path.finalState) != .none)
        && model.successor(of: path.finalState, via: $0) != nil
    }) {
      throw disagree("reached a state where the behaviour cannot stop, though exploration found one")
    }
    return path
  }

  /// Why `property` is not determined: `toBound` reaches a state where the model's bound stops
  /// the protocol, with the goal false all the way.
  static func boundReason<M: Model>(
    _ toBound: Lasso, of property: Property<M.State>, through model: M, graph: StateGraph
  ) throws(FaultlineError) -> String {
    let (choices, path) = try replayed(toBound, through: model, graph: graph)
    let bound = model.bound(reachedIn: path.finalState) ?? "a bound of the model"
    let steps = path.steps.count
    return
      "'\(property.name)' is not determined: after \(steps) step\(steps == 1 ? "" : "s") without it, a "
      + "behaviour reaches the model's bound (\(bound)), where the protocol would go on (--replay "
      + choices.map(String.init).joined(separator: ".") + ")"
  }

  /// The violation a person reads for `path`, the lasso of `property`.
  static func violation<M: Model>(
    _ property: Property<M.State>, path: Path<M>, lasso: Lasso, model: M
  ) -> Violation {
    let (initial, steps) = path.described(by: model)
    func count(_ n: Int) -> String { "\(n) step\(n == 1 ? "" : "s")" }
    var explanation =
      property.expectation == .leadsTo
      ? "'\(property.name)' is triggered after \(count(lasso.entrySteps)) and never follows: "
      : "'\(property.name)' never holds: "
    if let cycleStart = lasso.cycleStart {
      explanation +=
        "after \(count(cycleStart)), a cycle of \(count(steps.count - cycleStart)) repeats forever, "
        + "and every fair action is taken in it or disabled somewhere in it"
    } else {
      explanation +=
        model.stuttersWithoutFairSteps
        ? "the behaviour stops in a state where it is false with no fair step left (an unfair one, "
          + "such as a crash, may never happen), after \(count(steps.count))"
        : "the behaviour stops in a state where it is false with no step left, after \(count(steps.count))"
    }
    return Violation(
      property: property.name, explanation: explanation, steps: steps, initialState: initial,
      kind: .liveness, cycleStart: lasso.cycleStart)
  }
}
