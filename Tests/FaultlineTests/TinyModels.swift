import Faultline
import Synchronization

/// A counter from 0 up to `limit`: limit + 1 states, depth `limit`.
struct Counter: Model {
  var limit: Int
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [String]) {
    if state < limit { actions.append("increment") }
  }
  func successor(of state: Int, via action: String) -> Int? { state + 1 }
  var properties: [Property<Int>] {
    [.always("within limit") { $0 <= limit }, .sometimes("reaches limit") { $0 == limit }]
  }
}

/// Two counters on a `size` x `size` grid, each step increments one of them: size² states.
/// The invariant "x + y < bad" first fails `bad` steps from the start, on every path.
struct Grid: Model {
  struct State: Hashable, Sendable, Fingerprintable {
    var x: Int
    var y: Int
    func fingerprint(into f: inout Fingerprinter) {
      f.combine(x)
      f.combine(y)
    }
  }
  enum Action: Sendable { case right, up }
  var size: Int
  var bad: Int
  var initialStates: [State] { [State(x: 0, y: 0)] }
  func actions(from state: State, into actions: inout [Action]) {
    if state.x + 1 < size { actions.append(.right) }
    if state.y + 1 < size { actions.append(.up) }
  }
  func successor(of state: State, via action: Action) -> State? {
    action == .right ? State(x: state.x + 1, y: state.y) : State(x: state.x, y: state.y + 1)
  }
  var properties: [Property<State>] { [.always("sum below \(bad)") { $0.x + $0.y < bad }] }
  func describe(_ action: Action) -> ActionDescription {
    ActionDescription(process: action == .right ? "x" : "y", action: "increments")
  }
}

/// State 0 reaches `length` the long way (0, 1, 2, ..., `length`) or by a two-step shortcut
/// through state -1; depth-first takes the first action first, so it goes the long way.
struct Shortcut: Model {
  var length: Int
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Int]) {
    if state >= 0 && state < length { actions.append(state + 1) }
    if state == 0 { actions.append(-1) }
    if state == -1 { actions.append(length) }
  }
  func successor(of state: Int, via action: Int) -> Int? { action }
  var properties: [Property<Int>] { [.always("never at the end") { $0 != length }] }
}

/// An unbounded counter: infinitely many states, so only limits stop the search.
struct Unbounded: Model {
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Int]) { actions.append(1) }
  func successor(of state: Int, via action: Int) -> Int? { state + action }
  var properties: [Property<Int>] { [.always("non-negative") { $0 >= 0 }] }
}

/// A model whose successor depends on a hidden call counter, so replays disagree with exploration.
final class Forgetful: Model, Sendable {
  let calls = Atomic<Int>(0)
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Int]) {
    if state < 100 { actions.append(1) }
  }
  func successor(of state: Int, via action: Int) -> Int? {
    let call = calls.add(1, ordering: .relaxed).newValue
    return state + (call > 3 ? 10 : 1)
  }
  var properties: [Property<Int>] { [.always("below three") { $0 < 3 }] }
}

/// From state 0, `width` actions lead to states 1...width: more actions than a parent link's
/// 16-bit choice can name when `width` passes 65,536 (choices 0...65,535).
struct Fan: Model {
  var width: Int
  var initialStates: [Int] { [0] }
  func actions(from state: Int, into actions: inout [Int]) {
    if state == 0 { actions.append(contentsOf: 1...width) }
  }
  func successor(of state: Int, via action: Int) -> Int? { action }
  var properties: [Property<Int>] { [.always("any") { _ in true }] }
}
