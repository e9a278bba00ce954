import Faultline
import Testing

/// A system of more than 14 processes keeps part of its state outside the inline vector
/// (`SystemKey`); these cases check it against counts worked out by hand.
@Suite struct LargeSystemTests {
  /// Processes at or above `firstFlipper` may each flip a flag once and tell process 0.
  struct Flipper: SystemProcess {
    let firstFlipper: Int
    enum Message: Int, Hashable, Comparable, Sendable, Fingerprintable {
      case flipped
      static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }
    }
    func start(_ context: inout Context<Flipper>) -> Int { 0 }
    func receive(_ message: Message, from sender: Int, in state: inout Int, _ context: inout Context<Flipper>)
    {
      state += 1
    }
    func choices(in state: Int, _ context: Context<Flipper>) -> [Bool] {
      context.id >= firstFlipper && state == 0 ? [true] : []
    }
    func take(_ choice: Bool, in state: inout Int, _ context: inout Context<Flipper>) {
      state = 1
      context.send(.flipped, to: 0)
    }
  }

  struct Case: Sendable, CustomStringConvertible {
    var processes: Int
    var flippers: Int
    var symmetric: Bool
    /// Worked out by hand: each flipper is working, flipped with its message in flight, or
    /// flipped and counted by process 0 (3^k states); up to renaming, a multiset of those
    /// three kinds over k flippers, C(k + 2, 2).
    var expected: Int
    var description: String {
      "\(processes) processes, \(flippers) flippers\(symmetric ? ", symmetric" : "")"
    }
  }

  static let cases = [
    Case(processes: 16, flippers: 3, symmetric: false, expected: 27),
    Case(processes: 16, flippers: 3, symmetric: true, expected: 10),
    Case(processes: 20, flippers: 4, symmetric: false, expected: 81),
    Case(processes: 14, flippers: 2, symmetric: false, expected: 9),
  ]

  @Test(arguments: cases)
  func statesBeyondTheInlineVectorAreCounted(_ c: Case) throws {
    let first = c.processes - c.flippers
    let system = try System(
      processes: Array(repeating: Flipper(firstFlipper: first), count: c.processes), network: .unordered,
      symmetric: c.symmetric ? Array(first..<c.processes) : [],
      properties: [.always("process 0 counts only flips") { $0.locals[0] <= c.flippers }])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    #expect(exploration.statistics.distinctStates == c.expected)
  }
}
