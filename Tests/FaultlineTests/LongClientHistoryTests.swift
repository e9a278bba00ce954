import Faultline
import Testing

/// Client histories longer than 64 operations: the model property once answered "violated" for
/// every one of them. Each verdict here is established independently of the search.
@Suite struct LongClientHistoryTests {
  static func event(_ client: Int, _ invocation: Bool, _ value: RegisterValue) -> HistoryEvent<RegisterValue>
  {
    HistoryEvent(client: client, isInvocation: invocation, value: value)
  }

  /// `pairs` rounds, one after another: client 0 writes k, then client 1 reads; the read of
  /// round `staleAt` returns the value before the write.
  static func sequential(pairs: Int, staleAt: Int? = nil) -> [HistoryEvent<RegisterValue>] {
    (1...pairs).flatMap { k in
      [
        event(0, true, .write(k)), event(0, false, .ok),
        event(1, true, .read), event(1, false, .value(k == staleAt ? k - 1 : k)),
      ]
    }
  }

  /// No two operations overlap, so real time orders them totally: the history is linearizable
  /// exactly when replaying it in that order gives every operation its result.
  static func replaysInOrder(_ history: [HistoryEvent<RegisterValue>]) -> Bool {
    var register = 0
    for operation in ClientHistory.operations(of: history) {
      let (next, result) = operation.operation.applied(to: register)
      if operation.result != result { return false }
      register = next
    }
    return true
  }

  @Test(arguments: [nil, 1, 20, 35])
  func sequentialHistoryOfSeventyOperations(staleAt: Int?) {
    let history = Self.sequential(pairs: 35, staleAt: staleAt)
    #expect(ClientHistory.operations(of: history).count == 70)
    let expected = Self.replaysInOrder(history)
    #expect(expected == (staleAt == nil))
    #expect((Linearizability.check(history: history, spec: RegisterSpec()) == .holds) == expected)
    // A pending write at the end may or may not take effect: it changes nothing.
    let pending = history + [Self.event(2, true, .write(99))]
    #expect((Linearizability.check(history: pending, spec: RegisterSpec()) == .holds) == expected)
  }

  /// Rounds in which a write and a read overlap; round k ends before round k+1 begins. The
  /// register holds the round's write after the round whichever goes first, so the history is
  /// linearizable exactly when every round is, from the previous round's value: each read
  /// returns that value (read first) or its round's write (write first).
  @Test(arguments: 1...6)
  func concurrentRoundsOfSeventyOperations(seed: UInt64) {
    var generator = SplitMix64(seed: seed)
    let rounds = 35
    let broken = seed % 2 == 0 ? Int(generator.next() % UInt64(rounds)) + 1 : nil
    var history: [HistoryEvent<RegisterValue>] = []
    var linearizable = true
    for k in 1...rounds {
      let before = k - 1
      var read = generator.next() % 2 == 0 ? before : k
      if k == broken { read = k + 1 }
      // Round by round, independently of the search.
      linearizable = linearizable && (read == before || read == k)
      let readFirst = generator.next() % 2 == 0
      history += [Self.event(0, true, .write(k)), Self.event(1, true, .read)]
      history +=
        readFirst
        ? [Self.event(1, false, .value(read)), Self.event(0, false, .ok)]
        : [Self.event(0, false, .ok), Self.event(1, false, .value(read))]
    }
    #expect(linearizable == (broken == nil))
    let verdict = Linearizability.check(history: history, spec: RegisterSpec())
    #expect((verdict == .holds) == linearizable, "seed \(seed)")
    if !linearizable {
      #expect(verdict.violations.first?.property == "linearizability")
    }
  }

  /// A correct model whose history grows past 64 operations: its one client invokes 70 (one
  /// client, so that the history does not record interleavings).
  @Test func modelHistoryPastSixtyFourOperationsHolds() throws {
    let system = try System(
      processes: Array(repeating: RegisterService(rounds: 70), count: 2), network: .unordered,
      properties: [SystemProperties.linearizable(RegisterSpec())])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    #expect(exploration.statistics.maxDepth >= 140)
  }
}
