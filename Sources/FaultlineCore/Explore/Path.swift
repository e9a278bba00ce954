/// A run of the model from an initial state: the actions taken and the states they reached.
///
/// A liveness counterexample is a lasso: `cycleStart` says where a cycle begins, and the steps
/// from there on lead back to the state they started from and repeat forever.
///
/// Paths are rebuilt from compact parent links by replaying the recorded action choices
/// through the model, so the states are recomputed, never stored during exploration.
public struct Path<M: Model>: Sendable {
  /// One step: the action taken and the state it reached.
  public struct Step: Sendable {
    /// The action taken.
    public var action: M.Action
    /// The state after the action.
    public var state: M.State
  }

  /// The initial state the path starts from.
  public var initialState: M.State
  /// The steps, in order.
  public var steps: [Step]
  /// The choices that replay this path: the initial state's index, then each action's index
  /// among the actions enabled at that point.
  public var choices: [Int]
  /// For a lasso, the index in `steps` of the cycle's first step: the steps from there on
  /// return to the state reached after `cycleStart` steps (the initial state when 0) and repeat
  /// forever. Nil for a finite path.
  public var cycleStart: Int? = nil

  /// The state at the end of the path.
  public var finalState: M.State { steps.last?.state ?? initialState }

  /// The state after `count` steps: the initial state for 0.
  public func state(after count: Int) -> M.State {
    count == 0 ? initialState : steps[count - 1].state
  }

  /// Replays `choices` through `model`, checking that every step is reproducible.
  ///
  /// `isKnown` tells whether a fingerprint was seen during exploration; a replayed state that
  /// was never seen means the model is not a function of state and action. Choices that do not
  /// fit the model are blamed on the model here, since exploration recorded them.
  public static func replay(
    _ choices: [Int], through model: M, isKnown: (UInt64) -> Bool = { _ in true }
  ) throws(FaultlineError) -> Path<M> {
    try replay(choices, through: model, isKnown: isKnown, given: false)
  }

  /// Replays choices a person gave (`--replay`): a choice that does not fit the model is a
  /// mistake in the choices, reported with the step and the actions enabled there.
  public static func replay(given choices: [Int], through model: M) throws(FaultlineError) -> Path<M> {
    try replay(choices, through: model, isKnown: { _ in true }, given: true)
  }

  static func replay(
    _ choices: [Int], through model: M, isKnown: (UInt64) -> Bool, given: Bool
  ) throws(FaultlineError) -> Path<M> {
    let initials = model.initialStates
    guard let first = choices.first, initials.indices.contains(first) else {
      if given {
        throw .invalidReplay(
          step: 0, choice: choices.first ?? -1, enabled: initials.indices.map { "initial state \($0)" })
      }
      throw .nondeterministicModel(
        step: 0, action: "initial state", detail: "found no initial state number \(choices.first ?? -1)")
    }
    var state = initials[first]
    var steps: [Step] = []
    steps.reserveCapacity(choices.count - 1)
    var enabled: [M.Action] = []
    for (offset, choice) in choices.dropFirst().enumerated() {
      enabled.removeAll(keepingCapacity: true)
      model.actions(from: state, into: &enabled)
      guard enabled.indices.contains(choice) else {
        if given {
          throw .invalidReplay(
            step: offset + 1, choice: choice, enabled: enabled.map { model.describe($0).text })
        }
        throw .nondeterministicModel(
          step: offset + 1, action: "action number \(choice)",
          detail: "found only \(enabled.count) enabled actions where exploration saw more")
      }
      let action = enabled[choice]
      guard let next = model.successor(of: state, via: action) else {
        if given {
          throw .invalidReplay(
            step: offset + 1, choice: choice, enabled: enabled.map { model.describe($0).text },
            detail: "action \(choice) (\(model.describe(action).text)) has no successor there")
        }
        throw .nondeterministicModel(
          step: offset + 1, action: model.describe(action).action,
          detail: "gave no successor where exploration found one")
      }
      guard isKnown(model.fingerprint(of: next)) else {
        throw .nondeterministicModel(
          step: offset + 1, action: model.describe(action).action,
          detail: "reached a state that exploration never saw")
      }
      steps.append(Step(action: action, state: next))
      state = next
    }
    return Path(initialState: initials[first], steps: steps, choices: choices)
  }

  /// The path in people's terms: the initial state's variables and, for each step, who did
  /// what and which variables changed.
  public func described(by model: M) -> (initialState: [StateVariable], steps: [FaultlineCore.Step]) {
    var previous = model.describe(initialState)
    let initial = previous
    var before = initialState
    var described: [FaultlineCore.Step] = []
    for step in steps {
      let current = model.describe(step.state)
      let action = model.describe(step.action, from: before, to: step.state)
      described.append(
        FaultlineCore.Step(
          process: action.process, action: action.action, changes: Change.between(previous, current),
          events: action.events))
      previous = current
      before = step.state
    }
    return (initial, described)
  }
}

/// The choices that reach state `index` by following parent links (`UInt32.max` marks an
/// initial state): the initial state's index, then each action's index. Shared by the safety
/// search and the liveness graph, which keep their links in the same two arrays.
@usableFromInline
func choicesAlongParents(to index: Int, parents: [UInt32], choices: [UInt16]) -> [Int] {
  var result: [Int] = []
  var current = index
  while true {
    result.append(Int(choices[current]))
    let parent = parents[current]
    if parent == UInt32.max { break }
    current = Int(parent)
  }
  return result.reversed()
}
