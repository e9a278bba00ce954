extension Path {
  /// The behaviour this path stands for, if it violates the liveness `property` of `model`
  /// under the model's fairness: a lasso (the last state repeats the state after `cycleStart`
  /// steps, and the steps from there repeat forever), or a path that stops in a state with no
  /// successor. Nil when the path shows no violation: a finite path proves nothing about
  /// liveness unless it closes a fair loop or stops.
  ///
  /// Used to judge a replayed counterexample (`--replay`), which carries only its choices: every
  /// earlier occurrence of the last state is tried as the cycle's start.
  func livenessViolation(of property: Property<M.State>, in model: M) throws(FaultlineError) -> Lasso? {
    let states = [initialState] + steps.map(\.state)
    // Past the model's own bound the path is no longer the protocol's behaviour.
    guard !states.contains(where: { model.bound(reachedIn: $0) != nil }) else { return nil }
    let end = steps.count
    let goal = states.map(property.condition)
    // The first position from which the goal stays false to the end, and the triggers.
    var quietFrom = end + 1
    while quietFrom > 0 && !goal[quietFrom - 1] { quietFrom -= 1 }
    let triggered = states.indices.filter { property.trigger?(states[$0]) ?? true }
    /// The step where the property is triggered and never followed, if the goal stays false
    /// from `start` (the cycle's start, or the end of a stopping path) on.
    func entry(ifQuietFrom start: Int) -> Int? {
      guard property.expectation == .leadsTo else { return quietFrom == 0 ? 0 : nil }
      return triggered.first { min($0, start) >= quietFrom }
    }
    let successors = model.actions(from: states[end]).filter {
      model.successor(of: states[end], via: $0) != nil
    }
    // A behaviour stops where no step is possible or, stuttering, where no fair one is.
    let stops =
      successors.isEmpty
      || (model.stuttersWithoutFairSteps
        && successors.allSatisfy { model.fairness(of: $0, in: states[end]) == .none })
    if stops {
      return entry(ifQuietFrom: end).map { Lasso(choices: choices, cycleStart: nil, entrySteps: $0) }
    }
    var table = FairActionTable(model: model)
    for start in 0..<end where states[start] == states[end] {
      guard let entrySteps = entry(ifQuietFrom: start) else { continue }
      var taken: Set<Int32> = []
      for index in start..<end {
        let action = steps[index].action
        taken.insert(
          try FairActionTable<M.Action>.checkedNumber(
            table.number(of: action, fairness: model.fairness(of: action, in: states[index]))))
      }
      var enabledIn: [Int32: Int] = [:]
      for state in states[start..<end] {
        var here: Set<Int32> = []
        for action in model.actions(from: state) where model.successor(of: state, via: action) != nil {
          let number = try FairActionTable<M.Action>.checkedNumber(
            table.number(of: action, fairness: model.fairness(of: action, in: state)))
          if number >= 0 { here.insert(number) }
        }
        for number in here { enabledIn[number, default: 0] += 1 }
      }
      let fair = enabledIn.allSatisfy { number, count in
        taken.contains(number)
          || (table.fairness[Int(number)] == .weak && count < end - start)
      }
      if fair { return Lasso(choices: choices, cycleStart: start, entrySteps: entrySteps) }
    }
    return nil
  }
}
