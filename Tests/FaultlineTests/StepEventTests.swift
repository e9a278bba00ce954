import Faultline
import Testing

/// Process 0 may go twice: each time it decides 1, records a yes vote and sends `ping` to every
/// other process, so a step's events are its handler's effects in a known order.
private struct Announcer: SystemProcess {
  enum Message: Int, Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    case ping
    static func < (x: Message, y: Message) -> Bool { x.rawValue < y.rawValue }
    var description: String { "ping" }
  }
  enum Choice: Hashable, Sendable { case go }
  typealias Timer = Nothing
  typealias Stable = Nothing
  typealias Value = Int
  typealias LocalState = Int

  func start(_ context: inout Context<Announcer>) -> Int { 0 }

  func choices(in state: Int, _ context: Context<Announcer>) -> [Choice] {
    context.id == 0 && state < 2 ? [.go] : []
  }

  func take(_ choice: Choice, in state: inout Int, _ context: inout Context<Announcer>) {
    state += 1
    context.decide(1)
    context.record(.vote(transaction: "t", yes: true))
    context.broadcast(.ping)
  }

  func receive(_ message: Message, from sender: Int, in state: inout Int, _ context: inout Context<Announcer>)
  {}
}

/// What one case does before the step whose events it checks.
private struct StepCase: Sendable, CustomStringConvertible {
  var name: String
  var network: NetworkSemantics = .unordered
  var faults: Faults = .none
  /// Steps taken first.
  var before: [System<Announcer>.Action] = []
  /// The step described.
  var step: System<Announcer>.Action
  var expected: [StepEvent]
  var description: String { name }
}

private let go = SystemEvent<Announcer>.choose(process: 0, choice: .go)
private let announced: [StepEvent] = [.decide(.int(1)), .vote(transaction: "t", yes: true)]

private let cases: [StepCase] = [
  StepCase(
    name: "outputs, then recorded events, then sends",
    step: .handle(go, crashKeeping: nil),
    expected: announced + [.send(message: "ping", to: "p1"), .send(message: "ping", to: "p2")]),
  StepCase(
    name: "a crash in mid-step lets out only the kept sends, then crashes",
    faults: Faults(crashes: 1, crashDuringSends: true),
    step: .handle(go, crashKeeping: 0b10),
    expected: announced + [.send(message: "ping", to: "p2"), .crash]),
  StepCase(
    name: "a send to a crashed process is still a send",
    faults: Faults(crashes: 1),
    before: [.crash(process: 2)],
    step: .handle(go, crashKeeping: nil),
    expected: announced + [.send(message: "ping", to: "p1"), .send(message: "ping", to: "p2")]),
  StepCase(
    name: "a resend of a message already in a duplicating network is a send",
    network: .duplicating,
    before: [.handle(go, crashKeeping: nil)],
    step: .handle(go, crashKeeping: nil),
    expected: announced + [.send(message: "ping", to: "p1"), .send(message: "ping", to: "p2")]),
  StepCase(
    name: "a crash between steps is a crash alone",
    faults: Faults(crashes: 1),
    step: .crash(process: 0),
    expected: [.crash]),
]

/// A System step's events are what its handler did, as the handler ran, not a comparison of
/// the states before and after.
@Suite struct StepEventTests {
  @Test(arguments: cases)
  fileprivate func eventsAreTheHandlersEffects(_ test: StepCase) throws {
    let system = try System(
      processes: Array(repeating: Announcer(), count: 3), network: test.network, faults: test.faults)
    var state = try #require(system.initialStates.first)
    for action in test.before { state = try #require(system.successor(of: state, via: action)) }
    let next = try #require(system.successor(of: state, via: test.step))
    #expect(system.describe(test.step, from: state, to: next).events == test.expected)
  }
}
