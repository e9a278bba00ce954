import Faultline
import FaultlineModels
import Testing

/// `paxos-lamport` is Lamport's Paxos.tla on the System layer. Its states are TLC's plus what
/// each leader has received (docs/models.md): the tests pin its counts against a brute-force
/// enumeration of those semantics written here, and check that forgetting the leaders' knowledge
/// gives exactly TLC's states, as `PaxosOracle` (the specification's level) enumerates them.
@Suite struct PaxosLamportTests {
  /// TLC on Lamport's Paxos specification with 3 acceptors, 2 values and ballots 0..1, from
  /// shared/oracles/README.md: 3,921 distinct states, 23,563 generated (the initial state
  /// included), depth 17 (states on the longest path, the initial one as 1). The
  /// specification-level oracle reproduces them, so the projection test below compares against
  /// TLC's very states.
  @Test func theSpecificationOracleMatchesTLC() {
    let oracle = PaxosOracle(maxBallot: 1).explore()
    #expect(oracle.distinct == 3_921)
    #expect(oracle.generated == 23_563)
    #expect(oracle.depth == 17 - 1)
    #expect(oracle.shortestDisagreement == nil)
  }

  /// The explorer's distinct and generated states and depth, in both search orders, are the
  /// brute-force enumeration's at ballot 0 (ballots 0..1 and 0..2, and other worker counts, are
  /// checked against the release binary, where they take a fraction of a second).
  @Test func countsMatchTheBruteForceOracle() throws {
    let oracle = SystemPaxosOracle(maxBallot: 0).explore()
    #expect(oracle.distinct == 92)
    #expect(oracle.shortestDisagreement == nil)
    for strategy in [ExplorerOptions.Strategy.breadthFirst, .depthFirst] {
      let result = try Explorer(
        try PaxosLamport.make(maxBallot: 0), options: ExplorerOptions(strategy: strategy)
      )
      .run()
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == oracle.distinct)
      #expect(result.statistics.generatedStates == oracle.generated)
      if strategy == .breadthFirst { #expect(result.statistics.maxDepth == oracle.depth) }
    }
  }

  /// The model's reachable states are the brute-force enumeration's: 92 and 7,056 for ballots 0
  /// and 0..1, with 865 and 128,064 generated and depths 10 and 20 (the figures the release
  /// binary is held to). Forgetting what the leaders received maps them onto TLC's states
  /// exactly: 73 and 3,921 distinct projections, the very states of the specification-level
  /// oracle. And each TLC state with k 1b messages in ballots without a 2a stands for 2^k System
  /// states (any subset of them may have reached their leader), which sums to the System count.
  @Test(arguments: [(0, 92, 865, 10, 73), (1, 7_056, 128_064, 20, 3_921)])
  func projectionOntoTheSpecificationsVariablesIsTLCsStateSpace(
    maxBallot: Int, distinct: Int, generated: Int, depth: Int, tlc: Int
  ) throws {
    let states = Self.reachable(try PaxosLamport.make(maxBallot: maxBallot))
    let oracle = SystemPaxosOracle(maxBallot: maxBallot).explore()
    #expect(states.count == distinct)
    #expect(oracle.distinct == distinct)
    #expect(oracle.generated == generated)
    #expect(oracle.depth == depth)
    let projected = Set(states.map(Self.project))
    let specification = PaxosOracle(maxBallot: maxBallot).reachable()
    #expect(projected.count == tlc)
    #expect(projected == specification)
    let weighted = specification.reduce(0) { total, s in
      let unproposed = (0...maxBallot).filter { b in
        !s.msgs.contains { if case .twoA(b, _) = $0 { return true } else { return false } }
      }
      let promises = s.msgs.filter {
        if case .oneB(_, let b, _, _) = $0 { return unproposed.contains(b) } else { return false }
      }
      return total + (1 << promises.count)
    }
    #expect(weighted == distinct)
  }

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var variant: PaxosLamportProcess.Variant
    var maxBallot: Int
    var testDescription: String { "\(variant.rawValue) B=\(maxBallot)" }
  }

  /// Each broken variant lets two values be chosen once there are two ballots, and the
  /// counterexample is as long as the oracle's shortest path to such a state: 16 steps, TLC's 12
  /// and the 4 receipts of a 1b by a leader. With a single ballot neither bug can show, and the
  /// whole space matches the oracle's. (`acceptor-accepts-below-promise` with two ballots is
  /// held to 16 steps against the release binary: its search takes seconds in a debug build.)
  @Test(arguments: [
    BrokenCase(variant: .phase2aIgnoresVotes, maxBallot: 0),
    BrokenCase(variant: .phase2aIgnoresVotes, maxBallot: 1),
    BrokenCase(variant: .acceptorAcceptsBelowPromise, maxBallot: 0),
  ])
  func brokenVariantsGetShortestCounterexamples(broken: BrokenCase) throws {
    var oracle = SystemPaxosOracle(maxBallot: broken.maxBallot)
    oracle.ignoreVotes = broken.variant == .phase2aIgnoresVotes
    oracle.acceptBelowPromise = broken.variant == .acceptorAcceptsBelowPromise
    let expected = oracle.explore(stoppingAtDisagreement: true)
    let system = try PaxosLamport.make(maxBallot: broken.maxBallot, variant: broken.variant)
    let result = try Explorer(system).run()
    guard let shortest = expected.shortestDisagreement else {
      #expect(result.verdict == .holds)
      #expect(result.statistics.distinctStates == expected.distinct)
      return
    }
    #expect(shortest == 16)
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "at most one value chosen")
    #expect(violation.steps.count == shortest)
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
    let path = try #require(result.counterexamples[violation.property])
    #expect(try Path.replay(path.choices, through: system).steps.count == shortest)
  }

  @Test func acceptingBelowThePromiseTakesSixteenStepsToShow() {
    var oracle = SystemPaxosOracle(maxBallot: 1)
    oracle.acceptBelowPromise = true
    #expect(oracle.explore(stoppingAtDisagreement: true).shortestDisagreement == 16)
  }

  @Test(arguments: [-1, 5])
  func ballotsOutOfRangeAreErrors(maxBallot: Int) {
    #expect(throws: FaultlineError.self) { try PaxosLamport.make(maxBallot: maxBallot) }
  }

  /// Every state reachable in `system`, by a plain search over its transitions.
  static func reachable<P>(_ system: System<P>) -> Set<SystemState<P>> {
    var seen = Set(system.initialStates)
    var frontier = Array(seen)
    while let state = frontier.popLast() {
      for action in system.actions(from: state) {
        if let next = system.successor(of: state, via: action), seen.insert(next).inserted {
          frontier.append(next)
        }
      }
    }
    return seen
  }

  /// The state as Paxos.tla's variables: the acceptors' maxBal, maxVBal and maxVal, and the
  /// message set, one message per envelope content (a 1a or 2a goes to every acceptor).
  static func project(_ state: SystemState<PaxosLamportProcess>) -> PaxosOracle.State {
    var s = PaxosOracle.State()
    for (a, local) in state.locals.prefix(PaxosLamport.acceptors).enumerated() {
      guard case .acceptor(let acceptor) = local else { continue }
      s.maxBal[a] = acceptor.maxBal
      s.maxVBal[a] = acceptor.maxVBal
      s.maxVal[a] = acceptor.maxVal
    }
    for envelope in state.network {
      switch envelope.message {
      case .oneA(let b): s.msgs.insert(.oneA(bal: b))
      case .oneB(let b, let mbal, let mval):
        s.msgs.insert(.oneB(acc: envelope.from, bal: b, mbal: mbal, mval: mval))
      case .twoA(let b, let v): s.msgs.insert(.twoA(bal: b, val: v))
      case .twoB(let b, let v): s.msgs.insert(.twoB(acc: envelope.from, bal: b, val: v))
      }
    }
    return s
  }
}

/// The System semantics of `paxos-lamport` enumerated by hand, independently of `System`, the
/// model and the explorer: acceptors 0, 1, 2 with Paxos.tla's variables; for each ballot, the
/// acceptors whose 1b its leader received and its proposal; and the network, a set of (sender,
/// receiver, message) that only grows. Votes and leaders' reports are read off the network.
/// Steps are those the System layer enumerates: one delivery per message in the network (a
/// handler that ignores it still counts as generated), then each leader's choices.
struct SystemPaxosOracle {
  struct Envelope: Hashable {
    var from: Int
    var to: Int
    var message: PaxosOracle.Message
  }

  struct State: Hashable {
    var maxBal = [-1, -1, -1]
    var maxVBal = [-1, -1, -1]
    var maxVal: [Int?] = [nil, nil, nil]
    var heard: [Set<Int>]
    var proposal: [Int?]
    var network: Set<Envelope> = []
  }

  var maxBallot: Int
  var ignoreVotes = false
  var acceptBelowPromise = false

  /// Leader of ballot b is process 3 + b.
  func leader(_ b: Int) -> Int { 3 + b }

  func successors(_ s: State) -> [State] {
    var out: [State] = []
    for envelope in s.network {
      var t = s
      switch envelope.message {
      case .oneA(let b) where b > s.maxBal[envelope.to]:
        let a = envelope.to
        t.maxBal[a] = b
        t.network.insert(
          Envelope(
            from: a, to: envelope.from, message: .oneB(acc: a, bal: b, mbal: s.maxVBal[a], mval: s.maxVal[a]))
        )
      case .twoA(let b, let v) where b >= s.maxBal[envelope.to] || acceptBelowPromise:
        let a = envelope.to
        t.maxBal[a] = max(b, s.maxBal[a])
        t.maxVBal[a] = b
        t.maxVal[a] = v
        t.network.insert(Envelope(from: a, to: envelope.from, message: .twoB(acc: a, bal: b, val: v)))
      case .oneB(let a, let b, _, _) where s.proposal[b] == nil:
        t.heard[b].insert(a)
      default:
        break
      }
      out.append(t)
    }
    for b in 0...maxBallot {
      var started = s
      for a in 0..<3 { started.network.insert(Envelope(from: leader(b), to: a, message: .oneA(bal: b))) }
      out.append(started)
      guard s.proposal[b] == nil, s.heard[b].count >= 2 else { continue }
      var reported: [(mbal: Int, mval: Int)] = []
      for case .oneB(let a, b, let mbal, let mval?) in s.network.map(\.message) where s.heard[b].contains(a) {
        reported.append((mbal, mval))
      }
      let highest = reported.max { $0.mbal < $1.mbal }
      for v in 0..<2 where highest == nil || ignoreVotes || highest?.mval == v {
        var t = s
        t.proposal[b] = v
        t.heard[b] = []
        for a in 0..<3 { t.network.insert(Envelope(from: leader(b), to: a, message: .twoA(bal: b, val: v))) }
        out.append(t)
      }
    }
    return out
  }

  /// Two values chosen: each voted for by two acceptors in one ballot, by the 2b messages.
  func disagrees(_ s: State) -> Bool {
    var chosen: Set<Int> = []
    for case .twoB(let a, let b, let v) in s.network.map(\.message) {
      let others = s.network.contains {
        if case .twoB(let other, b, v) = $0.message { return other != a } else { return false }
      }
      if others { chosen.insert(v) }
    }
    return chosen.count > 1
  }

  /// Distinct states, generated successors, the greatest depth in steps, and the fewest steps
  /// to a state with two values chosen (if any); the counts are partial if it stops there.
  func explore(stoppingAtDisagreement: Bool = false)
    -> (distinct: Int, generated: Int, depth: Int, shortestDisagreement: Int?)
  {
    let start = State(
      heard: Array(repeating: [], count: maxBallot + 1), proposal: Array(repeating: nil, count: maxBallot + 1)
    )
    var seen: Set<State> = [start]
    var level = [start]
    var generated = 0
    var depth = 0
    var shortest: Int?
    while !level.isEmpty {
      var nextLevel: [State] = []
      for s in level {
        let successors = successors(s)
        generated += successors.count
        for t in successors where seen.insert(t).inserted {
          nextLevel.append(t)
          if shortest == nil && disagrees(t) { shortest = depth + 1 }
        }
      }
      if !nextLevel.isEmpty { depth += 1 }
      level = stoppingAtDisagreement && shortest != nil ? [] : nextLevel
    }
    return (seen.count, generated, depth, shortest)
  }
}
