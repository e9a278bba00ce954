import Faultline
import FaultlineModels
import Testing

/// Issue #13: quorum replication (Gifford's voting with Attiya, Bar-Noy and Dolev's two-phase
/// operations). Verdicts and counterexample lengths are argued by hand below and checked against
/// an independent enumeration (`QuorumOracle`); the larger points, crashes included, run on the
/// release binary in `ParameterGridTests`.
@Suite struct QuorumReplicationTests {
  typealias Process = QuorumReplicationProcess

  struct Case: Sendable, CustomTestStringConvertible {
    var variant: String
    var steps: Int?
    var testDescription: String { variant }
  }

  /// At the defaults: 3 replicas, majority quorums (r = w = 2; small-quorums r = 1, w = 2),
  /// client 0 writes 1, client 1 reads twice (no-write-query implies a second writer, so client
  /// 1 writes 2, then reads once); no crash. With quorums of q replicas, a query phase takes
  /// 1 + 2q steps (the invocation or choice that sends it, then each replica's step and each
  /// reply's delivery) and a store phase as many (the choice of the write quorum, then the
  /// same), and neither can be shortened: the client moves on only at its q-th reply.
  ///
  /// - small-quorums, 16: a read must return 0 after the write's ok; a read concurrent with the
  ///   write may return 0. The write takes 3 + 5 steps (r = 1, w = 2), and the read, invoked
  ///   after the write's response, 3 + 5 more (it writes back what it read before returning):
  ///   it queries p2 alone, outside the write quorum {p0, p1}.
  /// - no-write-back, 17: the new-old inversion. The write must reach one replica before any
  ///   read sees it: its query (5 steps), the choice of a write quorum (1), one store (1). Then
  ///   each read (querying only, 5 steps each): the first asks that replica and returns 1, the
  ///   second asks the other two and returns 0. 7 + 5 + 5.
  /// - no-write-query, 20: both writes take version 1, and (1, c1) beats (1, c0). Client 1
  ///   writes 2 (a store phase alone, 5 steps), then client 0 writes 1 (5 steps; the replicas
  ///   keep the higher tag), then client 1 reads, after both writes returned, and returns 2 (10
  ///   steps with the write-back). Any read that returns 2 while write(1) came after write(2) is
  ///   such a read, and no other read is wrong: quorums meet.
  @Test(arguments: [
    Case(variant: "correct", steps: nil), Case(variant: "small-quorums", steps: 16),
    Case(variant: "no-write-back", steps: 17), Case(variant: "no-write-query", steps: 20),
  ])
  func verdictsAndShortestCounterexamplesAtTheDefaults(_ c: Case) throws {
    let outcome = try Catalogue.entry(named: "quorum-replication").run(variant: c.variant)
    guard let steps = c.steps else {
      #expect(outcome.verdict.name == "holds")
      return
    }
    let violation = try #require(outcome.verdict.violations.first)
    #expect(violation.property == "linearizability")
    #expect(violation.steps.count == steps)
  }

  struct OracleCase: Sendable, CustomTestStringConvertible {
    var variant = Process.Variant.correct
    var replicas = 3
    var read = 2
    var write = 2
    var writers = 1
    var operations = 2
    var testDescription: String {
      "\(variant.rawValue) n=\(replicas) r=\(read) w=\(write) writers=\(writers) operations=\(operations)"
    }
  }

  /// The explorer and the independent enumeration agree: the same number of distinct states
  /// where the protocol holds, the same shortest violation where it does not. The cases:
  /// majorities with a write and a read; read-one-write-all; write-one-read-all with two
  /// writers, which holds although write quorums do not meet (2w ≤ n): a write learns the
  /// highest tag from a read quorum, which meets every write quorum; two replicas with two
  /// writers; and the three broken variants at their smallest settings.
  @Test(arguments: [
    OracleCase(operations: 1),
    OracleCase(read: 1, write: 3, operations: 1),
    OracleCase(read: 3, write: 1, writers: 2),
    OracleCase(replicas: 2, writers: 2),
    OracleCase(variant: .smallQuorums, read: 1, write: 2, operations: 1),
    OracleCase(variant: .noWriteBack),
    OracleCase(variant: .noWriteQuery, writers: 2),
  ])
  func explorerAgreesWithAnIndependentEnumeration(_ c: OracleCase) throws {
    let system = try QuorumReplication.make(
      replicas: c.replicas, readQuorum: c.read, writeQuorum: c.write, writers: c.writers,
      operations: c.operations, variant: c.variant)
    let oracle = QuorumOracle(
      replicas: c.replicas, readQuorum: c.read, writeQuorum: c.write, writers: c.writers,
      operations: c.operations, writeBack: c.variant != .noWriteBack, writeQuery: c.variant != .noWriteQuery
    ).explore()
    let exploration = try Explorer(system).run()
    if let steps = oracle.shortestViolation {
      #expect(exploration.verdict.violations.map(\.property) == ["linearizability"])
      #expect(exploration.counterexamples["linearizability"]?.steps.count == steps)
    } else {
      #expect(exploration.verdict == .holds)
      #expect(exploration.statistics.distinctStates == oracle.distinct)
    }
  }

  /// The quorum sizes a 0 asks for: majorities, or for small-quorums ⌈n/2⌉ writes and the rest
  /// reads, one vote short of meeting.
  @Test(arguments: [(1, 1, 1, 0, 1), (2, 2, 2, 1, 1), (3, 2, 2, 1, 2), (4, 3, 3, 2, 2), (5, 3, 3, 2, 3)])
  func defaultQuorums(replicas: Int, read: Int, write: Int, smallRead: Int, smallWrite: Int) {
    let majority = QuorumReplication.quorums(
      replicas: replicas, readQuorum: 0, writeQuorum: 0, variant: .correct)
    #expect(majority.read == read && majority.write == write)
    let small = QuorumReplication.quorums(
      replicas: replicas, readQuorum: 0, writeQuorum: 0, variant: .smallQuorums)
    #expect(small.read == smallRead && small.write == smallWrite)
  }

  /// Quorums the variant cannot keep are refused with the option to change and the rule.
  @Test(
    arguments: [
      ("correct", ["read-quorum": 1], "--read-quorum", "r + w > n"),
      ("correct", ["write-quorum": 1], "--write-quorum", "r + w > n"),
      ("correct", ["read-quorum": 1, "write-quorum": 1], "--read-quorum", "small-quorums"),
      ("correct", ["read-quorum": 4], "--read-quorum", "1 to 3 votes"),
      ("small-quorums", ["read-quorum": 2], "--read-quorum", "is the correct protocol"),
      ("small-quorums", ["replicas": 1], "--replicas", "2 or more for variant small-quorums"),
      ("small-quorums", ["write-quorum": 3], "--write-quorum", "a read quorum needs a vote"),
      ("no-write-back", ["read-quorum": 1], "--read-quorum", "r + w > n"),
      ("correct", ["clients": 2, "writers": 3], "--writers", "1 to 2"),
      ("correct", ["clients": 1], "--clients", "from 2 to 3"),
      ("correct", ["crashes": 4], "--crashes", "0 to 3"),
    ] as [(String, [String: Int], String, String)])
  func parametersTheVariantCannotKeepAreRefused(
    variant: String, parameters: [String: Int], option: String, message: String
  ) {
    do {
      _ = try Catalogue.entry(named: "quorum-replication").run(
        variant: variant, parameters: parameters.mapValues { .integer($0) })
      Issue.record("expected \(parameters) refused for \(variant)")
    } catch {
      let text = "\(error.commandLine)"
      #expect(text.contains(option), "\(text)")
      #expect(text.contains(message), "\(text)")
    }
  }

  /// A single writer's own counter is correct, so `no-write-query` needs two: `make` refuses
  /// one, and the catalogue implies a second and reports it.
  @Test func noWriteQueryImpliesASecondWriter() throws {
    #expect(throws: FaultlineError.self) { try QuorumReplication.make(writers: 1, variant: .noWriteQuery) }
    let outcome = try Catalogue.entry(named: "quorum-replication").run(
      variant: "no-write-query", parameters: ["writers": .integer(1)])
    #expect(outcome.parameters.first { $0.0 == "writers" }?.1 == "2")
    #expect(outcome.verdict.violations.first?.property == "linearizability")
  }

  /// Without the write-back, a read that asks every replica (r = n) still sees whatever an
  /// earlier read saw: the replica that showed it the value still holds it. So the inversion
  /// needs r < n, and `no-write-back` holds with 2 replicas (majority 2) and with r = 3 of 3.
  @Test(arguments: [(2, 0, 0), (3, 3, 1)])
  func noWriteBackNeedsAReadQuorumSmallerThanAll(replicas: Int, read: Int, write: Int) throws {
    let system = try QuorumReplication.make(
      replicas: replicas, readQuorum: read, writeQuorum: write, variant: .noWriteBack)
    #expect(try Explorer(system).run().verdict == .holds)
  }

  /// With fewer than a quorum up, clients wait forever: liveness fails, safety does not. With
  /// 2 replicas (majority 2) and one crash, 10 steps with `--send-to quorum`: a replica crashes
  /// (1); both clients invoke (2, a fair choice each), and whatever quorum they pick holds the
  /// other replica, which answers both (2) and whose replies arrive (2); the live processes,
  /// both clients and that replica, must come to suspect the crashed one (3, weakly fair with a
  /// perfect detector). Asking every replica needs no detector: 7 steps, the same without the
  /// suspicions. Over a lossy network with 2 replicas and no crash, 6: each client invokes and
  /// both of its queries are lost (a delivered one would cost its reply too, and every quorum
  /// is both replicas).
  @Test(arguments: [
    (2, 1, "unordered", "quorum", 10), (2, 1, "unordered", "all", 7), (2, 0, "lossy", "quorum", 6),
  ])
  func fewerThanAQuorumUpLeavesClientsWaiting(
    replicas: Int, crashes: Int, network: String, sendTo: String, steps: Int
  ) throws {
    let outcome = try Catalogue.entry(named: "quorum-replication").run(
      parameters: [
        "replicas": .integer(replicas), "crashes": .integer(crashes), "operations": .integer(1),
        "network": .choice(network), "send-to": .choice(sendTo),
      ])
    #expect(outcome.verdict.keepsSafety)
    let violation = try #require(outcome.verdict.violations.first)
    #expect(violation.property == "every client eventually completes its operations")
    #expect(violation.kind == .liveness)
    #expect(violation.steps.count == steps)
  }

  /// A client that suspects a replica it asked and waits for asks the others: c0 queries
  /// {p0, p1}, p0 crashes, and when c0 suspects it the query goes to p2, whose reply with p1's
  /// completes the phase. (The grid checks that this keeps the protocol live and linearizable
  /// with a crash; that space is too large for a debug build.)
  @Test func aSuspectedReplicaIsReplacedByTheOthers() throws {
    let system = try QuorumReplication.make(crashes: 1)
    let query = Process.Message(kind: .query, operation: 0)
    var state = try #require(system.initialStates.first)
    func step(_ action: SystemAction<Process>) throws {
      state = try #require(system.successor(of: state, via: action), "\(action) not enabled")
    }
    try step(.handle(.choose(process: 3, choice: .query(ProcessSet([0, 1]))), crashKeeping: nil))
    try step(.crash(process: 0))
    #expect(!state.network.contains(Envelope(from: 3, to: 2, message: query)))
    try step(.handle(.suspect(observer: 3, target: 0), crashKeeping: nil))
    #expect(state.network.contains(Envelope(from: 3, to: 2, message: query)))
    for replica in [1, 2] {
      try step(.handle(.deliver(Envelope(from: 3, to: replica, message: query)), crashKeeping: nil))
    }
    let reply = Process.Message(kind: .reply, operation: 0)
    for replica in [1, 2] {
      try step(.handle(.deliver(Envelope(from: replica, to: 3, message: reply)), crashKeeping: nil))
    }
    // The query is done: c0 now picks a write quorum among the replicas it does not suspect.
    let choices = system.actions(from: state).compactMap { action -> ProcessSet? in
      guard case .handle(.choose(3, .store(let replicas)), nil) = action else { return nil }
      return replicas
    }
    #expect(choices == [ProcessSet([1, 2])])
  }
}
