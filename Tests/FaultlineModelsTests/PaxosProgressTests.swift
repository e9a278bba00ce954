import Faultline
import FaultlineModels
import Testing

/// Issue #14's Paxos progress: dueling proposers never choose, a stable leader does. The
/// expected outcomes come from Paxos Made Simple §2.4 (without a distinguished proposer two
/// proposers can preempt each other for ever; with one, a value is chosen once the others stop),
/// and each verdict is checked against something that does not share the explorer's liveness
/// code or the abstraction: the shape of the cycle, a replay of it on the concrete protocol
/// with real ballots, and a brute-force fair-cycle search.
@Suite struct PaxosProgressTests {
  typealias Process = PaxosProgressProcess
  typealias State = SystemState<Process>
  typealias Action = SystemAction<Process>
  static let termination = "termination: a value is chosen"

  /// The lasso of the dueling variant with `acceptors` acceptors.
  static func duel(acceptors: Int) throws -> Path<System<Process>> {
    let exploration = try Explorer(try PaxosProgress.make(electsLeader: false, acceptors: acceptors)).run()
    #expect(exploration.verdict.violations.map(\.property) == [termination])
    #expect(exploration.verdict.violations.first?.kind == .liveness)
    return try #require(exploration.counterexamples[termination])
  }

  /// The proposer's ballot in `state`.
  static func ballot(of proposer: Int, in state: State) -> Int {
    if case .proposer(let p) = state.locals[proposer] { return p.ballot }
    return -2
  }

  /// The lasso is a cycle that comes back to where it started, in which each proposer, told by
  /// a Reject that its ballot was preempted, starts a higher one, and in which no value is ever
  /// chosen.
  @Test(arguments: [1, 2])
  func duelingProposersPreemptEachOtherForever(acceptors: Int) throws {
    let system = try PaxosProgress.make(electsLeader: false, acceptors: acceptors)
    let path = try Self.duel(acceptors: acceptors)
    let cycleStart = try #require(path.cycleStart)
    #expect(cycleStart < path.steps.count)
    #expect(path.finalState == path.state(after: cycleStart))
    var preempted = Set<Int>()
    for index in cycleStart..<path.steps.count {
      let before = path.state(after: index)
      guard case .handle(.deliver(let envelope), nil) = path.steps[index].action,
        case .reject = envelope.message
      else { continue }
      // Read in the state before the step: the last step of the cycle renames ballots.
      let after = try #require(system.concreteSuccessor(of: before, via: path.steps[index].action))
      if Self.ballot(of: envelope.to, in: after) > Self.ballot(of: envelope.to, in: before) {
        preempted.insert(envelope.to)
      }
    }
    #expect(preempted == [0, 1])
    for count in 0...path.steps.count { #expect(PaxosProgress.chosen(in: path.state(after: count)).isEmpty) }
  }

  /// The lasso's choices replay through the catalogue (`--replay`) to the same violation, with
  /// the same cycle.
  @Test func theLassoReplays() throws {
    let entry = try Catalogue.entry(named: "paxos")
    let found = try entry.run(variant: "dueling-proposers")
    let violation = try #require(found.verdict.violations.first)
    #expect(violation.property == Self.termination)
    // Ballots grow round the cycle, so some step of it renames them, and says so.
    let cycleStart = try #require(violation.cycleStart)
    #expect(violation.steps[cycleStart...].contains { $0.action.contains("renamed") })
    let choices = try #require(found.replays[violation.property])
    let replayed = try entry.run(
      variant: "dueling-proposers", parameters: ["acceptors": 2, "crashes": 0],
      request: CheckRequest(replay: choices))
    let again = try #require(replayed.verdict.violations.first)
    #expect(again.property == Self.termination)
    #expect(again.kind == .liveness)
    #expect(again.cycleStart == violation.cycleStart)
    #expect(again.steps == violation.steps)
  }

  /// The cycle, run on the concrete protocol (no renaming, no garbage collection, every vote
  /// kept), four times round: each step has a concrete counterpart whose representative is the
  /// lasso's state; every message the abstraction dropped is delivered right away and changes
  /// nothing but its own channel; ballots grow every time round; no value is ever chosen by the
  /// full record of votes; and every channel that stays non-empty through a round delivers in it.
  /// So the lasso is a fair behaviour of the protocol with unbounded ballots.
  @Test func theCycleIsAFairRunOfTheConcreteProtocolWithGrowingBallots() throws {
    let abstract = try PaxosProgress.make(electsLeader: false, acceptors: 2)
    let concrete = try PaxosProgress.make(electsLeader: false, acceptors: 2, renamesBallots: false)
    let path = try Self.duel(acceptors: 2)
    let cycleStart = try #require(path.cycleStart)
    var state = try #require(concrete.initialStates.first)
    #expect(abstract.representative(of: state) == path.initialState)
    let rounds = 4
    var topOfRound: [Int] = []
    var round: [(state: State, delivered: Set<[Int]>)] = []
    let schedule = Array(0..<cycleStart) + (0..<rounds).flatMap { _ in Array(cycleStart..<path.steps.count) }
    for (position, index) in schedule.enumerated() {
      let step = path.steps[index]
      let action = try #require(Self.concrete(step.action, in: state))
      state = try #require(concrete.successor(of: state, via: action))
      var delivered: Set<[Int]> = []
      if case .handle(.deliver(let envelope), _) = action { delivered.insert([envelope.from, envelope.to]) }
      state = try Self.deliverNoOps(in: state, through: concrete, delivered: &delivered)
      #expect(abstract.representative(of: state) == step.state, "step \(position + 1)")
      #expect(state.network.count == step.state.network.count, "a message dropped was not a no-op")
      #expect(PaxosProgress.chosen(in: state).isEmpty)
      if position >= cycleStart {
        round.append((state, delivered))
        if (position - cycleStart + 1) % (path.steps.count - cycleStart) == 0 {
          topOfRound.append(max(Self.ballot(of: 0, in: state), Self.ballot(of: 1, in: state)))
          let everDelivered = round.reduce(into: Set<[Int]>()) { $0.formUnion($1.delivered) }
          for from in 0..<state.processCount {
            for to in 0..<state.processCount
            where round.allSatisfy({ entry in entry.state.inboxes[to].contains { $0.from == from } }) {
              #expect(everDelivered.contains([from, to]), "channel \(from)→\(to) waits for ever")
            }
          }
          round = []
        }
      }
    }
    #expect(topOfRound.count == rounds)
    #expect(zip(topOfRound, topOfRound.dropFirst()).allSatisfy { $0 < $1 }, "\(topOfRound)")
  }

  /// The concrete step for the lasso's `action`: a delivery on the same channel (a `latest`
  /// channel holds one message), anything else as it is.
  static func concrete(_ action: Action, in state: State) -> Action? {
    guard case .handle(.deliver(let envelope), let keeping) = action else { return action }
    guard let message = state.inboxes[envelope.to].first(where: { $0.from == envelope.from }) else {
      return nil
    }
    return .handle(.deliver(message), crashKeeping: keeping)
  }

  /// `state` after delivering every message whose delivery changes nothing but its own channel,
  /// one after the other; records the channels delivered on.
  static func deliverNoOps(
    in state: State, through system: System<Process>, delivered: inout Set<[Int]>
  ) throws -> State {
    var state = state
    var changed = true
    while changed {
      changed = false
      for envelope in state.network {
        let next = try #require(
          system.successor(of: state, via: .handle(.deliver(envelope), crashKeeping: nil)))
        let untouched = (0..<state.processCount).allSatisfy { process in
          next.locals[process] == state.locals[process] && next.stable[process] == state.stable[process]
            && next.inboxes[process] == state.inboxes[process].filter { $0 != envelope }
        }
        guard untouched else { continue }
        state = next
        delivered.insert([envelope.from, envelope.to])
        changed = true
        break
      }
    }
    return state
  }

  /// With an Ω leader that eventually settles, a value is chosen in every fair behaviour.
  @Test(arguments: [1, 2])
  func aStableLeaderTerminates(acceptors: Int) throws {
    let exploration = try Explorer(try PaxosProgress.make(electsLeader: true, acceptors: acceptors)).run()
    #expect(exploration.verdict == .holds)
    #expect(exploration.examples["a proposer retries after a rejection"] != nil)
  }

  /// A brute-force check of termination with one acceptor, sharing no code with the explorer's
  /// liveness check: the reachable graph by a plain search, its maximal strongly connected sets
  /// of states where nothing is chosen by forward and backward reachability, and weak fairness
  /// by this test's own classes (a channel, a process's choice, a recovery). A fair behaviour
  /// that never chooses exists iff, through states where nothing is chosen, the start reaches a
  /// state with no fair step left or a set in which every class enabled throughout is taken.
  @Test(arguments: [(false, true), (true, false)])
  func bruteForceAgrees(electsLeader: Bool, violated: Bool) throws {
    let system = try PaxosProgress.make(electsLeader: electsLeader, acceptors: 1)
    #expect(Self.bruteForceViolated(system) == violated)
    let exploration = try Explorer(system).run()
    #expect((exploration.verdict.violations.map(\.property) == [Self.termination]) == violated)
  }

  enum FairClass: Hashable {
    case channel(Int, Int)
    case choice(Int, Process.Choice)
    case recovery(Int)
  }

  static func fairClass(of action: Action) -> FairClass? {
    switch action {
    case .handle(.deliver(let envelope), nil): return .channel(envelope.from, envelope.to)
    case .handle(.choose(let process, let choice), nil): return .choice(process, choice)
    case .handle(.recover(let process), nil): return .recovery(process)
    default: return nil
    }
  }

  static func bruteForceViolated(_ system: System<Process>) -> Bool {
    var index: [State: Int] = [:]
    var states: [State] = []
    var edges: [[(to: Int, fair: FairClass?)]] = []
    func number(_ state: State) -> Int {
      if let known = index[state] { return known }
      index[state] = states.count
      states.append(state)
      edges.append([])
      return states.count - 1
    }
    for state in system.initialStates { _ = number(state) }
    var next = 0
    while next < states.count {
      let state = states[next]
      for action in system.actions(from: state) {
        guard let successor = system.successor(of: state, via: action) else { continue }
        let target = number(successor)
        edges[next].append((target, fairClass(of: action)))
      }
      next += 1
    }
    let avoiding = Set(states.indices.filter { PaxosProgress.chosen(in: states[$0]).isEmpty })
    func reach(from start: Int, forward: Bool) -> Set<Int> {
      var seen: Set<Int> = [start]
      var stack = [start]
      while let node = stack.popLast() {
        let next =
          forward
          ? edges[node].map(\.to)
          : states.indices.filter { source in edges[source].contains { $0.to == node } }
        for target in next where avoiding.contains(target) && seen.insert(target).inserted {
          stack.append(target)
        }
      }
      return seen
    }
    let start = system.initialStates.compactMap { index[$0] }.filter { avoiding.contains($0) }
    let entered = start.reduce(into: Set<Int>()) { $0.formUnion(reach(from: $1, forward: true)) }
    for node in entered {
      let enabled = Set(edges[node].compactMap(\.fair))
      if enabled.isEmpty { return true }
      let component = reach(from: node, forward: true).intersection(reach(from: node, forward: false))
      let inside = component.flatMap { source in edges[source].filter { component.contains($0.to) } }
      guard !inside.isEmpty else { continue }
      let always = component.map { Set(edges[$0].compactMap(\.fair)) }.reduce(enabled) { $0.intersection($1) }
      if always.isSubset(of: Set(inside.compactMap(\.fair))) { return true }
    }
    return false
  }

  /// The invariant the abstraction's soundness rests on (docs/models.md, paxos): every ballot in
  /// the system is at most the higher proposer's, and only that one is above the lower's; so a
  /// new ballot is a proposer's first one or the one just above the top, and renaming ballots
  /// with their order and owners kept commutes with every step.
  @Test(arguments: [(false, 2), (true, 1)])
  func ballotsAboveTheLowerProposerAreTheHigherOnes(electsLeader: Bool, acceptors: Int) throws {
    let system = try PaxosProgress.make(electsLeader: electsLeader, acceptors: acceptors)
    var seen = Set(system.initialStates)
    var frontier = Array(seen)
    while let state = frontier.popLast() {
      let low = min(Self.ballot(of: 0, in: state), Self.ballot(of: 1, in: state))
      let high = max(Self.ballot(of: 0, in: state), Self.ballot(of: 1, in: state))
      for ballot in Self.ballots(in: state) {
        #expect(ballot <= high)
        #expect(ballot <= low || ballot == high, "\(system.describe(state))")
      }
      for action in system.actions(from: state) {
        if let next = system.successor(of: state, via: action), seen.insert(next).inserted {
          frontier.append(next)
        }
      }
    }
    #expect(seen.count > 100)
  }

  /// Every ballot a state holds, in processes, storage and messages.
  static func ballots(in state: State) -> [Int] {
    var result: [Int] = []
    for process in 0..<state.processCount {
      switch state.locals[process] {
      case .proposer(let p): result += [p.ballot, p.highestBallot]
      case .acceptor(let promised, let ab, _): result += [promised, ab]
      case .omega: break
      }
      if let log = state.stable[process] {
        result += [log.promised, log.acceptedBallot] + log.ghostVotes.map(\.ballot)
      }
      for envelope in state.inboxes[process] {
        switch envelope.message {
        case .prepare(let b), .accept(let b, _): result.append(b)
        case .promise(let b, let ab, _): result += [b, ab]
        case .reject(let b, let m): result += [b, m]
        case .leader: break
        }
      }
    }
    return result.filter { $0 >= 0 }
  }

  @Test func parametersAreChecked() {
    #expect(throws: FaultlineError.self) { try PaxosProgress.make(electsLeader: false, acceptors: 0) }
    #expect(throws: FaultlineError.self) { try PaxosProgress.make(electsLeader: false, acceptors: 4) }
    #expect(throws: FaultlineError.self) {
      try PaxosProgress.make(electsLeader: true, acceptors: 2, crashes: 1)
    }
    #expect(throws: FaultlineError.self) {
      try PaxosProgress.make(electsLeader: true, acceptors: 3, crashes: 2)
    }
  }

  /// Parameters a progress variant cannot take are refused, each with its reason.
  @Test(
    arguments: [
      ("dueling-proposers", ["rounds": 2], "--rounds does not apply"),
      ("stable-leader", ["network": "lossy"], "runs on --network latest"),
      ("stable-leader", ["network": "duplicating"], "runs on --network latest"),
      ("dueling-proposers", ["proposer-crashes": true], "--proposer-crashes does not apply"),
      ("stable-leader", ["crashes": 1], "a crash needs 3"),
      ("correct", ["network": "latest"], "--network latest is the network of"),
      ("correct", ["acceptors": 2], "has 3 acceptors"),
    ] as [(String, [String: ParameterValue], String)])
  func badCombinationsAreRefused(variant: String, parameters: [String: ParameterValue], message: String) {
    do {
      _ = try Catalogue.entry(named: "paxos").run(variant: variant, parameters: parameters)
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error).contains(message), "\(error)")
    }
  }
}
