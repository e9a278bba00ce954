import Faultline
import FaultlineModels
import Testing

/// Three-phase commit: safe and non-blocking under crash-stop with a perfect detector, unsafe
/// under a partition, and each broken variant's classic failure at the length worked out by hand.
@Suite struct ThreePhaseCommitTests {
  /// What a check must give: holds, or these properties violated, the first with a shortest
  /// counterexample of this many steps.
  enum Expected: Sendable, CustomStringConvertible {
    case holds
    case violated([String], steps: Int)

    var description: String {
      switch self {
      case .holds: return "holds"
      case .violated(let properties, let steps): return "\(properties) in \(steps) steps"
      }
    }
  }

  /// One check of the catalogue entry.
  struct Case: Sendable, CustomStringConvertible {
    var variant: String
    var participants: Int
    var crashes: Int
    var partitions = 0
    var expected: Expected

    var description: String {
      "\(variant) participants=\(participants) crashes=\(crashes) partitions=\(partitions): \(expected)"
    }
  }

  /// The shortest counterexamples, by hand. A commit needs the votes: the coordinator sends
  /// VoteRequest (1 step), each of n participants receives it and votes (2n), and the
  /// coordinator receives each vote (n): 3n + 1 steps.
  /// - `no-precommit` commits on the last vote, and crashes in that step before any Commit leaves
  ///   (its decision still counts: agreement is uniform). p1 suspects it (1) and leads; all
  ///   participants are uncertain, which it learns by a StateRequest received and answered by
  ///   each other participant (2(n - 1)); it aborts. 5n steps: 5 for one participant, 10 for two.
  /// - `termination-aborts-precommitted` first precommits: each participant receives PreCommit
  ///   and the coordinator its Ack (2n), committing and crashing on the last; then the same
  ///   termination, which aborts although everyone is precommitted: 7n steps, 7 for one
  ///   participant. With a second crash, a participant that crashes after voting (1) costs the
  ///   coordinator one suspicion instead of a PreCommit and an Ack, and p1 one suspicion instead
  ///   of a state exchange: 7n - 1, 13 for two.
  /// - `accepts-stale-precommit` needs two crashes: the coordinator's, so that p1 leads, and then
  ///   p1's, so that p2 leads. The votes, the coordinator crashing in its last step with PreCommit
  ///   sent to p2 alone (3n + 1 = 7 with two participants; had p1 got it, it would lead
  ///   precommitted and commit); p1 suspects the coordinator (1) and p2 receives its StateRequest
  ///   (1), answering uncertain; p1 receives the answer, aborts and crashes in that step before
  ///   its Abort leaves (1); p2 takes the stale PreCommit (1), suspects the coordinator and p1
  ///   (2), leads precommitted with nobody left to ask, and commits: 13. None can go: p2 must
  ///   answer p1 before the PreCommit arrives, or p1 would see it precommitted, and it commits
  ///   only as a leader, after both suspicions (three participants, the defaults: 20 steps, in
  ///   `ReleaseBinaryTests`). With one crash only p1 ever leads, and a stale PreCommit reaches a
  ///   process after it answered p1, whose rule no longer reads its phase (p1 itself, leading,
  ///   goes by what it saw when elected): it holds, which the catalogue hides by raising the
  ///   crashes. With one participant it holds too: p1 leads with nobody to ask and decides at
  ///   once, and a decided process takes no PreCommit.
  /// - Under a partition, the correct protocol with one participant: the votes (4), the link
  ///   cut while PreCommit is in flight (1), and each end suspecting the other (2): the
  ///   coordinator commits for want of the Ack, p1 aborts as the new coordinator of its side, 7
  ///   steps. With two participants and a crash: the votes (7), the coordinator crashing in its
  ///   last step with PreCommit sent to p1 alone; p1 receives it (1); the link p1–p2 is cut (1);
  ///   p1 suspects the coordinator and p2 (2) and commits, p2 suspects both (2) and aborts: 13.
  /// - One cut with two participants and no crash breaks no invariant (a cut between the
  ///   participants leaves the coordinator in charge; a cut from the coordinator lets only that
  ///   participant lead, and it still hears from the other, which commits only after a PreCommit
  ///   that it would report), but it blocks, in 8 steps: the coordinator sends
  ///   VoteRequest (1), both participants receive it (2), p2 votes yes (1), the link
  ///   coordinator–p2 is cut (1), the coordinator suspects p2 and aborts (1), p1 receives the
  ///   Abort (1), p2 suspects the coordinator (1). No fair step is left: p2 waits for p1 to lead,
  ///   and p1, which still hears from the coordinator, never suspects it.
  static let cases: [Case] = [
    Case(variant: "correct", participants: 1, crashes: 0, expected: .holds),
    Case(variant: "correct", participants: 1, crashes: 1, expected: .holds),
    Case(variant: "correct", participants: 1, crashes: 2, expected: .holds),
    Case(variant: "correct", participants: 2, crashes: 1, expected: .holds),
    // Every process but one may crash, new coordinators included.
    Case(variant: "correct", participants: 2, crashes: 2, expected: .holds),
    Case(variant: "no-precommit", participants: 1, crashes: 0, expected: .holds),
    Case(
      variant: "no-precommit", participants: 1, crashes: 1, expected: .violated(["atomic commit"], steps: 5)),
    Case(
      variant: "no-precommit", participants: 2, crashes: 1, expected: .violated(["atomic commit"], steps: 10)),
    Case(variant: "termination-aborts-precommitted", participants: 1, crashes: 0, expected: .holds),
    Case(
      variant: "termination-aborts-precommitted", participants: 1, crashes: 1,
      expected: .violated(["atomic commit"], steps: 7)),
    Case(
      variant: "termination-aborts-precommitted", participants: 2, crashes: 2,
      expected: .violated(["atomic commit"], steps: 13)),
    Case(variant: "accepts-stale-precommit", participants: 1, crashes: 2, expected: .holds),
    Case(
      variant: "correct", participants: 1, crashes: 0, partitions: 1,
      expected: .violated(["atomic commit"], steps: 7)),
    Case(
      variant: "correct", participants: 2, crashes: 1, partitions: 1,
      expected: .violated(["atomic commit"], steps: 13)),
    Case(
      variant: "correct", participants: 2, crashes: 0, partitions: 1,
      expected: .violated(["termination"], steps: 8)),
  ]

  /// The catalogue raises one crash to two for `accepts-stale-precommit`: the same 13 steps.
  static let staleCases = [1, 2].map {
    Case(
      variant: "accepts-stale-precommit", participants: 2, crashes: $0,
      expected: .violated(["atomic commit"], steps: 13))
  }

  @Test(arguments: cases + staleCases)
  func verdictsAndShortestCounterexamples(_ check: Case) throws {
    let outcome = try Catalogue.entry(named: "three-phase-commit").run(
      variant: check.variant,
      parameters: [
        "participants": .integer(check.participants), "crashes": .integer(check.crashes),
        "partitions": .integer(check.partitions),
      ])
    switch check.expected {
    case .holds:
      #expect(outcome.verdict == .holds, "\(outcome.verdict.violations.map(\.property))")
    case .violated(let properties, let steps):
      #expect(outcome.verdict.violations.map(\.property) == properties)
      #expect(outcome.verdict.violations.first?.steps.count == steps)
    }
  }

  /// The partition counterexample shows the partition: the link is cut with PreCommit in flight,
  /// and each side suspects the other only across the cut, then decides alone.
  @Test func aPartitionLetsEachSideDecideAlone() throws {
    let outcome = try Catalogue.entry(named: "three-phase-commit").run(
      parameters: ["participants": .integer(1), "crashes": .integer(0), "partitions": .integer(1)])
    let steps = try #require(outcome.verdict.violations.first?.steps)
    #expect(
      steps.suffix(3).map { "\($0.process ?? "environment"): \($0.action)" } == [
        "environment: link coordinator–p1 is cut", "coordinator: starts suspecting p1",
        "p1: starts suspecting coordinator",
      ])
    #expect(steps[5].events.contains(.decide(.string("commit"))))
    #expect(steps[5].events.contains(.commit(transaction: "t1", participants: ["p1"])))
    #expect(steps[6].events.contains(.decide(.string("abort"))))
    #expect(steps[6].events.contains(.abort(transaction: "t1")))
  }

  /// Steps `system` through actions named by process and description.
  struct Run {
    var system: System<ThreePhaseCommitProcess>
    var state: SystemState<ThreePhaseCommitProcess>

    init(_ system: System<ThreePhaseCommitProcess>) throws {
      self.system = system
      state = try #require(system.initialStates.first)
    }

    mutating func step(_ process: String, _ action: String) throws {
      let chosen = try #require(
        system.actions(from: state).first {
          let description = system.describe($0)
          return description.process == process && description.action == action
        }, "\(process): \(action)")
      state = try #require(system.successor(of: state, via: chosen))
    }

    /// Every participant receives the request and votes yes, and the coordinator receives the
    /// votes; the last vote's handler runs with `last` appended to its description.
    mutating func everyoneVotesYes(last: String = "") throws {
      let participants = 1..<state.processCount
      try step("coordinator", "sends VoteRequest")
      for process in participants { try step("p\(process)", "receive VoteRequest from coordinator") }
      for process in participants { try step("p\(process)", "votes yes") }
      for process in participants {
        try step("coordinator", "receive Yes from p\(process)" + (process == participants.last ? last : ""))
      }
    }
  }

  /// The termination protocol restarts when its new coordinator crashes: the coordinator dies
  /// with PreCommit sent to p1 alone; p1 leads, finds p2 uncertain, sends it PreCommit and dies
  /// before the Ack; p2 leads, precommitted, and commits although nobody told it to.
  @Test func aCrashedNewCoordinatorIsReplacedByTheNext() throws {
    var run = try Run(try ThreePhaseCommit.make(participants: 2, crashes: 2))
    try run.everyoneVotesYes(last: ", then crashes mid-step: only send #1 left")
    try run.step("p1", "receive PreCommit from coordinator")
    try run.step("p1", "starts suspecting coordinator")
    try run.step("p2", "receive StateRequest from p1")
    try run.step("p1", "receive State(uncertain) from p2")
    try run.step("p1", "crashes")
    try run.step("p2", "receive PreCommit from p1")
    try run.step("p2", "starts suspecting coordinator")
    try run.step("p2", "starts suspecting p1")
    #expect(run.state.crashed == ProcessSet([0, 1]))
    #expect(run.state.decisions(of: 2) == [.commit])
    #expect(run.state.network.isEmpty)
  }

  /// Why a process ignores older coordinators once it has answered a newer one: p2 reports
  /// uncertain to p1, p1 aborts and dies before telling anyone, and the dead coordinator's
  /// PreCommit reaches p2 only then. The protocol ignores it, and p2, leading next, aborts too;
  /// `accepts-stale-precommit` adopts it, and p2 commits what p1 aborted (its 13-step
  /// counterexample).
  @Test(
    arguments: [
      (
        ThreePhaseCommit.Variant.correct, ThreePhaseCommitProcess.Phase.uncertain,
        ThreePhaseCommitProcess.Decision.abort
      ),
      (.acceptsStalePrecommit, .precommitted, .commit),
    ])
  func aStalePreCommitIsIgnored(
    variant: ThreePhaseCommit.Variant, phase: ThreePhaseCommitProcess.Phase,
    decision: ThreePhaseCommitProcess.Decision
  ) throws {
    var run = try Run(try ThreePhaseCommit.make(participants: 2, crashes: 2, variant: variant))
    try run.everyoneVotesYes(last: ", then crashes mid-step: only send #2 left")
    try run.step("p1", "starts suspecting coordinator")
    try run.step("p2", "receive StateRequest from p1")
    try run.step("p1", "receive State(uncertain) from p2, then crashes mid-step: none of its sends left")
    #expect(run.state.decisions(of: 1) == [.abort])
    try run.step("p2", "receive PreCommit from coordinator")
    #expect(run.state.locals[2].phase == phase)
    try run.step("p2", "starts suspecting coordinator")
    try run.step("p2", "starts suspecting p1")
    #expect(run.state.decisions(of: 2) == [decision])
  }

  /// With one crash `accepts-stale-precommit` holds (the reasoning is above `cases`); the
  /// catalogue raises its crashes to two, the library does not.
  @Test func theStalePreCommitNeedsTwoCrashes() throws {
    let system = try ThreePhaseCommit.make(participants: 2, crashes: 1, variant: .acceptsStalePrecommit)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  @Test(
    arguments: [
      (["participants": 0], "participants"), (["participants": 2, "crashes": 4], "crashes"),
      (["partitions": 5], "partitions"),
    ] as [([String: Int], String)])
  func parametersOutOfRangeAreRefused(parameters: [String: Int], name: String) {
    do {
      _ = try Catalogue.entry(named: "three-phase-commit").run(
        parameters: parameters.mapValues { .integer($0) })
      Issue.record("expected \(name) to be refused")
    } catch {
      #expect(String(describing: error).contains(name), "\(error)")
    }
  }
}
