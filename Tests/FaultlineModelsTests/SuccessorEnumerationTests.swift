import Faultline
import FaultlineModels
import Testing

/// `System.forEachSuccessor` works successors out from cached handler outcomes without listing
/// the handlers' steps; the explorer's counts, paths and replays rest on it giving exactly what
/// `actions(from:)` and `successor(of:via:)` give, action by action. The oracle here is those
/// two, taken one action at a time, in every state of a breadth-first prefix of each system;
/// for the labelled walk the liveness check takes, also their fairness, numbered one by one.
@Suite struct SuccessorEnumerationTests {
  /// A system and the number of states to compare it in.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var states: Int
    var check: @Sendable () throws -> Void
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "2PC, crashes in mid-broadcast, recovery", states: 400) {
      try compare(
        TwoPhaseCommit.make(participants: 3, crashes: 2, recovery: true, crashDuringSends: true), states: 400
      )
    },
    Case(name: "2PC, unordered network with a link cut", states: 400) {
      try compare(
        TwoPhaseCommit.make(
          participants: 2, crashes: 1, network: NetworkSemantics(delivery: .unordered, partitionEvents: 2)),
        states: 400)
    },
    Case(name: "2PC, lossy FIFO network", states: 400) {
      try compare(
        TwoPhaseCommit.make(
          participants: 3, crashes: 1, network: NetworkSemantics(delivery: .fifo, lossy: true)),
        states: 400)
    },
    Case(name: "flooding consensus, crashes in mid-flood", states: 400) {
      try compare(FloodingConsensus.make(processes: 3, crashes: 2, decidesEarly: false), states: 400)
    },
    Case(name: "rotating coordinator, ◇S false suspicions", states: 400) {
      try compare(
        RotatingCoordinator.make(
          processes: 3, crashes: 1, detector: .eventuallyStrong(falseSuspicions: 1), rounds: 2, majority: true
        ),
        states: 400)
    },
    Case(name: "primary-backup, client history", states: 400) {
      try compare(PrimaryBackup.make(replicas: 2, clients: 2, crashes: 1, variant: .correct), states: 400)
    },
    Case(name: "paxos with renamed ballots, latest network, a crash", states: 400) {
      try compare(PaxosProgress.make(electsLeader: true, acceptors: 3, crashes: 1), states: 400)
    },
  ]

  @Test(arguments: cases)
  func successorsAreThoseOfTheActionsOneByOne(_ test: Case) throws {
    try test.check()
  }

  /// Compares the two ways in the first `states` states a breadth-first search reaches, on a
  /// search thread's copy (cached outcomes) and on the shared system (a fresh cache a call).
  static func compare<P: SystemProcess>(_ system: System<P>, states limit: Int) {
    let worker = system.worker()
    var queue = system.initialStates
    var seen = Set(queue)
    var next = 0
    var scratch: [SystemAction<P>] = []
    var table = FairActionTable(model: worker)
    var oracle = FairActionTable(model: system)
    // The two tables' numbers must correspond one to one.
    var toOracle: [Int32: Int32] = [:]
    var fromOracle: [Int32: Int32] = [:]
    var fairSteps = 0
    func expected(_ model: System<P>, _ state: SystemState<P>) -> [(Int, SystemState<P>)] {
      let actions = model.actions(from: state)
      return actions.indices.compactMap { choice in
        model.successor(of: state, via: actions[choice]).map { (choice, $0) }
      }
    }
    defer { #expect(fairSteps > 0, "no fair step met: the labels were never compared") }
    while next < queue.count && next < limit {
      let state = queue[next]
      next += 1
      for model in [worker, system] {
        let actions = model.actions(from: state)
        let expected = actions.indices.compactMap { choice in
          model.successor(of: state, via: actions[choice]).map { (choice, $0) }
        }
        var found: [(Int, SystemState<P>)] = []
        let listed = model.forEachSuccessor(of: state, scratch: &scratch) { found.append(($0, $1)) }
        #expect(listed == actions.count, "state \(next - 1)")
        #expect(found.map(\.0) == expected.map(\.0), "state \(next - 1)")
        #expect(found.map(\.1) == expected.map(\.1), "state \(next - 1)")
      }
      // The labelled walk gives the same steps, and fair action numbers that name the same
      // actions as the default's: the actions one by one, numbered by their own fairness.
      var labelled: [(Int, SystemState<P>, Int32)] = []
      _ = worker.forEachSuccessor(of: state, scratch: &scratch, fairActions: &table) {
        labelled.append(($0, $1, $2))
      }
      let actions = worker.actions(from: state)
      var oracleLabels: [Int32] = []
      for choice in actions.indices where worker.successor(of: state, via: actions[choice]) != nil {
        let action = actions[choice]
        oracleLabels.append(oracle.number(of: action, fairness: worker.fairness(of: action, in: state)))
      }
      let steps = expected(worker, state)
      #expect(labelled.map(\.0) == steps.map(\.0), "state \(next - 1)")
      #expect(labelled.map(\.1) == steps.map(\.1), "state \(next - 1)")
      #expect(labelled.count == oracleLabels.count, "state \(next - 1)")
      for (step, oracleLabel) in zip(labelled, oracleLabels) {
        #expect((step.2 < 0) == (oracleLabel < 0), "state \(next - 1), choice \(step.0)")
        guard step.2 >= 0, oracleLabel >= 0 else { continue }
        #expect(toOracle[step.2, default: oracleLabel] == oracleLabel, "state \(next - 1), choice \(step.0)")
        #expect(fromOracle[oracleLabel, default: step.2] == step.2, "state \(next - 1), choice \(step.0)")
        toOracle[step.2] = oracleLabel
        fromOracle[oracleLabel] = step.2
        fairSteps += 1
      }
      for choice in worker.actions(from: state) {
        if let successor = worker.successor(of: state, via: choice), seen.insert(successor).inserted {
          queue.append(successor)
        }
      }
    }
  }
}
