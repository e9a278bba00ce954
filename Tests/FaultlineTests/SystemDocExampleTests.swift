import Faultline
import Testing

// The example of docs/system.md, kept here so it stays compilable and correct.

/// Best-effort broadcast: process 0 broadcasts one value; everyone delivers what they receive.
struct EagerBroadcast: SystemProcess {
  enum Message: Int, Hashable, Comparable, Sendable {
    case value
    static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }
  }
  enum Choice: Hashable, Sendable { case broadcast }
  typealias Value = Int

  struct LocalState: Hashable, Sendable {
    var sent = false
    var delivered = false
  }

  /// Relay on first receipt: with `relay`, uniform reliable-broadcast agreement survives crashes.
  var relay: Bool

  func start(_ context: inout Context<EagerBroadcast>) -> LocalState { LocalState() }

  func choices(in state: LocalState, _ context: Context<EagerBroadcast>) -> [Choice] {
    context.id == 0 && !state.sent ? [.broadcast] : []
  }

  func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<EagerBroadcast>) {
    state.sent = true
    state.delivered = true
    context.broadcastRequest(7)
    context.deliver(7)
    context.broadcast(.value)
  }

  func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<EagerBroadcast>
  ) {
    guard !state.delivered else { return }
    state.delivered = true
    if relay { context.broadcast(.value) }
    context.deliver(7)
  }
}

/// Every live process delivered, once the network is empty: a safety check of agreement.
func allOrNothing<P>() -> Property<SystemState<P>> {
  .always("live processes agree on delivery") { state in
    guard state.network.isEmpty else { return true }
    let delivered = state.live.members.map { !state.deliveries(of: $0).isEmpty }
    return delivered.allSatisfy { $0 } || delivered.allSatisfy { !$0 }
  }
}

@Suite struct SystemDocExampleTests {
  @Test(arguments: [(false, false), (true, true)])
  func relayingMakesBroadcastReliable(relay: Bool, holds: Bool) throws {
    let system = try System(
      processes: Array(repeating: EagerBroadcast(relay: relay), count: 3),
      network: .unordered,
      faults: Faults(crashes: 1, crashDuringSends: true),
      properties: [allOrNothing()] + SystemProperties.integrity())
    let exploration = try Explorer(system).run()
    #expect((exploration.verdict == .holds) == holds)
  }
}
