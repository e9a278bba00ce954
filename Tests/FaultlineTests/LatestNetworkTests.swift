import Faultline
import Testing

/// Process 0 keeps replacing its one message to process 1 (its `tick` choice is always open and
/// weakly fair); process 1 notes that something arrived.
struct Ticker: SystemProcess {
  enum Message: Int, Hashable, Comparable, Sendable {
    case even, odd
    static func < (x: Message, y: Message) -> Bool { x.rawValue < y.rawValue }
  }
  enum Choice: Hashable, Sendable { case tick }
  typealias LocalState = Int

  func start(_ context: inout Context<Ticker>) -> Int { 0 }

  func choices(in state: Int, _ context: Context<Ticker>) -> [Choice] { context.id == 0 ? [.tick] : [] }

  func take(_ choice: Choice, in state: inout Int, _ context: inout Context<Ticker>) {
    state = 1 - state
    context.send(state == 0 ? .even : .odd, to: 1)
  }

  func receive(_ message: Message, from sender: Int, in state: inout Int, _ context: inout Context<Ticker>) {
    state = 1
  }
}

@Suite struct LatestNetworkTests {
  /// On a `latest` network a channel owes a delivery while it stays non-empty, whatever it holds:
  /// process 0 may replace its message for ever, but the channel is never empty, so something
  /// arrives. Were deliveries told apart by message, each would be enabled only until replaced,
  /// and "tick for ever" would be a fair behaviour in which nothing arrives.
  @Test func aChannelThatStaysNonEmptyDelivers() throws {
    let system = try System(
      processes: [Ticker(), Ticker()], network: .latest,
      properties: [.eventually("something arrives") { $0.locals[1] == 1 }])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    // Process 0's bit, the channel (empty, even or odd) and process 1's bit: three states before
    // anything arrives ((0, empty, 0), (1, odd, 0), (0, even, 0)) and four after.
    #expect(exploration.statistics.distinctStates == 7)
  }

  /// Sending replaces what is in flight on the channel; a message on another channel stays.
  @Test func sendingReplacesTheChannelsMessage() throws {
    let system = try System(processes: [Ticker(), Ticker()], network: .latest)
    var state = try #require(system.initialStates.first)
    for _ in 0..<3 {
      let tick = SystemAction<Ticker>.handle(.choose(process: 0, choice: .tick), crashKeeping: nil)
      state = try #require(system.successor(of: state, via: tick))
    }
    #expect(state.network.map(\.message) == [.odd])
  }
}
