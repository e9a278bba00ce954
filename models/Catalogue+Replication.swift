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
        "number of clients, one operation each: even ones write, odd ones read"),
      .integer(
        "crashes", default: 1, in: 0...3, "most crashes, each possibly in mid-broadcast (fewer than replicas)"
      ),
      .integer(
        "false-suspicions", default: 0, in: 0...2,
        "most suspicions of live processes (an eventually perfect detector, ◇P); 0: perfect"),
    ],
    variants: PrimaryBackupProcess.Variant.self,
    check: {
      (variant: PrimaryBackupProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try PrimaryBackup.make(
        replicas: values.integer("replicas"), clients: values.integer("clients"),
        crashes: values.integer("crashes"), falseSuspicions: values.integer("false-suspicions"),
        variant: variant)
      return try CheckOutcome.explore(
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
