import Faultline
import Testing

/// A process that makes a scripted list of outputs in its start step, so that a system's
/// initial state carries any run's broadcasts and deliveries, for testing properties alone.
struct ScriptedOutputs: SystemProcess {
  enum Message: Int, Hashable, Comparable, Sendable {
    case unused
    static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }
  }
  enum Output: Sendable {
    case broadcast(Int)
    case deliver(Int)
  }
  typealias Value = Int

  var script: [Output]

  func start(_ context: inout Context<ScriptedOutputs>) -> Int {
    for output in script {
      switch output {
      case .broadcast(let value): context.broadcastRequest(value)
      case .deliver(let value): context.deliver(value)
      }
    }
    return 0
  }

  func receive(
    _ message: Message, from sender: Int, in state: inout Int, _ context: inout Context<ScriptedOutputs>
  ) {}
}

@Suite struct BroadcastOrderTests {
  /// A run's outputs per process, and whether FIFO and causal order hold, worked out by hand.
  struct Case: Sendable, CustomStringConvertible {
    var description: String
    var outputs: [[ScriptedOutputs.Output]]
    var fifo: Bool
    var causal: Bool
  }

  static let cases: [Case] = [
    Case(
      description: "two concurrent broadcasts, delivered in opposite orders",
      outputs: [[.broadcast(1), .deliver(1), .deliver(2)], [.broadcast(2), .deliver(2), .deliver(1)]],
      fifo: true, causal: true),
    Case(
      description: "a sender's second message delivered before its first",
      outputs: [[.broadcast(1), .deliver(1), .broadcast(2), .deliver(2)], [.deliver(2), .deliver(1)]],
      fifo: false, causal: false),
    Case(
      description: "p1 broadcasts after delivering p0's message; p2 delivers p1's alone",
      outputs: [[.broadcast(1), .deliver(1)], [.deliver(1), .broadcast(2), .deliver(2)], [.deliver(2)]],
      fifo: true, causal: false),
    Case(
      description: "the same chain, p2 delivering p0's message first",
      outputs: [
        [.broadcast(1), .deliver(1)], [.deliver(1), .broadcast(2), .deliver(2)], [.deliver(1), .deliver(2)],
      ],
      fifo: true, causal: true),
    Case(
      description: "p1 delivers p0's message only after broadcasting: no order between them",
      outputs: [[.broadcast(1), .deliver(1)], [.broadcast(2), .deliver(2), .deliver(1)], [.deliver(2)]],
      fifo: true, causal: true),
    Case(
      description: "a chain of three: p3 delivers p2's message, which followed p1's and p0's",
      outputs: [
        [.broadcast(1), .deliver(1)], [.deliver(1), .broadcast(2), .deliver(2)],
        [.deliver(1), .deliver(2), .broadcast(3), .deliver(3)], [.deliver(3)],
      ],
      fifo: true, causal: false),
    Case(
      description: "a delivery of a value never broadcast is left to integrity",
      outputs: [[.deliver(9)], [.broadcast(1), .deliver(1)]], fifo: true, causal: true),
    Case(
      description: "a second delivery of an earlier value is left to integrity",
      outputs: [[.broadcast(1), .deliver(1), .broadcast(2), .deliver(2), .deliver(1)]], fifo: true,
      causal: true),
  ]

  @Test(arguments: cases)
  func ordersAreReadFromTheOutputs(_ run: Case) throws {
    let system = try System(
      processes: run.outputs.map(ScriptedOutputs.init), network: .unordered,
      properties: [SystemProperties.fifoOrder(), SystemProperties.causalOrder()])
    let state = try #require(system.initialStates.first)
    #expect(system.properties[0].condition(state) == run.fifo)
    #expect(system.properties[1].condition(state) == run.causal)
  }
}
