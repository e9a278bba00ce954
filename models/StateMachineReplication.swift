import Faultline

/// State machine replication of a register by Viewstamped Replication Revisited (Liskov and
/// Cowling, 2012; see `StateMachineReplicationProcess`), checked for linearizability of the
/// clients' commands.
///
/// The properties:
/// - *linearizability*: the clients' invocations and responses so far are linearizable against
///   a register holding 0 at first (the same check `faultline verify` runs on the trace);
/// - *log agreement*: the committed prefixes (log up to the commit-number) of any two replicas,
///   crashed ones included, are one a prefix of the other. The variant
///   `view-change-without-log-merge` is not checked for it: it breaks it several steps before a
///   client sees the loss, and a trace of replica logs is nothing `faultline verify` reads, so its
///   counterexample is the linearizability one (a test shows the log disagreement);
/// - *at most once*: no log holds the same request of a client twice (the client table, §4.1);
/// - sanity: some run completes every client's operations.
///
/// ```swift
/// let system = try StateMachineReplication.make(replicas: 3, clients: 2, crashes: 1, viewChanges: 1)
/// let exploration = try Explorer(system).run()   // holds
/// ```
public enum StateMachineReplication {
  /// The protocol as published, or one of the deliberately broken versions.
  public typealias Variant = StateMachineReplicationProcess.Variant

  /// The replica counts accepted (n = 2f + 1).
  public static let replicaCounts = [3, 5]
  /// The most clients accepted.
  public static let maxClients = 2
  /// The most operations per client accepted.
  public static let maxOperations = 2
  /// The most view changes (the highest view-number) accepted.
  public static let maxViewChanges = 2

  /// The networks accepted, by the names the command line uses: every one on which the
  /// protocol's messages are safe (VR assumes a network that may lose, reorder and duplicate).
  public static let networks: [(name: String, semantics: NetworkSemantics)] = [
    ("duplicating", .duplicating), ("unordered", .unordered), ("fifo", .fifo), ("lossy", .lossy),
  ]

  /// `replicas` replicas and `clients` clients, each with `operations` operations, over
  /// `network`, with at most `crashes` crash-stop failures of replicas (each possibly in
  /// mid-step, at most f = (replicas - 1) / 2) and view-numbers up to `viewChanges`.
  public static func make(
    replicas: Int = 3, clients: Int = 1, operations: Int = 2, crashes: Int = 0, viewChanges: Int = 1,
    network: NetworkSemantics = .duplicating, variant: Variant = .correct
  ) throws(FaultlineError) -> System<StateMachineReplicationProcess> {
    guard replicaCounts.contains(replicas) else {
      throw .invalidParameter(name: "replicas", value: "\(replicas)", expected: "3 or 5 (n = 2f + 1)")
    }
    guard (1...maxClients).contains(clients) else {
      throw .invalidParameter(
        name: "clients", value: "\(clients)", expected: "an integer from 1 to \(maxClients)")
    }
    guard (1...maxOperations).contains(operations) else {
      throw .invalidParameter(
        name: "operations", value: "\(operations)", expected: "an integer from 1 to \(maxOperations)")
    }
    let f = (replicas - 1) / 2
    guard (0...f).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)",
        expected: "an integer from 0 to f = \(f): VR tolerates at most f crashes of 2f + 1 replicas")
    }
    guard (0...maxViewChanges).contains(viewChanges) else {
      throw .invalidParameter(
        name: "view-changes", value: "\(viewChanges)", expected: "an integer from 0 to \(maxViewChanges)")
    }
    // Both bugs lose an operation only in a view change, and show only when a read follows the lost
    // write (a second operation of the writer, or a second client's).
    if variant != .correct {
      guard viewChanges >= 1 else {
        throw .invalidParameter(
          name: "view-changes", value: "\(viewChanges)",
          expected: "1 or more for variant \(variant.rawValue) (its operation is lost in a view change)")
      }
      guard clients * operations >= 2 else {
        throw .invalidParameter(
          name: "operations", value: "\(operations)",
          expected:
            "2 or more, or 2 clients, for variant \(variant.rawValue) (a read must follow the lost write)")
      }
    }
    guard network.partitionEvents == 0 else {
      throw .invalidModel("state-machine-replication models no partitions")
    }
    let process = StateMachineReplicationProcess(
      replicas: replicas, operations: operations, viewChanges: viewChanges, variant: variant)
    return try System(
      processes: Array(repeating: process, count: replicas + clients), network: network,
      faults: Faults(crashes: crashes, crashDuringSends: true, crashable: ProcessSet(0..<replicas)),
      properties: properties(replicas: replicas, clients: clients, operations: operations, variant: variant))
  }

  typealias State = SystemState<StateMachineReplicationProcess>

  /// Linearizability, log agreement (not for the no-merge variant), at most once, and a sanity check.
  static func properties(replicas: Int, clients: Int, operations: Int, variant: Variant) -> [Property<State>]
  {
    var properties: [Property<State>] = [SystemProperties.linearizable(RegisterSpecification())]
    if variant != .viewChangeWithoutLogMerge { properties.append(logAgreement(replicas: replicas)) }
    properties += [
      .always("at most once: no log holds a client's request twice") { state in
        (0..<replicas).allSatisfy { replica in
          let log = state.locals[replica].log
          return Set(log.map { [$0.client, $0.number] }).count == log.count
        }
      },
      .sometimes("every client completes its operations") { state in
        (replicas..<(replicas + clients)).allSatisfy { state.locals[$0].completed == operations }
      },
    ]
    return properties
  }

  /// Log agreement: any two replicas' committed prefixes agree, crashed replicas included, and
  /// each replica's only ever grows. Read from the ghosts (the longest committed prefix each
  /// replica has held), so an entry committed and later overwritten is caught too.
  static func logAgreement(replicas: Int) -> Property<State> {
    .always("log agreement: the replicas' committed prefixes agree") { state in
      guard (0..<replicas).allSatisfy({ !state.locals[$0].revokedCommit }) else { return false }
      for a in 0..<replicas {
        for b in (a + 1)..<replicas {
          let (x, y) = (state.locals[a].committedEver, state.locals[b].committedEver)
          let common = min(x.count, y.count)
          if !x.prefix(common).elementsEqual(y.prefix(common)) { return false }
        }
      }
      return true
    }
  }
}
