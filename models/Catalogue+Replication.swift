import Faultline

/// The catalogue entries of the replication models.
extension Catalogue {
  static let primaryBackup = ModelEntry(
    name: "primary-backup",
    summary: "Primary-backup replication of a register with view-synchronous updates and view changes",
    parameters: [
      .integer(
        "replicas", default: 3, in: 1...4, "number of replicas; the lowest unsuspected one is primary"),
      .integer(
        "clients", default: 2, in: 1...4,
        "number of clients, --operations each, one after the other: even ones write (then read), odd ones read"
      ),
      .integer(
        "operations", default: 1, in: 1...3,
        "operations of each client: client k's j-th writes k / 2 * operations + j + 1 for even k, reads for odd"
      ),
      .integer(
        "crashes", default: 1, in: 0...3, "most crashes, each possibly in mid-broadcast (fewer than replicas)"
      ),
    ] + DetectorSetting.parameters(assumed: .perfect, falseSuspicions: 0...2),
    variants: PrimaryBackupProcess.Variant.self,
    check: {
      (variant: PrimaryBackupProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let setting = try DetectorSetting(values, assumed: .perfect)
      let model = try PrimaryBackup.make(
        replicas: values.integer("replicas"), clients: values.integer("clients"),
        operations: values.integer("operations"), crashes: values.integer("crashes"),
        detector: setting.detector, network: setting.network(.unordered), variant: variant)
      return try setting.explore(
        model, name: "primary-backup", variant: variant.rawValue, parameters: values, request: request)
    })
}

extension Catalogue {
  static let chainReplication = ModelEntry(
    name: "chain-replication",
    summary: "Chain replication of a register: the head takes writes, the tail answers reads and acks",
    parameters: [
      .integer("replicas", default: 3, in: 1...4, "length of the chain"),
      .integer(
        "clients", default: 2, in: 1...4,
        "number of clients: the first --writers write once each, the others read twice each"),
      .integer("writers", default: 1, in: 1...4, "number of clients that write (at most --clients)"),
      .integer(
        "crashes", default: 1, in: 0...3, "most crashes, each possibly in mid-broadcast (fewer than replicas)"
      ),
    ],
    variants: ChainReplicationProcess.Variant.self,
    check: {
      (variant: ChainReplicationProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try ChainReplication.make(
        replicas: values.integer("replicas"), clients: values.integer("clients"),
        writers: values.integer("writers"), crashes: values.integer("crashes"),
        variant: variant)
      return try CheckOutcome.explore(
        model, name: "chain-replication", variant: variant.rawValue, parameters: values, request: request)
    })
}

extension PrimaryBackupProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct:
      "replies once every backup acknowledged; a new primary serves once its backups have its state"
    case .replyBeforeAck:
      "the primary replies before the backups acknowledge: a new primary loses an acknowledged write"
    case .nonViewSynchronous:
      "no flush at a view change, old views' updates accepted: backups diverge (3+ replicas, a crash)"
    case .noClientRetry:
      "clients never resend: one whose request died with the primary waits forever (a crash)"
    }
  }

}

extension ChainReplicationProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "writes at the head, reads and acknowledgements at the tail"
    case .readAtHead: "the head answers reads: a read sees a write that the head's crash then loses"
    case .noResendOnRepair:
      "a replica whose successor crashed does not resend: a write is stuck and its client waits forever"
    }
  }

}

extension Catalogue {
  static let quorumReplication = ModelEntry(
    name: "quorum-replication",
    summary: "Quorum replication of a register: Gifford's r + w > n, ABD's tags, queries and write-backs",
    parameters: [
      .integer(
        "replicas", default: 3, in: 1...QuorumReplication.maxReplicas, "number of replicas, one vote each"),
      .integer(
        "read-quorum", default: 0, in: 0...QuorumReplication.maxReplicas,
        "replies a query waits for (0: a majority; for small-quorums, replicas - write quorum)"),
      .integer(
        "write-quorum", default: 0, in: 0...QuorumReplication.maxReplicas,
        "acks a store waits for (0: a majority; for small-quorums, half the replicas rounded up)"),
      .integer(
        "clients", default: 2, in: 2...QuorumReplication.maxClients,
        "number of clients: client 0 writes 1 once, the others perform --operations each"),
      .integer(
        "writers", default: 1, in: 1...QuorumReplication.maxClients,
        "clients that write: client 0, and clients 1..<writers write k + 1 before reading"),
      .integer(
        "operations", default: 2, in: 1...QuorumReplication.maxOperations,
        "operations of each client but client 0, one after the other: a write if it writes, then reads"),
      .integer(
        "crashes", default: 0, in: 0...QuorumReplication.maxReplicas,
        "most replica crashes, each possibly in mid-step (more than replicas - quorum leave clients waiting)"),
      .choice(
        "network", default: "unordered", among: networks.map(\.0),
        "unordered (reliable, any order), fifo, duplicating, or lossy (a lost message leaves a client waiting)"
      ),
      .choice(
        "send-to", default: "quorum", among: QuorumReplicationProcess.Fanout.allCases.map(\.rawValue),
        "quorum (any quorum; the others once a replica it waits for is suspected) or all (ABD's form)"),
    ],
    variants: QuorumReplicationProcess.Variant.self,
    check: {
      (variant: QuorumReplicationProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      // `no-write-query` needs a second writer (a single writer's own counter is correct), so it
      // implies one, as `accepts-stale-precommit` implies crashes; the values in force are reported.
      let writers = variant == .noWriteQuery ? max(values.integer("writers"), 2) : values.integer("writers")
      let model = try QuorumReplication.make(
        replicas: values.integer("replicas"), readQuorum: values.integer("read-quorum"),
        writeQuorum: values.integer("write-quorum"), clients: values.integer("clients"), writers: writers,
        operations: values.integer("operations"), crashes: values.integer("crashes"),
        network: network(values.string("network")),
        fanout: QuorumReplicationProcess.Fanout(rawValue: values.string("send-to")) ?? .quorum,
        variant: variant)
      // Report the quorums in force, not the 0 that asked for the default.
      let process = model.processes[0]
      let effective = values.setting("writers", to: .integer(writers))
        .setting("read-quorum", to: .integer(process.readQuorum))
        .setting("write-quorum", to: .integer(process.writeQuorum))
      return try CheckOutcome.explore(
        model, name: "quorum-replication", variant: variant.rawValue, parameters: effective, request: request)
    })
}

extension QuorumReplicationProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "r + w > n; writes query for the highest tag, reads write back what they return"
    case .smallQuorums:
      "r + w <= n accepted: a read quorum misses the last write, and a read returns an old value"
    case .noWriteBack: "reads skip the write-back: a later read returns an older value than an earlier one"
    case .noWriteQuery:
      "writers skip the query and use their own counter: a later write loses to an earlier one (implies 2 writers)"
    }
  }
}
