import Faultline
import FaultlineModels
import Testing

/// `System.forEachSuccessor` works successors out from cached handler outcomes without listing
/// the handlers' steps; the explorer's counts, paths and replays rest on it giving exactly what
/// `actions(from:)` and `successor(of:via:)` give, action by action. The oracle here is those
/// two, taken one action at a time, in every state of a breadth-first prefix of each system.
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
      for choice in worker.actions(from: state) {
        if let successor = worker.successor(of: state, via: choice), seen.insert(successor).inserted {
          queue.append(successor)
        }
      }
    }
  }
}
