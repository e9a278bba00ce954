import Faultline

/// A model with its base's transitions and no properties, to count a whole state space.
struct Unchecked<Base: Model>: Model {
  var base: Base
  var initialStates: [Base.State] { base.initialStates }
  func actions(from state: Base.State, into actions: inout [Base.Action]) {
    base.actions(from: state, into: &actions)
  }
  func successor(of state: Base.State, via action: Base.Action) -> Base.State? {
    base.successor(of: state, via: action)
  }
  var properties: [Property<Base.State>] { [] }
}
