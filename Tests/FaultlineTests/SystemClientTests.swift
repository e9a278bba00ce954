import Faultline
import Testing

enum RegisterValue: Hashable, Comparable, Sendable, Fingerprintable {
  case write(Int), read, ok, value(Int)
  func fingerprint(into f: inout Fingerprinter) {
    switch self {
    case .write(let v): f.combine(word: 1 | UInt64(v) << 2)
    case .read: f.combine(word: 2)
    case .ok: f.combine(word: 3)
    case .value(let v): f.combine(word: 0 | UInt64(v) << 2)
    }
  }
}

extension RegisterValue {
  /// The register's value after this operation on `register`, and the operation's result.
  func applied(to register: Int) -> (register: Int, result: RegisterValue) {
    if case .write(let v) = self { return (v, .ok) }
    return (register, .value(register))
  }
}

struct RegisterSpec: SequentialSpec {
  var initialState: Int { 0 }
  func apply(_ operation: ClientOperation<RegisterValue>, to state: Int) -> Int? {
    let (next, result) = operation.operation.applied(to: state)
    return operation.result.map { $0 == result } ?? true ? next : nil
  }
}

/// Process 0 holds a register; the others are clients that write their number, then read.
/// With `cachedReads`, a client answers its read from its own last write: not linearizable.
struct RegisterService: SystemProcess {
  typealias Message = RegisterValue
  typealias Value = RegisterValue
  enum Choice: Hashable, Sendable { case invoke }
  struct LocalState: Hashable, Sendable, Fingerprintable {
    var register = 0
    var operations = 0
    var waiting = false
    func fingerprint(into f: inout Fingerprinter) {
      f.combine(register)
      f.combine(operations)
      f.combine(waiting)
    }
  }
  var cachedReads = false
  /// How many operations client 1 invokes (the others invoke two): a write of a value of its own
  /// first, then reads and writes by turns.
  var rounds = 2

  func start(_ context: inout Context<RegisterService>) -> LocalState { LocalState() }

  func choices(in state: LocalState, _ context: Context<RegisterService>) -> [Choice] {
    context.id != 0 && !state.waiting && state.operations < (context.id == 1 ? rounds : 2) ? [.invoke] : []
  }

  func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<RegisterService>) {
    state.operations += 1
    let operation: RegisterValue =
      state.operations % 2 == 1 ? .write(context.id + 10 * (state.operations / 2)) : .read
    context.invoke(operation)
    if cachedReads && operation == .read {
      context.respond(.value(state.register))
      return
    }
    if case .write(let v) = operation { state.register = v }
    state.waiting = true
    context.send(operation, to: 0)
  }

  func receive(
    _ message: RegisterValue, from sender: Int, in state: inout LocalState,
    _ context: inout Context<RegisterService>
  ) {
    if context.id == 0 {
      let (next, result) = message.applied(to: state.register)
      state.register = next
      context.send(result, to: sender)
    } else {
      state.waiting = false
      context.respond(message)
    }
  }
}

@Suite struct SystemClientTests {
  static func events(_ list: [(Int, Bool, RegisterValue)]) -> [HistoryEvent<RegisterValue>] {
    list.map { HistoryEvent(client: $0.0, isInvocation: $0.1, value: $0.2) }
  }

  static let histories: [(String, [HistoryEvent<RegisterValue>], Bool)] = [
    (
      "sequential", events([(1, true, .write(1)), (1, false, .ok), (2, true, .read), (2, false, .value(1))]),
      true
    ),
    (
      "stale read", events([(1, true, .write(1)), (1, false, .ok), (2, true, .read), (2, false, .value(0))]),
      false
    ),
    (
      "concurrent read may miss the write",
      events([(1, true, .write(1)), (2, true, .read), (2, false, .value(0)), (1, false, .ok)]), true
    ),
    (
      "pending write may take effect",
      events([(1, true, .write(1)), (2, true, .read), (2, false, .value(1))]), true
    ),
    (
      "new then old value",
      events([
        (1, true, .write(1)), (2, true, .read), (2, false, .value(1)), (3, true, .read),
        (3, false, .value(0)),
        (1, false, .ok),
      ]), false
    ),
    ("empty", [], true),
  ]

  @Test(arguments: histories)
  func linearizability(_ name: String, _ history: [HistoryEvent<RegisterValue>], _ expected: Bool) {
    #expect((Linearizability.check(history: history, spec: RegisterSpec()) == .holds) == expected, "\(name)")
  }

  /// Every history of a register service over three processes, against a brute force that tries
  /// every order of every subset of pending operations.
  @Test func agreesWithBruteForceOnRandomHistories() {
    var generator = SplitMix64(seed: 7)
    for _ in 0..<300 {
      var history: [HistoryEvent<RegisterValue>] = []
      var pending: [Int: Bool] = [:]
      for _ in 0..<6 {
        let client = Int(generator.next() % 3)
        if pending[client] == nil {
          let write = generator.next() % 2 == 0
          pending[client] = write
          history.append(
            HistoryEvent(client: client, isInvocation: true, value: write ? .write(client + 1) : .read))
        } else if let write = pending.removeValue(forKey: client) {
          let result: RegisterValue = write ? .ok : .value(Int(generator.next() % 4))
          history.append(HistoryEvent(client: client, isInvocation: false, value: result))
        }
      }
      #expect(
        (Linearizability.check(history: history, spec: RegisterSpec()) == .holds) == bruteForce(history))
    }
  }

  func bruteForce(_ history: [HistoryEvent<RegisterValue>]) -> Bool {
    ClientOperationOracle.holds(ClientHistory.operations(of: history), RegisterSpec(), realTime: true)
  }

  @Test(arguments: [(false, true), (true, false)])
  func registerServiceLinearizability(cachedReads: Bool, holds: Bool) throws {
    let system = try System(
      processes: Array(repeating: RegisterService(cachedReads: cachedReads), count: 3), network: .unordered,
      properties: [SystemProperties.linearizable(RegisterSpec())])
    let exploration = try Explorer(system).run()
    #expect((exploration.verdict == .holds) == holds)
  }

  /// `Faults.crashable` keeps processes out of the crash budget: no crash action, and no crash
  /// in mid-step, names them.
  @Test func onlyCrashableProcessesCrash() throws {
    let system = try System(
      processes: Array(repeating: RegisterService(), count: 3), network: .unordered,
      faults: Faults(crashes: 1, crashDuringSends: true, crashable: ProcessSet([0])))
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    var actions: [SystemAction<RegisterService>] = []
    system.actions(from: system.initialStates[0], into: &actions)
    #expect(actions.contains(.crash(process: 0)))
    #expect(!actions.contains(.crash(process: 1)) && !actions.contains(.crash(process: 2)))
    #expect(system.successor(of: system.initialStates[0], via: .crash(process: 1)) == nil)
    let everyone = try System(
      processes: Array(repeating: RegisterService(), count: 3), network: .unordered,
      faults: Faults(crashes: 1, crashDuringSends: true))
    #expect(try Explorer(everyone).run().statistics.distinctStates > exploration.statistics.distinctStates)
  }
}
