/// Numbers the fair actions of a model, so that the liveness check can tell that an action
/// enabled in one state is the one taken in another.
///
/// Actions are recognised by equality, so fair actions must be `Hashable`. The table comes from
/// `Model.actionNumbering()`, whose default is chosen when a model conforms: a model with
/// hashable actions gets a dictionary specialised for its action type, so the check compares
/// actions with their own `==` rather than through `AnyHashable` and the runtime's generic
/// metadata (the liveness pass spent most of its time there). A model whose actions are not
/// hashable gets none, which is an error only if it declares a fair action.
///
/// A model that labels its steps itself (`Model.forEachSuccessor(of:scratch:fairActions:_:)`)
/// may keep the numbers this table gives, as long as it keeps them for this table only
/// (`identity`): the System layer numbers each cached handler event once.
public struct FairActionTable<Action> {
  @usableFromInline let numbering: ActionNumbering<Action>?
  /// The fairness of each numbered action.
  @usableFromInline var fairness: [Fairness] = []

  /// The number given to a fair action that cannot be numbered: the model's actions are not
  /// `Hashable`, so the liveness check cannot run (`checkedNumber(_:)` says why).
  public static var unnumbered: Int32 { -2 }

  /// An empty table for the actions of `model`, numbered as `model.actionNumbering()` says.
  @inlinable public init<M: Model>(model: M) where M.Action == Action {
    numbering = model.actionNumbering()
  }

  /// What tells this table from every other one while it lives: a number kept for an action
  /// is this table's number only.
  @inlinable public var identity: ObjectIdentifier? { numbering.map { ObjectIdentifier($0.numbers) } }

  /// The number of `action`, which has `fairness` where it is taken: -1 when it is not fair,
  /// `unnumbered` when it is fair but the model's actions cannot be numbered.
  @inlinable public mutating func number(of action: Action, fairness: Fairness) -> Int32 {
    if fairness == .none { return -1 }
    guard let numbering else { return Self.unnumbered }
    let (number, isNew) = numbering.number(action)
    if isNew { self.fairness.append(fairness) }
    return number
  }

  /// `number`, unless it is `unnumbered`, which fails with what the model must change.
  @inlinable static func checkedNumber(_ number: Int32) throws(FaultlineError) -> Int32 {
    guard number == unnumbered else { return number }
    throw .invalidModel(
      "the action type \(Action.self) must be Hashable for liveness: a fair action is recognised "
        + "by equality in every state where it is enabled")
  }
}

/// Gives each distinct action a number, 0, 1, 2, … in the order first seen: how the liveness
/// check recognises an action across states. Made by `Model.actionNumbering()`; a model never
/// needs to build one itself.
public struct ActionNumbering<Action> {
  /// The action's number, and whether it was given just now.
  @usableFromInline let number: (Action) -> (Int32, isNew: Bool)
  /// Where the numbers are kept: its identity is the numbering's.
  @usableFromInline let numbers: AnyObject

  @inlinable init(numbers: AnyObject, number: @escaping (Action) -> (Int32, isNew: Bool)) {
    self.numbers = numbers
    self.number = number
  }
}

extension ActionNumbering where Action: Hashable {
  /// Numbers actions by equality, in a dictionary specialised for `Action`.
  @inlinable public static func byEquality() -> ActionNumbering {
    let numbers = ActionNumbers<Action>()
    return ActionNumbering(numbers: numbers) { numbers.number(of: $0) }
  }
}

extension ActionNumbering {
  /// Numbers actions by a key of the model's choosing: actions with equal keys are one action to
  /// fairness. For a model whose actions carry data that a fair behaviour need not keep equal,
  /// such as a one-message channel's delivery, which is owed whatever the message is
  /// (`System.actionNumbering()`).
  @inlinable public static func byKey<Key: Hashable>(_ key: @escaping (Action) -> Key) -> ActionNumbering {
    let numbers = ActionNumbers<Key>()
    return ActionNumbering(numbers: numbers) { numbers.number(of: key($0)) }
  }
}

/// The numbers given so far; a class, so that the closure of `ActionNumbering` can add to it.
@usableFromInline
final class ActionNumbers<Action: Hashable> {
  @usableFromInline var numbers: [Action: Int32] = [:]

  @inlinable init() {}

  @inlinable func number(of action: Action) -> (Int32, isNew: Bool) {
    let next = Int32(truncatingIfNeeded: numbers.count)
    let number = numbers[action, default: next]
    if number == next { numbers[action] = next }
    return (number, number == next)
  }
}
