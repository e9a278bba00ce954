import Faultline

/// A tiny protocol that exercises every part of the System layer: process 0 may once send
/// `a` and then `b` to every other process (one broadcast of 2(n-1) sends) and remembers it in
/// stable storage; receivers record up to two messages in order; process 1 sets a timer at
/// start and notes when it fires.
struct Relay: SystemProcess {
  enum Message: Int, Hashable, Comparable, Sendable, Fingerprintable {
    case a, b
    static func < (x: Message, y: Message) -> Bool { x.rawValue < y.rawValue }
  }
  enum Timer: Int, Hashable, Comparable, Sendable, Fingerprintable {
    case tick
    static func < (x: Timer, y: Timer) -> Bool { x.rawValue < y.rawValue }
  }
  enum Choice: Hashable, Sendable { case go }
  typealias Stable = Bool
  typealias Value = Int

  struct LocalState: Hashable, Sendable, Fingerprintable {
    var went = false
    var received: [Message] = []
    var ticked = false
    func fingerprint(into f: inout Fingerprinter) {
      f.combine(went)
      f.combine(received)
      f.combine(ticked)
    }
  }

  func start(_ context: inout Context<Relay>) -> LocalState {
    if context.id == 1 { context.setTimer(.tick) }
    return LocalState()
  }

  func choices(in state: LocalState, _ context: Context<Relay>) -> [Choice] {
    context.id == 0 && !state.went ? [.go] : []
  }

  func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Relay>) {
    state.went = true
    context.store(true)
    context.send(.a, to: context.others)
    context.send(.b, to: context.others)
  }

  func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Relay>
  ) {
    if state.received.count < 2 { state.received.append(message) }
  }

  func fire(_ timer: Timer, in state: inout LocalState, _ context: inout Context<Relay>) {
    state.ticked = true
  }

  func recover(_ context: inout Context<Relay>) -> LocalState {
    if context.id == 0 { return LocalState(went: context.stable ?? false) }
    return start(&context)
  }
}

/// The fault and network settings of one test case.
struct RelayCase: Sendable, CustomStringConvertible {
  var name: String
  var processes: Int
  var network: NetworkSemantics
  var faults: Faults = .none
  var detector: FailureDetector = .none
  var description: String { name }

  func system() throws -> System<Relay> {
    try System(
      processes: Array(repeating: Relay(), count: processes), network: network, faults: faults,
      detector: detector)
  }
}
