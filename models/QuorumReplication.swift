import Faultline

/// Quorum replication of a register (see `QuorumReplicationProcess`): Gifford's read and write
/// quorums, with the tags and two-phase operations of Attiya, Bar-Noy and Dolev in Lynch and
/// Shvartsman's multi-writer form.
///
/// ```swift
/// let system = try QuorumReplication.make(replicas: 3, clients: 2, operations: 2)
/// let exploration = try Explorer(system).run()   // holds: r = w = 2 of 3 replicas
/// ```
public enum QuorumReplication {
  /// The protocol as published, or one of the deliberately broken versions.
  public typealias Variant = QuorumReplicationProcess.Variant

  /// The most replicas accepted.
  public static let maxReplicas = 5
  /// The most clients accepted.
  public static let maxClients = 3
  /// The most operations accepted for each client but client 0.
  public static let maxOperations = 3

  /// The quorums in force: those given, and for a 0 the variant's default. The correct protocol
  /// and the variants that keep its quorums default to majorities, ⌊n/2⌋ + 1 each;
  /// `small-quorums` defaults to a write quorum of ⌈n/2⌉ and a read quorum of n − w, one vote
  /// short of meeting every write quorum.
  public static func quorums(replicas: Int, readQuorum: Int, writeQuorum: Int, variant: Variant) -> (
    read: Int, write: Int
  ) {
    let majority = replicas / 2 + 1
    guard variant == .smallQuorums else {
      return (readQuorum > 0 ? readQuorum : majority, writeQuorum > 0 ? writeQuorum : majority)
    }
    let write = writeQuorum > 0 ? writeQuorum : (replicas + 1) / 2
    return (readQuorum > 0 ? readQuorum : replicas - write, write)
  }

  /// `replicas` replicas with one vote each and `clients` clients (client 0 writes once; each
  /// other client performs `operations` operations, a write first if it is among the first
  /// `writers`, then reads), over `network`, with at most `crashes` replica crashes, each
  /// possibly in mid-step. A quorum of 0 stands for the variant's default (`quorums`).
  public static func make(
    replicas: Int = 3, readQuorum: Int = 0, writeQuorum: Int = 0, clients: Int = 2, writers: Int = 1,
    operations: Int = 2, crashes: Int = 0, network: NetworkSemantics = .unordered,
    fanout: QuorumReplicationProcess.Fanout = .quorum, variant: Variant = .correct
  ) throws(FaultlineError) -> System<QuorumReplicationProcess> {
    guard (1...maxReplicas).contains(replicas) else {
      throw .invalidParameter(
        name: "replicas", value: "\(replicas)", expected: "an integer from 1 to \(maxReplicas)")
    }
    guard (2...maxClients).contains(clients) else {
      throw .invalidParameter(
        name: "clients", value: "\(clients)",
        expected: "2 to \(maxClients) (client 0 writes once; only the others read)")
    }
    guard (1...clients).contains(writers) else {
      throw .invalidParameter(
        name: "writers", value: "\(writers)", expected: "1 to \(clients) with \(clients) clients")
    }
    guard variant != .noWriteQuery || writers >= 2 else {
      throw .invalidParameter(
        name: "writers", value: "\(writers)",
        expected: "2 or more for variant no-write-query (a single writer's own counter is correct)")
    }
    guard (1...maxOperations).contains(operations) else {
      throw .invalidParameter(
        name: "operations", value: "\(operations)", expected: "an integer from 1 to \(maxOperations)")
    }
    guard (0...replicas).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "0 to \(replicas) (at most every replica)")
    }
    guard network.partitionEvents == 0 else { throw .invalidModel("quorum-replication models no partitions") }
    let (read, write) = try checkedQuorums(
      replicas: replicas, readQuorum: readQuorum, writeQuorum: writeQuorum, variant: variant)
    let process = QuorumReplicationProcess(
      replicas: replicas, readQuorum: read, writeQuorum: write, writers: writers, operations: operations,
      fanout: fanout, variant: variant)
    let total = 1 + (clients - 1) * operations
    /// Every client invoked all its operations and has every reply.
    @Sendable func allCompleted(_ state: SystemState<QuorumReplicationProcess>) -> Bool {
      let invoked = ClientHistory.operations(of: state.history)
      return invoked.count == total && invoked.allSatisfy { $0.result != nil }
    }
    return try System(
      processes: Array(repeating: process, count: replicas + clients), network: network,
      faults: Faults(crashes: crashes, crashDuringSends: true, crashable: ProcessSet(0..<replicas)),
      // Clients that ask a quorum need to learn of a crash to ask others; asking all needs nothing.
      detector: fanout == .quorum && crashes > 0 ? .perfect : .none,
      properties: [
        SystemProperties.linearizable(RegisterSpecification()),
        .sometimes("every client completes its operations", allCompleted),
        // Only while a quorum of replicas is up and links are reliable: more crashes than
        // n − max(r, w), or a lost message, leave a client waiting forever (and nothing else).
        .eventually("every client eventually completes its operations", allCompleted),
      ])
  }

  /// The quorums in force, or an error that says which rule they break.
  static func checkedQuorums(replicas: Int, readQuorum: Int, writeQuorum: Int, variant: Variant)
    throws(FaultlineError) -> (read: Int, write: Int)
  {
    for (name, given) in [("read-quorum", readQuorum), ("write-quorum", writeQuorum)]
    where !(0...replicas).contains(given) {
      throw .invalidParameter(
        name: name, value: "\(given)",
        expected: "1 to \(replicas) votes with \(replicas) replicas (one vote each), or 0 for the default")
    }
    let (read, write) = quorums(
      replicas: replicas, readQuorum: readQuorum, writeQuorum: writeQuorum, variant: variant)
    if variant == .smallQuorums {
      guard replicas >= 2 else {
        throw .invalidParameter(
          name: "replicas", value: "\(replicas)",
          expected: "2 or more for variant small-quorums (with one replica, every quorum is that replica)")
      }
      guard read >= 1 else {
        throw .invalidParameter(
          name: "write-quorum", value: "\(write)",
          expected: "at most \(replicas - 1) for variant small-quorums (a read quorum needs a vote)")
      }
      guard read + write <= replicas else {
        throw .invalidParameter(
          name: "read-quorum", value: "\(read)",
          expected: "at most \(replicas - write) with write quorum \(write) and \(replicas) replicas for "
            + "variant small-quorums (r + w > n is the correct protocol)")
      }
    } else if read + write <= replicas {
      // Name the quorum that was given (the read quorum when both or neither were).
      let (name, value) = writeQuorum > 0 && readQuorum == 0 ? ("write-quorum", write) : ("read-quorum", read)
      throw .invalidParameter(
        name: name, value: "\(value)",
        expected: "r + w > n (Gifford's rule, so that every read quorum meets every write quorum), "
          + "not read quorum \(read) + write quorum \(write) ≤ \(replicas) replicas; "
          + "--variant small-quorums shows what goes wrong then")
    }
    return (read, write)
  }
}
