import Faultline
import Testing

// The example of docs/trace-format.md ("Your own object in Swift"): keep the two in step.

/// A counter's operations and their results.
enum CounterOperation: Hashable, Sendable {
  case increment, get, ok, value(Int)
}

/// A counter starting at 0: an increment adds one and returns `ok`, a get returns the count.
struct CounterSpec: SequentialSpec {
  var initialState: Int { 0 }

  func apply(_ operation: ClientOperation<CounterOperation>, to count: Int) -> Int? {
    switch (operation.operation, operation.result) {
    case (.increment, nil), (.increment, .ok?): return count + 1
    case (.get, nil): return count
    case (.get, .value(let seen)?): return seen == count ? count : nil
    default: return nil
    }
  }
}

@Test func staleGet() {
  // Client 1 increments from time 0 to 1; client 2 then gets 0, from time 2 to 3.
  let history = [
    ClientOperation(
      client: 1, operation: CounterOperation.increment, result: .ok, invokedAt: 0, respondedAt: 1),
    ClientOperation(
      client: 2, operation: CounterOperation.get, result: .value(0), invokedAt: 2, respondedAt: 3),
  ]
  let verdict = Linearizability.check(operations: history, spec: CounterSpec())
  #expect(verdict.violations.first?.property == "linearizability")
  // Each client's order allows it: the get may have taken effect first.
  #expect(Linearizability.check(operations: history, spec: CounterSpec(), consistency: .sequential) == .holds)
}

@Suite struct UserSpecTests {
  /// `client` invoked `operation` at `call` and got `result` at `ret` (still pending when nil).
  static func op(
    _ client: Int, _ operation: CounterOperation, _ call: Int, _ result: CounterOperation?, _ ret: Int?
  )
    -> ClientOperation<CounterOperation>
  {
    ClientOperation(client: client, operation: operation, result: result, invokedAt: call, respondedAt: ret)
  }

  static let histories:
    [(String, [ClientOperation<CounterOperation>], linearizable: Bool, sequential: Bool)] = [
      (
        "two increments then a get of 2",
        [op(1, .increment, 0, .ok, 2), op(2, .increment, 1, .ok, 3), op(3, .get, 4, .value(2), 5)], true, true
      ),
      (
        "a get of 1 after both increments returned",
        [op(1, .increment, 0, .ok, 2), op(2, .increment, 1, .ok, 3), op(3, .get, 4, .value(1), 5)], false,
        true
      ),
      (
        "a get during the increments may see one",
        [op(1, .increment, 0, .ok, 3), op(2, .increment, 1, .ok, 5), op(3, .get, 2, .value(1), 4)], true, true
      ),
      (
        "a get of 3 after two increments",
        [op(1, .increment, 0, .ok, 3), op(2, .increment, 1, .ok, 5), op(3, .get, 2, .value(3), 4)], false,
        false
      ),
      (
        "a pending increment may have taken effect",
        [op(1, .increment, 0, nil, nil), op(2, .get, 1, .value(1), 2)], true, true
      ),
      (
        "a stale get after the increment returned: sequentially consistent only",
        [op(1, .increment, 0, .ok, 1), op(2, .get, 2, .value(0), 3)], false, true
      ),
      (
        "gets in opposite orders by one client",
        [op(1, .increment, 0, .ok, 1), op(2, .get, 2, .value(1), 3), op(2, .get, 4, .value(0), 5)], false,
        false
      ),
    ]

  @Test(arguments: histories)
  func counterHistories(
    _ name: String, _ operations: [ClientOperation<CounterOperation>], linearizable: Bool, sequential: Bool
  ) {
    let verdict = Linearizability.check(operations: operations, spec: CounterSpec())
    #expect((verdict == .holds) == linearizable, "\(name)")
    #expect((verdict == .holds) == Self.bruteForce(operations, realTime: true), "\(name)")
    let consistent = Linearizability.check(
      operations: operations, spec: CounterSpec(), consistency: .sequential)
    #expect((consistent == .holds) == sequential, "\(name)")
    #expect((consistent == .holds) == Self.bruteForce(operations, realTime: false), "\(name)")
    if !linearizable {
      #expect(verdict.violations.first?.property == "linearizability")
      #expect(verdict.violations.first?.witness?.sections.count == 2)
    }
  }

  /// Random counter histories of three clients against a brute force that tries every order of
  /// every subset of pending operations, for both orders.
  @Test func agreesWithBruteForce() {
    var generator = SplitMix64(seed: 16)
    for _ in 0..<200 {
      var operations: [ClientOperation<CounterOperation>] = []
      var open: [Int: Int] = [:]
      for time in 0..<8 {
        let client = Int(generator.next() % 3)
        if let index = open.removeValue(forKey: client) {
          operations[index].respondedAt = time
          operations[index].result =
            operations[index].operation == .increment ? .ok : .value(Int(generator.next() % 3))
        } else {
          open[client] = operations.count
          operations.append(
            Self.op(client, generator.next() % 2 == 0 ? .increment : .get, time, nil, nil))
        }
      }
      for consistency in Consistency.allCases {
        let verdict = Linearizability.check(
          operations: operations, spec: CounterSpec(), consistency: consistency)
        #expect(
          (verdict == .holds) == Self.bruteForce(operations, realTime: consistency == .linearizable),
          "\(operations) \(consistency)")
      }
    }
  }

  /// The same spec written over a recorded history's operations: what a trace decoded from a
  /// file is checked with.
  struct RecordedCounterSpec: SequentialSpec {
    var initialState: Int { 0 }
    func apply(_ operation: HistoryOperation, to count: Int) -> Int? {
      switch operation.function {
      case "increment": return count + 1
      case "get": return operation.status == .info || operation.result == .int(count) ? count : nil
      default: return nil
      }
    }
  }

  @Test func recordedHistory() {
    func recorded(_ process: String, _ function: String, _ call: Int, _ ret: Int?, _ result: Int? = nil)
      -> HistoryOperation
    {
      HistoryOperation(
        process: process, function: function, result: result.map { .int($0) },
        status: ret == nil ? .info : .ok,
        call: call, return: ret, callLine: call + 1, returnLine: ret.map { $0 + 1 })
    }
    let fine = History([recorded("a", "increment", 0, 1), recorded("b", "get", 2, 3, 1)])
    #expect(Linearizability.check(history: fine, spec: RecordedCounterSpec()) == .holds)
    let stale = History([recorded("a", "increment", 0, 1), recorded("b", "get", 2, 3, 0)])
    let verdict = Linearizability.check(history: stale, spec: RecordedCounterSpec())
    #expect(verdict.violations.first?.witness?.sections.last?.items.map(\.line) == [3])
    #expect(
      Linearizability.check(history: stale, spec: RecordedCounterSpec(), consistency: .sequential) == .holds)
    // A failed increment did not take effect; one of unknown outcome may have.
    var failed = History([recorded("a", "increment", 0, 1), recorded("b", "get", 2, 3, 1)])
    failed.operations[0].status = .fail
    #expect(Linearizability.check(history: failed, spec: RecordedCounterSpec()) != .holds)
    let unknown = History([recorded("a", "increment", 0, nil), recorded("b", "get", 2, 3, 1)])
    #expect(Linearizability.check(history: unknown, spec: RecordedCounterSpec()) == .holds)
  }

  static func bruteForce(_ operations: [ClientOperation<CounterOperation>], realTime: Bool) -> Bool {
    ClientOperationOracle.holds(operations, CounterSpec(), realTime: realTime)
  }
}
