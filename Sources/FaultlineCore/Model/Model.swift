/// A transition system to explore: initial states, enabled actions, next states and properties.
///
/// A model is a value that holds its parameters; the explorer is generic over it and gets
/// specialised, so `actions(from:into:)` and `successor(of:via:)` are direct calls in the hot loop.
///
/// ```swift
/// struct Counter: Model {
///   var limit = 3
///   var initialStates: [Int] { [0] }
///   func actions(from state: Int, into actions: inout [String]) {
///     if state < limit { actions.append("increment") }
///   }
///   func successor(of state: Int, via action: String) -> Int? { state + 1 }
///   var properties: [Property<Int>] {
///     [.always("within limit") { $0 <= limit }, .sometimes("reaches limit") { $0 == limit }]
///   }
/// }
/// ```
public protocol Model: Sendable {
  /// A state of the whole system; states that compare equal are the same state.
  associatedtype State: Hashable & Sendable & Fingerprintable
  /// Something that can happen in a state.
  associatedtype Action: Sendable

  /// The states the system may start in.
  var initialStates: [State] { get }

  /// Appends the actions enabled in `state` to `actions`, in a deterministic order.
  func actions(from state: State, into actions: inout [Action])

  /// The state reached by taking `action` in `state`, or nil if the action changes nothing
  /// and should be ignored. It must be a function of its arguments: replaying a path relies on it.
  func successor(of state: State, via action: Action) -> State?

  /// The properties every exploration of this model checks.
  var properties: [Property<State>] { get }

  /// Whether a behaviour may ignore `action` forever while it stays enabled; only liveness
  /// properties depend on it. The default is `.none` for every action, as in TLA+.
  func fairness(of action: Action) -> Fairness

  /// The fairness of `action` taken in `state`, for an action whose promise depends on where it
  /// is taken (a failure detector's suspicion is fair only of a crashed process). The default
  /// is `fairness(of:)`.
  func fairness(of action: Action, in state: State) -> Fairness

  /// What bound of the model's own (a number of rounds or ballots that keeps the space finite)
  /// stops `state` from going on as the protocol would, or nil (the default) when none does.
  /// A liveness property is never judged violated by a behaviour that reaches such a state
  /// before its goal: the property is then reported as not determined, since the unbounded
  /// protocol would go on. Only liveness properties depend on it.
  func bound(reachedIn state: State) -> String?

  /// Whether a behaviour may stop (stutter forever) in a state where no fair action is
  /// enabled, as in TLA+: then an unfair action, such as a crash, may simply never happen. When
  /// false (the default), a behaviour goes on while any step is possible, and stops only where
  /// none is. Only liveness properties depend on it.
  var stuttersWithoutFairSteps: Bool { get }

  /// How the liveness check tells one action from another across states. The default, chosen
  /// when the model conforms, numbers `Hashable` actions by equality and gives nil otherwise
  /// (then declaring a fair action is an error); a model never needs to implement it.
  func actionNumbering() -> ActionNumbering<Action>?

  /// Names the process that takes `action` and says what it does, for counterexamples.
  func describe(_ action: Action) -> ActionDescription

  /// Describes `action` taken in `before`, reaching `after`, with the events it caused
  /// (messages, decisions, votes, client operations) for diagrams and traces. The default
  /// describes the action alone.
  func describe(_ action: Action, from before: State, to after: State) -> ActionDescription

  /// Splits `state` into named variables, so a counterexample can show what each step changed.
  func describe(_ state: State) -> [StateVariable]

  /// The state's 64-bit fingerprint; override it only for a faster equivalent of the default.
  func fingerprint(of state: State) -> UInt64

  /// A copy of the model for one search thread. A model that remembers work in caches that
  /// are not safe to share returns a copy with caches of its own; the default is the model.
  func worker() -> Self

  /// The number of 32-bit words `pack(_:into:)` writes a state in, or 0 (the default) to keep
  /// whole states in the search frontier. A model whose states carry more than they need to
  /// be rebuilt (pointers or counts shared by every state) packs them so that a wide
  /// breadth-first level takes less memory.
  var packedStateWords: Int { get }

  /// Writes `state` into `words`, `packedStateWords` of them; called only when that is not 0.
  func pack(_ state: State, into words: UnsafeMutablePointer<UInt32>)

  /// The state that `pack(_:into:)` wrote into `words`; called only when `packedStateWords`
  /// is not 0.
  func unpack(_ words: UnsafePointer<UInt32>) -> State

  /// Calls `body` with each enabled action's index among those `actions(from:into:)` lists and
  /// its successor, in that order, and returns how many actions it lists; `scratch` is a
  /// buffer the caller keeps between calls. The default lists the actions into `scratch` and
  /// takes each one; a model may go straight to its successors, as long as the indices and
  /// states are those the two requirements give (paths are replayed through them).
  func forEachSuccessor(
    of state: State, scratch: inout [Action], _ body: (_ choice: Int, _ successor: State) -> Void
  )
    -> Int

  /// As `forEachSuccessor(of:scratch:_:)`, with each step's number in `fairActions` (-1 for a
  /// step that is not fair where it is taken): the edges the liveness check records. It must
  /// call `body` for the same steps in the same order as `forEachSuccessor(of:scratch:_:)`. The
  /// default lists the actions and numbers each one by its `fairness(of:in:)`.
  func forEachSuccessor(
    of state: State, scratch: inout [Action], fairActions: inout FairActionTable<Action>,
    _ body: (_ choice: Int, _ successor: State, _ fairAction: Int32) -> Void
  ) -> Int
}

extension Model {
  /// Describes an action by its printed form, with no process.
  public func describe(_ action: Action) -> ActionDescription {
    ActionDescription(process: nil, action: String(describing: action))
  }

  /// Describes the action alone, with no events.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    describe(action)
  }

  /// Describes a state by reflecting over its stored properties.
  public func describe(_ state: State) -> [StateVariable] {
    StateReflection.variables(of: state)
  }

  /// Fingerprints the state with the fixed hash of `Fingerprintable`.
  public func fingerprint(of state: State) -> UInt64 {
    var hasher = Fingerprinter()
    state.fingerprint(into: &hasher)
    return hasher.finalize()
  }

  /// No action is fair.
  public func fairness(of action: Action) -> Fairness { .none }

  /// The fairness of the action wherever it is taken.
  @inlinable public func fairness(of action: Action, in state: State) -> Fairness { fairness(of: action) }

  /// No bound: every state goes on as the protocol would.
  @inlinable public func bound(reachedIn state: State) -> String? { nil }

  /// A behaviour goes on while any step is possible.
  public var stuttersWithoutFairSteps: Bool { false }

  /// No numbering: actions that are not `Hashable` cannot be told apart.
  @inlinable public func actionNumbering() -> ActionNumbering<Action>? { nil }

  /// The model itself: it keeps no caches.
  public func worker() -> Self { self }

  /// Whole states in the frontier.
  public var packedStateWords: Int { 0 }

  /// Never called, since `packedStateWords` is 0.
  public func pack(_ state: State, into words: UnsafeMutablePointer<UInt32>) {
    preconditionFailure("pack(_:into:) needs packedStateWords > 0 and an implementation")
  }

  /// Never called, since `packedStateWords` is 0.
  public func unpack(_ words: UnsafePointer<UInt32>) -> State {
    preconditionFailure("unpack(_:) needs packedStateWords > 0 and an implementation")
  }

  /// Lists the actions into `scratch`, then takes each one.
  @inlinable @discardableResult
  public func forEachSuccessor(
    of state: State, scratch actions: inout [Action], _ body: (_ choice: Int, _ successor: State) -> Void
  ) -> Int {
    actions.removeAll(keepingCapacity: true)
    self.actions(from: state, into: &actions)
    for choice in actions.indices {
      if let successor = successor(of: state, via: actions[choice]) { body(choice, successor) }
    }
    return actions.count
  }

  /// Lists the actions into `scratch`, then takes and numbers each one.
  @inlinable @discardableResult
  public func forEachSuccessor(
    of state: State, scratch actions: inout [Action], fairActions: inout FairActionTable<Action>,
    _ body: (_ choice: Int, _ successor: State, _ fairAction: Int32) -> Void
  ) -> Int {
    actions.removeAll(keepingCapacity: true)
    self.actions(from: state, into: &actions)
    for choice in actions.indices {
      guard let successor = successor(of: state, via: actions[choice]) else { continue }
      let action = actions[choice]
      body(choice, successor, fairActions.number(of: action, fairness: fairness(of: action, in: state)))
    }
    return actions.count
  }

  /// The actions enabled in `state`, as a new array.
  public func actions(from state: State) -> [Action] {
    var list: [Action] = []
    actions(from: state, into: &list)
    return list
  }
}

extension Model where Action: Hashable {
  /// Numbers actions by equality, specialised for the model's action type.
  @inlinable public func actionNumbering() -> ActionNumbering<Action>? { .byEquality() }
}
