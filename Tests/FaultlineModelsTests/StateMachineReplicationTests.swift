import Faultline
import FaultlineModels
import Foundation
import Testing

/// Issue #13: state machine replication by Viewstamped Replication Revisited (Liskov and
/// Cowling, 2012). Verdicts and counterexample lengths are argued by hand below; the larger
/// points run on the release binary in `ParameterGridTests`.
@Suite struct StateMachineReplicationTests {
  typealias Process = StateMachineReplicationProcess

  typealias Case = CatalogueCase

  static let linearizability = "linearizability"

  /// The verdicts and shortest counterexamples, by hand.
  ///
  /// The correct protocol holds at every point: VR's safety argument (§4.2, §8) is that an
  /// operation is replied only once committed, committed means f + 1 replicas hold it, and any
  /// f + 1 DoViewChange messages include one of them whose last normal view is the largest, so
  /// the new primary's log keeps every committed operation in its place.
  ///
  /// For both broken variants a violation needs the read (c0's second operation) to return 0
  /// after write(1) was replied, so the replica that answers the read lacks the write. c0 first
  /// sends each request to the primary of the view it knows (view 0 at first, then the view of
  /// the last reply), and reaches any other replica only by its one resend to every replica.
  /// Views are 0 (primary r0) and 1 (primary r1). Each step handles one event, so steps that are
  /// different events add up. Case A, the write is replied by r0 in view 0, which then holds it:
  /// the read is answered by r1 in view 1 (r0 in view 0 would answer 1). It takes
  /// - the write: c0 invokes (1), r0 receives the request (2), c0 receives the reply (3);
  /// - the read: c0 invokes (4); c0 knows view 0 from r0's reply, so its request reaches r1 only
  ///   by the resend (5); r1 receives it (6); c0 receives r1's reply (7);
  /// - r1 becomes normal in view 1 (§4.2): it needs f + 1 = 2 DoViewChange messages. Its own is
  ///   recorded only once it has received a StartViewChange (f = 1), and any other one is a
  ///   delivery to it, so r1 handles at least two deliveries (8, 9); a replica other than r1
  ///   that sends a DoViewChange has received a StartViewChange first (10, a delivery at another
  ///   replica), and the first StartViewChange of all is sent by a timeout (11).
  ///
  /// Case B, the write is replied by r1 in view 1: then the read is answered by r0 in view 0.
  /// The write needs c0's resend (it knows view 0 at its invoke) and the read needs the other
  /// resend (c0 knows view 1 from the write's reply), so case B costs the 11 steps of case A and
  /// one resend more: 12 at least. Where the read must commit (every variant but
  /// `reply-before-commit`) case B is impossible: r0 commits the read in view 0 only with the
  /// PrepareOK of a replica still in view 0, but r1 and the replicas whose DoViewChange let it
  /// start view 1 have left view 0 before the write's reply, hence before the read.
  ///
  /// - `reply-before-commit`, 11: exactly case A's steps. r0 replies to the write on receipt,
  ///   before any PrepareOK (so r1's log lacks it), and r1 replies to the read on receipt too.
  /// - `view-change-without-log-merge`, 16: case A's 11 (case B is impossible), plus what
  ///   commits need. The write is replied only once committed: a backup receives r0's Prepare
  ///   (12) and r0 receives its PrepareOK (13). The read is too, in view 1: a backup receives
  ///   r1's Prepare (14) and r1 receives its PrepareOK (15); that backup accepts a Prepare of
  ///   view 1 only in status normal in view 1, which a replica other than the primary reaches
  ///   only by receiving StartView (16). r1 keeps its own log, which lacks the write although
  ///   r0's DoViewChange held it.
  ///
  /// A crash shortens neither path: it is a step of its own and replaces no delivery.
  @Test(arguments: [
    Case(variant: "correct", expected: .holds),
    Case(
      variant: "correct", parameters: ["view-changes": 0, "clients": 2, "operations": 1], expected: .holds),
    Case(variant: "correct", parameters: ["operations": 1, "crashes": 1], expected: .holds),
    Case(
      variant: "correct", parameters: ["operations": 1, "view-changes": 0], network: "unordered",
      expected: .holds),
    Case(variant: "reply-before-commit", expected: .violated(linearizability, steps: 11)),
    Case(variant: "view-change-without-log-merge", expected: .violated(linearizability, steps: 16)),
  ])
  func verdictsAndShortestCounterexamples(_ c: Case) throws {
    try c.check("state-machine-replication")
  }

  /// The counterexample replays to the same violation, and written as a trace it is a
  /// linearizability violation to `faultline verify`, which reads only the clients' invocations
  /// and responses.
  @Test(arguments: ["reply-before-commit", "view-change-without-log-merge"])
  func counterexamplesReplayAndTheirTracesAreNotLinearizable(variant: String) throws {
    let entry = try Catalogue.entry(named: "state-machine-replication")
    let found = try entry.run(variant: variant)
    let violation = try #require(found.verdict.violations.first)
    let choices = try #require(found.replays[violation.property])
    let replayed = try entry.run(variant: variant, request: CheckRequest(replay: choices))
    #expect(replayed.verdict.violations.first?.property == violation.property)
    #expect(replayed.verdict.violations.first?.steps == violation.steps)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "smr-\(UUID().uuidString).jsonl")
    try TraceExport.jsonl(violation).write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let verified = try TraceVerifier.verify(path: file.path)
    #expect(!verified.verdict.violations.isEmpty)
    #expect(verified.verdict.violations.allSatisfy { $0.property.contains("lineariz") })
  }

  /// Values outside the parameters' ranges, and broken variants where their bug cannot show,
  /// are refused with the reason.
  @Test(
    arguments: [
      ("correct", ["replicas": 4], "3 or 5"),
      ("correct", ["replicas": 1], "from 3 to 5"),
      ("correct", ["crashes": 2], "from 0 to f = 1"),
      ("correct", ["clients": 3], "from 1 to 2"),
      ("correct", ["view-changes": 3], "from 0 to 2"),
      ("correct", ["operations": 0], "from 1 to 2"),
      ("reply-before-commit", ["view-changes": 0], "1 or more for variant reply-before-commit"),
      ("view-change-without-log-merge", ["operations": 1], "2 or more, or 2 clients"),
    ] as [(String, [String: Int], String)])
  func outOfRangeValuesAreRefused(variant: String, parameters: [String: Int], message: String) {
    do {
      _ = try Catalogue.entry(named: "state-machine-replication").run(
        variant: variant, parameters: parameters.mapValues { .integer($0) })
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error).contains(message), "\(error)")
    }
  }

  /// The client table (§4.1): a request the primary has executed, retried by its client, gets
  /// the result again and is not appended a second time. Each step is taken by hand on the
  /// unordered network, where the retried copy is a message of its own.
  @Test func aRetriedRequestIsNotExecutedTwice() throws {
    let system = try StateMachineReplication.make(operations: 1, viewChanges: 0, network: .unordered)
    let write = Process.Entry(client: 3, number: 0, operation: .write(1))
    var state = try #require(system.initialStates.first)
    func step(_ action: SystemAction<Process>) throws {
      state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
    }
    func deliver(_ message: Process.Message, from: Int, to: Int) throws {
      try step(.handle(.deliver(Envelope(from: from, to: to, message: message)), crashKeeping: nil))
    }
    try step(.handle(.choose(process: 3, choice: .invoke), crashKeeping: nil))
    try deliver(.request(write), from: 3, to: 0)
    try deliver(.prepare(view: 0, entry: write, opNumber: 1, commit: 0), from: 0, to: 1)
    try deliver(.prepareOK(view: 0, opNumber: 1), from: 1, to: 0)
    #expect(state.locals[0].log == [write] && state.locals[0].commit == 1)
    try step(.handle(.choose(process: 3, choice: .resend), crashKeeping: nil))
    try deliver(.request(write), from: 3, to: 0)
    #expect(state.locals[0].log == [write])
    let reply = Envelope<Process.Message>(from: 0, to: 3, message: .reply(view: 0, number: 0, result: .ok))
    #expect(state.network.filter { $0 == reply }.count == 2)
    // Backups drop a request: only the primary answers clients.
    try deliver(.request(write), from: 3, to: 1)
    #expect(state.locals[1].log == [write])
  }

  /// The no-merge variant breaks log agreement too, a few steps before a client can see it: the
  /// property, written here again from its definition, is violated.
  @Test func withoutLogMergeTheCommittedPrefixesDisagree() throws {
    let base = try StateMachineReplication.make(variant: .viewChangeWithoutLogMerge)
    typealias State = SystemState<Process>
    @Sendable func agree(_ state: State) -> Bool {
      let prefixes = (0..<3).map { state.locals[$0].log.prefix(state.locals[$0].commit) }
      return prefixes.allSatisfy { a in
        prefixes.allSatisfy { b in
          let n = min(a.count, b.count)
          return a.prefix(n).elementsEqual(b.prefix(n))
        }
      }
    }
    let system = try System(
      processes: base.processes, network: base.network, faults: base.faults,
      properties: [.always("log agreement", agree)])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict.violations.first?.property == "log agreement")
  }
}
