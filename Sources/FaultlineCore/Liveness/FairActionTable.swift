/// Numbers the fair actions of a model, so that the liveness check can tell that an action
/// enabled in one state is the one taken in another.
///
/// Actions are recognised by equality, so fair actions must be `Hashable`. The constraint is
/// checked here, at run time, rather than on `Explorer`: the catalogue and `Model.check()` call
/// the explorer from code generic over any `Model`, where an overload constrained to hashable
/// actions would never be chosen and liveness would be skipped without a word. A model that
/// declares no fair action needs no hashable actions at all.
@usableFromInline
struct FairActionTable {
  @usableFromInline var numbers: [AnyHashable: Int32] = [:]
  /// The fairness of each numbered action.
  @usableFromInline var fairness: [Fairness] = []

  @inlinable init() {}

  /// The number of `action`, which has `fairness`; -1 when it is not fair.
  @inlinable mutating func number<Action>(
    of action: Action, fairness: Fairness
  ) throws(FaultlineError) -> Int32 {
    if fairness == .none { return -1 }
    guard let key = action as? AnyHashable else {
      throw .invalidModel(
        "the action type \(Action.self) must be Hashable for liveness: a fair action is recognised "
          + "by equality in every state where it is enabled")
    }
    if let number = numbers[key] { return number }
    let number = Int32(truncatingIfNeeded: self.fairness.count)
    numbers[key] = number
    self.fairness.append(fairness)
    return number
  }
}
