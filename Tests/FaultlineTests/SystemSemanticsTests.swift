import Faultline
import Testing

@Suite struct SystemSemanticsTests {
  static let cases: [RelayCase] = [
    RelayCase(name: "fifo", processes: 2, network: .fifo),
    RelayCase(name: "fifo, 3 processes", processes: 3, network: .fifo),
    RelayCase(name: "unordered", processes: 2, network: .unordered),
    RelayCase(name: "unordered, 3 processes", processes: 3, network: .unordered),
    RelayCase(name: "duplicating", processes: 2, network: .duplicating),
    RelayCase(name: "duplicating, 3 processes", processes: 3, network: .duplicating),
    RelayCase(name: "latest", processes: 2, network: .latest),
    RelayCase(name: "latest, 3 processes", processes: 3, network: .latest),
    RelayCase(name: "lossy unordered", processes: 3, network: .lossy),
    RelayCase(name: "lossy fifo", processes: 3, network: NetworkSemantics(delivery: .fifo, lossy: true)),
    RelayCase(
      name: "lossy duplicating", processes: 2, network: NetworkSemantics(delivery: .duplicating, lossy: true)),
    RelayCase(
      name: "partitions", processes: 3, network: NetworkSemantics(delivery: .fifo, partitionEvents: 2)),
    RelayCase(name: "crash-stop", processes: 3, network: .unordered, faults: Faults(crashes: 1)),
    RelayCase(name: "crash-stop, 2 crashes, fifo", processes: 3, network: .fifo, faults: Faults(crashes: 2)),
    RelayCase(
      name: "crash in mid-broadcast", processes: 3, network: .unordered,
      faults: Faults(crashes: 1, crashDuringSends: true)),
    RelayCase(
      name: "crash in mid-broadcast, fifo", processes: 3, network: .fifo,
      faults: Faults(crashes: 2, crashDuringSends: true)),
    RelayCase(
      name: "crash-recovery", processes: 2, network: .unordered, faults: Faults(crashes: 2, recovery: true)),
    RelayCase(
      name: "latest, lossy, crash-recovery in mid-broadcast", processes: 3,
      network: NetworkSemantics(delivery: .latest, lossy: true),
      faults: Faults(crashes: 2, crashDuringSends: true, recovery: true)),
    RelayCase(
      name: "crash-recovery in mid-broadcast", processes: 3, network: .fifo,
      faults: Faults(crashes: 2, crashDuringSends: true, recovery: true)),
    RelayCase(
      name: "perfect detector", processes: 3, network: .unordered, faults: Faults(crashes: 1),
      detector: .perfect),
    RelayCase(
      name: "perfect detector with recovery", processes: 2, network: .unordered,
      faults: Faults(crashes: 2, recovery: true), detector: .perfect),
    RelayCase(
      name: "eventually perfect", processes: 3, network: .unordered, faults: Faults(crashes: 1),
      detector: .eventuallyPerfect(falseSuspicions: 2)),
    RelayCase(
      name: "eventually strong", processes: 2, network: .fifo, faults: Faults(crashes: 1),
      detector: .eventuallyStrong(falseSuspicions: 1)),
  ]

  @Test(arguments: cases)
  func stateCountMatchesBruteForce(_ relay: RelayCase) throws {
    let exploration = try Explorer(try relay.system()).run()
    #expect(exploration.statistics.distinctStates == RelayBruteForce(relay).count())
    #expect(exploration.verdict == .holds)
  }

  @Test(arguments: [ExplorerOptions.Strategy.breadthFirst, .depthFirst])
  func strategiesAgree(strategy: ExplorerOptions.Strategy) throws {
    let relay = Self.cases[15]
    let exploration = try Explorer(try relay.system(), options: ExplorerOptions(strategy: strategy)).run()
    #expect(exploration.statistics.distinctStates == RelayBruteForce(relay).count())
  }

  /// Order on a channel: FIFO never delivers b before a; unordered does.
  @Test(arguments: [(NetworkSemantics.fifo, false), (.unordered, true), (.duplicating, true)])
  func reordering(network: NetworkSemantics, reorders: Bool) throws {
    let system = try System(
      processes: [Relay(), Relay()], network: network,
      properties: [.sometimes("b before a") { $0.locals[1].received.first == .b }])
    let verdict = try Explorer(system).run().verdict
    #expect((verdict == .holds) == reorders)
  }

  /// Only the duplicating network delivers a message twice.
  @Test(arguments: [(NetworkSemantics.unordered, false), (.duplicating, true), (.lossy, false)])
  func duplication(network: NetworkSemantics, duplicates: Bool) throws {
    let system = try System(
      processes: [Relay(), Relay()], network: network,
      properties: [.sometimes("a twice") { $0.locals[1].received == [.a, .a] }])
    #expect((try Explorer(system).run().verdict == .holds) == duplicates)
  }

  /// A crash in mid-broadcast can leave exactly one receiver with the message.
  @Test func midBroadcastCrashSplitsReceivers() throws {
    let system = try System(
      processes: [Relay(), Relay(), Relay()], network: .unordered,
      faults: Faults(crashes: 1, crashDuringSends: true),
      properties: [
        .sometimes("only p2 got a") { state in
          state.crashed.contains(0) && state.network.contains { $0.to == 2 && $0.message == .a }
            && !state.network.contains { $0.to == 1 }
        }
      ])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    #expect(exploration.examples["only p2 got a"]?.steps.count == 1)
  }

  /// Recovery restores stable storage and nothing else.
  @Test func recoveryKeepsOnlyStableStorage() throws {
    let system = try System(
      processes: [Relay(), Relay()], network: .unordered, faults: Faults(crashes: 1, recovery: true),
      properties: [
        .always("a recovered p0 remembers going") { state in
          state.crashesUsed == 0 || state.crashed.contains(0) || state.stable[0] == nil
            || state.locals[0].went
        },
        .sometimes("p1 forgot what it received") { state in
          state.crashesUsed == 1 && !state.crashed.contains(1) && state.locals[1].received.isEmpty
            && state.network.isEmpty && state.locals[0].went
        },
      ])
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test func invalidSystemsAreErrors() {
    #expect(throws: FaultlineError.self) { try System<Relay>(processes: [], network: .fifo) }
    #expect(throws: FaultlineError.self) {
      try System(processes: Array(repeating: Relay(), count: 65), network: .fifo)
    }
    #expect(throws: FaultlineError.self) {
      try System(processes: Array(repeating: Relay(), count: 10), network: .fifo, symmetric: Array(0..<10))
    }
  }
}
