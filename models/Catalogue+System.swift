import Faultline

/// The catalogue entries of the models written on the `System` layer.
extension Catalogue {
  /// The network semantics a `--network` value names.
  static let networks: [(String, NetworkSemantics)] = [
    ("fifo", .fifo), ("unordered", .unordered), ("duplicating", .duplicating), ("lossy", .lossy),
  ]

  static func network(_ name: String) -> NetworkSemantics {
    networks.first { $0.0 == name }?.1 ?? .unordered
  }

  /// The `--symmetry` flag: interchangeable processes count once per orbit.
  static let symmetryParameter = ModelParameter.flag(
    "symmetry", "count states up to renaming interchangeable processes (orbits); paths stay concrete")

  static let twoPhaseCommit = ModelEntry(
    name: "two-phase-commit",
    summary: "Two-phase commit (Lamport and Gray's TwoPhase) with crash-stop or crash-recovery processes",
    parameters: [
      .integer(
        "participants", default: 3, in: 1...TwoPhaseCommit.maxParticipants,
        "number of participants (resource managers)"),
      .integer(
        "crashes", default: 0, in: 0...TwoPhaseCommit.maxCrashesWithRecovery,
        "most crashes of any processes in one run (at most participants + 1 without --recovery)"),
      .flag(
        "recovery", "crashed processes may recover from their logs (votes, decisions); crashes still count"),
      symmetryParameter,
      .choice(
        "network", default: "duplicating", among: networks.map(\.0),
        "duplicating (TwoPhase's message set), fifo, unordered or lossy (unordered, may lose)"),
      .flag("mid-broadcast", "a crash may also strike in mid-step, after only some of its messages left"),
    ],
    variants: TwoPhaseCommit.Variant.self,
    check: {
      (variant: TwoPhaseCommit.Variant, values: ParameterValues, request: CheckRequest) throws(FaultlineError)
      in
      let model = try TwoPhaseCommit.make(
        participants: values.integer("participants"), crashes: values.integer("crashes"),
        recovery: values.flag("recovery"), variant: variant, network: network(values.string("network")),
        crashDuringSends: values.flag("mid-broadcast"), symmetry: values.flag("symmetry"))
      // Report the values in force: `recovery-decides-alone` implies recovery and a crash.
      let effective = values.setting("crashes", to: .integer(model.faults.crashes))
        .setting("recovery", to: .flag(model.faults.recovery))
      return try CheckOutcome.explore(
        model, name: "two-phase-commit", variant: variant.rawValue, parameters: effective, request: request)
    })

  static let threePhaseCommit = ModelEntry(
    name: "three-phase-commit",
    summary:
      "Skeen's three-phase commit with its termination protocol: non-blocking under crashes, unsafe under partitions",
    parameters: [
      .integer(
        "participants", default: 3, in: 1...ThreePhaseCommit.maxParticipants,
        "number of participants besides the coordinator"),
      .integer(
        "crashes", default: 1, in: 0...ThreePhaseCommit.maxParticipants + 1,
        "most crash-stop failures of any processes, each possibly in mid-broadcast (at most participants + 1)"
      ),
      .integer(
        "partitions", default: 0, in: 0...ThreePhaseCommit.maxPartitionEvents,
        "most link cuts and heals; the detector then may suspect a live process only across a cut link"),
      .choice(
        "network", default: "unordered", among: networks.map(\.0),
        "unordered (reliable, any order), fifo, duplicating or lossy (unordered, may lose)"),
    ],
    variants: ThreePhaseCommit.Variant.self,
    check: {
      (variant: ThreePhaseCommit.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let participants = values.integer("participants")
      // `accepts-stale-precommit` needs two crashes, the coordinator's and the new one's, so it
      // implies them (as `recovery-decides-alone` implies a crash) to be violated at the
      // defaults; the values in force are reported.
      let crashes =
        variant == .acceptsStalePrecommit ? max(values.integer("crashes"), 2) : values.integer("crashes")
      let effective = values.setting("crashes", to: .integer(crashes))
      let partitions = values.integer("partitions")
      let links = network(values.string("network"))
      guard partitions > 0 else {
        let model = try ThreePhaseCommit.make(
          participants: participants, crashes: crashes, variant: variant, network: links)
        return try CheckOutcome.explore(
          model, name: "three-phase-commit", variant: variant.rawValue, parameters: effective,
          request: request)
      }
      let model = try ThreePhaseCommit.partitioned(
        participants: participants, crashes: crashes, partitions: partitions, variant: variant, network: links
      )
      return try CheckOutcome.explore(
        model, name: "three-phase-commit", variant: variant.rawValue, parameters: effective, request: request)
    })
}

extension TwoPhaseCommit.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "the protocol as specified"
    case .commitWithoutAllVotes: "the coordinator commits after any yes vote"
    case .abortAfterPrepare: "a participant that voted yes may still abort on its own"
    case .recoveryDecidesAlone:
      "a participant recovering with a yes vote aborts on its own (implies --recovery, 1+ crash)"
    }
  }
}

extension ThreePhaseCommit.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "Skeen's protocol with the termination protocol (violated with --partitions)"
    case .noPrecommit: "no precommit phase (2PC): a new coordinator aborts what the crashed one committed"
    case .terminationAbortsPrecommitted:
      "a new coordinator aborts although a process is precommitted and the old one may have committed"
    case .acceptsStalePrecommit:
      "a process that answered a new coordinator still takes a crashed one's PreCommit (implies 2+ crashes)"
    }
  }
}

extension Catalogue {
  static let rpc = ModelEntry(
    name: "rpc",
    summary:
      "Remote procedure call: at-least-once against at-most-once with a duplicate-detection table, "
      + "under retransmissions, server crashes and client crashes that leave orphans",
    parameters: [
      .integer(
        "clients", default: 1, in: 1...Rpc.maxClients, "number of clients, each with one call at a time"),
      .integer(
        "calls", default: 2, in: 1...Rpc.maxCalls,
        "calls each client makes in all, across its incarnations (a crash abandons the pending one)"),
      .integer(
        "server-crashes", default: 1, in: 0...Rpc.maxServerCrashes,
        "most crashes of the server, each possibly in mid-step and followed by a recovery"),
      .integer(
        "client-crashes", default: 1, in: 0...Rpc.maxClientCrashes,
        "most crashes of clients in all, each possibly in mid-step; a client restarts as a new incarnation"),
      .choice(
        "network", default: "latest", among: Rpc.networks.map(\.name),
        "latest (one message per link, the newest: a resend replaces the copy in flight), lossy (latest, "
          + "and any message may be lost) or duplicating (a message may arrive any number of times)"),
    ],
    variants: RpcProcess.Variant.self,
    check: {
      (variant: RpcProcess.Variant, values: ParameterValues, request: CheckRequest) throws(FaultlineError) in
      let network = Rpc.networks.first { $0.name == values.string("network") }?.semantics ?? .latest
      let model = try Rpc.make(
        clients: values.integer("clients"), calls: values.integer("calls"),
        serverCrashes: values.integer("server-crashes"), clientCrashes: values.integer("client-crashes"),
        network: network, variant: variant)
      return try CheckOutcome.explore(
        model, name: "rpc", variant: variant.rawValue, parameters: values, request: request)
    })
}

extension RpcProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct:
      "at most once: a stable table of each client's last call and result; restarted clients' epochs kill orphans"
    case .atLeastOnce: "no table of completed calls: every copy of a call that reaches the server runs"
    case .volatileTable: "the table is lost in a server crash: a retransmission after the restart runs again"
    case .noOrphanDetection:
      "no epochs: a crashed client's call runs after its new incarnation calls (needs a client crash, 2+ calls)"
    case .acceptsAnyReply:
      "clients take any result as their current call's: a late one for an earlier call (2+ calls)"
    }
  }
}

extension Catalogue {
  static let checkpointRecovery = ModelEntry(
    name: "checkpoint-recovery",
    summary:
      "Checkpointing and rollback recovery: Koo and Toueg's coordinated checkpoints against independent ones "
      + "(the domino effect) and pessimistic message logging, under crash-recovery",
    parameters: [
      .integer(
        "processes", default: 2, in: CheckpointRecovery.processRange,
        "number of processes in the ring (p0 coordinates the checkpoint rounds)"),
      .integer(
        "messages", default: 2, in: 1...CheckpointRecovery.maxMessages,
        "application messages each process sends its successor"),
      .integer(
        "checkpoints", default: 1, in: 0...CheckpointRecovery.maxCheckpoints,
        "rounds of coordinated checkpoints, or checkpoints each process takes on its own"),
      .integer(
        "crashes", default: 1, in: 0...CheckpointRecovery.maxCrashes,
        "most crashes of any processes, each possibly in mid-step and followed by a recovery"),
    ],
    variants: CheckpointProcess.Variant.self,
    check: {
      (variant: CheckpointProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try CheckpointRecovery.make(
        processes: values.integer("processes"), messages: values.integer("messages"),
        checkpoints: values.integer("checkpoints"), crashes: values.integer("crashes"), variant: variant)
      return try CheckOutcome.explore(
        model, name: "checkpoint-recovery", variant: variant.rawValue, parameters: values, request: request)
    })
}

extension CheckpointProcess.Variant: CatalogueVariant {
  /// Coordinated checkpoints and pessimistic logging hold; the others are broken.
  public var expected: ExpectedVerdict {
    self == .coordinated || self == .pessimisticLogging ? .holds : .violated
  }

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .coordinated:
      "Koo and Toueg: blocking two-phase checkpoints (tentative, then permanent), rollbacks propagated"
    case .pessimisticLogging:
      "each message logged on stable storage before delivery and replayed on recovery: no other process rolls back"
    case .independent:
      "uncoordinated checkpoints: a rollback cascades past the latest checkpoints (the domino effect)"
    case .noRollbackPropagation:
      "a recovering process rolls back without telling its successor: an orphan message"
    }
  }
}

extension Catalogue {
  static let stateMachineReplication = ModelEntry(
    name: "state-machine-replication",
    summary:
      "Viewstamped Replication Revisited (Liskov and Cowling): a replicated log with a stable primary and "
      + "view changes, checked for linearizability of client commands",
    parameters: [
      .integer("replicas", default: 3, in: 3...5, "number of replicas n = 2f + 1: 3 or 5"),
      .integer(
        "clients", default: 1, in: 1...StateMachineReplication.maxClients,
        "number of clients; client k writes on its even operations when k is even, and reads otherwise"),
      .integer(
        "operations", default: 2, in: 1...StateMachineReplication.maxOperations,
        "operations each client performs, one after the other"),
      .integer(
        "crashes", default: 0, in: 0...2,
        "most crash-stop failures of replicas, each possibly in mid-step (at most f; more is refused)"),
      .integer(
        "view-changes", default: 1, in: 0...StateMachineReplication.maxViewChanges,
        "highest view-number a replica may time out into (a timeout may wrongly suspect a live primary)"),
      .choice(
        "network", default: "duplicating", among: StateMachineReplication.networks.map(\.name),
        "duplicating (a message set: any message may arrive again), unordered, fifo or lossy"),
    ],
    variants: StateMachineReplicationProcess.Variant.self,
    check: {
      (variant: StateMachineReplicationProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let network =
        StateMachineReplication.networks.first { $0.name == values.string("network") }?.semantics
        ?? .duplicating
      let model = try StateMachineReplication.make(
        replicas: values.integer("replicas"), clients: values.integer("clients"),
        operations: values.integer("operations"), crashes: values.integer("crashes"),
        viewChanges: values.integer("view-changes"), network: network, variant: variant)
      return try CheckOutcome.explore(
        model, name: "state-machine-replication", variant: variant.rawValue, parameters: values,
        request: request)
    })
}

extension StateMachineReplicationProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "Viewstamped Replication Revisited as published (§4.1, §4.2)"
    case .replyBeforeCommit:
      "the primary replies before f backups sent PrepareOK: a view change loses a replied write"
    case .viewChangeWithoutLogMerge:
      "the new primary keeps its own log, not the DoViewChange log with the largest view and op-number"
    }
  }
}
