import Faultline

/// The catalogue entries of Paxos and the multicast models, all on the `System` layer.
extension Catalogue {
  static let paxos = ModelEntry(
    name: "paxos",
    summary:
      "Single-decree Paxos: 2 proposers, 3 acceptors with crash-recovery, a learner, a duplicating network; "
      + "unbounded ballots for termination",
    parameters: [
      .integer(
        "rounds", default: 1, in: 1...Paxos.maxRounds, "ballots per proposer (proposer i uses i, i + 2, ...)"),
      .integer(
        "crashes", default: 1, in: 0...3,
        "most acceptor crashes, each followed by a possible recovery (dueling-proposers and "
          + "stable-leader: 0 unless given)"),
      .choice(
        "network", default: "duplicating", among: ["duplicating", "lossy", "latest"],
        "duplicating (reorders, duplicates, may never deliver) or lossy (the same, and drops messages); "
          + "latest (one message per link, the newest) is the network of dueling-proposers and stable-leader"),
      .flag(
        "proposer-crashes",
        "proposers may crash too (within --crashes) and recover from the ballot they logged"),
      .integer(
        "acceptors", default: 3, in: 1...3,
        "number of acceptors: 3 for the bounded variants; 1 to 3 for dueling-proposers and stable-leader "
          + "(2 unless given)"),
    ],
    variants: PaxosVariant.self,
    check: {
      (variant: PaxosVariant, values: ParameterValues, request: CheckRequest) throws(FaultlineError) in
      guard let bounded = variant.bounded else {
        let effective = try progressParameters(values, variant: variant)
        let model = try PaxosProgress.make(
          electsLeader: variant == .stableLeader, acceptors: effective.integer("acceptors"),
          crashes: effective.integer("crashes"))
        return try CheckOutcome.explore(
          model, name: "paxos", variant: variant.rawValue, parameters: effective, request: request)
      }
      guard values.string("network") != "latest" else {
        throw .usage(
          "--network latest is the network of the dueling-proposers and stable-leader variants, whose "
            + "ballots are unbounded; the \(variant.rawValue) variant runs on duplicating or lossy")
      }
      guard values.integer("acceptors") == 3 else {
        throw .usage(
          "the \(variant.rawValue) variant has 3 acceptors; --acceptors applies to the dueling-proposers "
            + "and stable-leader variants")
      }
      let model = try Paxos.make(
        variant: bounded, rounds: values.integer("rounds"),
        crashes: values.integer("crashes"), lossy: values.string("network") == "lossy",
        proposersCrash: values.flag("proposer-crashes"))
      return try CheckOutcome.explore(
        model, name: "paxos", variant: variant.rawValue, parameters: values.removing("acceptors"),
        request: request)
    })

  /// The parameters of a progress variant as it runs them (no rounds, the `latest` network, 2
  /// acceptors and no crash unless given), or an error for one it cannot take.
  static func progressParameters(_ values: ParameterValues, variant: PaxosVariant) throws(FaultlineError)
    -> ParameterValues
  {
    let name = variant.rawValue
    if values.isGiven("rounds") {
      throw .usage(
        "--rounds does not apply to the \(name) variant: its ballots are unbounded (renamed so that the "
          + "state space stays finite, docs/models.md#paxos)")
    }
    if values.isGiven("network") && values.string("network") != "latest" {
      throw .usage(
        "the \(name) variant runs on --network latest (one message per link, the newest, delivered "
          + "eventually): on a duplicating or lossy network the messages of every abandoned ballot stay "
          + "in flight, and with unbounded ballots the state space is infinite")
    }
    if values.flag("proposer-crashes") {
      throw .usage(
        "--proposer-crashes does not apply to the \(name) variant: its proposers never crash, since "
          + "one that recovered would wait for a rejection that may never come")
    }
    var effective = values.removing("rounds").setting("network", to: .choice("latest"))
    if !values.isGiven("acceptors") { effective = effective.setting("acceptors", to: .integer(2)) }
    if !values.isGiven("crashes") { effective = effective.setting("crashes", to: .integer(0)) }
    return effective
  }

  static let totalOrderMulticast = ModelEntry(
    name: "total-order-multicast",
    summary:
      "Active replication by total-order multicast: lazy reliable broadcast and one uniform consensus "
      + "instance per batch (CGR algorithm 6.1), under crashes with a perfect failure detector",
    parameters: [
      .integer(
        "processes", default: 2, in: 2...TotalOrderMulticast.maxProcesses, "number of replicas"),
      .integer(
        "crashes", default: 1, in: 0...(TotalOrderMulticast.maxProcesses - 1),
        "most crash-stop failures, each possibly in mid-step (fewer than processes)"),
      .integer(
        "commands", default: 2, in: 1...TotalOrderMulticast.maxProcesses,
        "commands multicast, one each by processes 0 to commands - 1 (at most processes)"),
    ] + DetectorSetting.parameters(assumed: .perfect, falseSuspicions: 0...2),
    variants: TotalOrderMulticastVariant.self,
    check: {
      (variant: TotalOrderMulticastVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let setting = try DetectorSetting(values, assumed: .perfect)
      let model = try TotalOrderMulticast.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        commands: values.integer("commands"), variant: variant, detector: setting.detector,
        network: setting.network(.unordered))
      return try setting.explore(
        model, name: "total-order-multicast", variant: variant.rawValue, parameters: values, request: request)
    })

  static let viewSynchronousMulticast = ModelEntry(
    name: "view-synchronous-multicast",
    summary:
      "View-synchronous multicast under crashes: a flush, then uniform consensus on the next view and the "
      + "messages its members must have delivered (CGR §6.8)",
    parameters: [
      .integer(
        "processes", default: 3, in: 2...ViewSynchronousMulticast.maxProcesses,
        "number of processes, all members of view 0"),
      .integer(
        "crashes", default: 1, in: 0...(ViewSynchronousMulticast.maxProcesses - 1),
        "most crash-stop failures, each possibly in mid-step (fewer than processes); each ends a view"),
      .integer(
        "commands", default: 1, in: 1...ViewSynchronousMulticast.maxProcesses,
        "commands multicast, one each by processes 0 to commands - 1 (at most processes)"),
    ] + DetectorSetting.parameters(assumed: .perfect, falseSuspicions: 0...2),
    variants: ViewSynchronousMulticastVariant.self,
    check: {
      (variant: ViewSynchronousMulticastVariant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let setting = try DetectorSetting(values, assumed: .perfect)
      let model = try ViewSynchronousMulticast.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        commands: values.integer("commands"), variant: variant, detector: setting.detector,
        network: setting.network(.unordered))
      return try setting.explore(
        model, name: "view-synchronous-multicast", variant: variant.rawValue, parameters: values,
        request: request)
    })

  static let reliableBroadcast = ModelEntry(
    name: "reliable-broadcast",
    summary:
      "Reliable broadcast by diffusion with FIFO or causal (vector-clock) delivery; crashes in mid-broadcast",
    parameters: [
      .integer(
        "processes", default: 3, in: 2...ReliableBroadcast.maxProcesses,
        "number of processes"),
      .integer(
        "messages", default: 2, in: 1...ReliableBroadcast.maxMessages,
        "broadcasts in all, the j-th by process j mod processes (--order fifo needs more than processes)"),
      .integer(
        "crashes", default: 1, in: 0...(ReliableBroadcast.maxProcesses - 1),
        "most crash-stop failures, each possibly in mid-broadcast (fewer than processes)"),
      .choice(
        "order", default: "causal", among: ReliableBroadcastProcess.Order.allCases.map(\.rawValue),
        "causal (vector clocks; implies FIFO) or fifo (per-sender sequence numbers; more messages than processes)"
      ),
      .choice(
        "network", default: "unordered", among: networks.map(\.0),
        "unordered, fifo (in order per link), duplicating, or lossy (breaks agreement: nothing is resent)"),
    ],
    variants: ReliableBroadcastProcess.Variant.self,
    check: {
      (variant: ReliableBroadcastProcess.Variant, values: ParameterValues, request: CheckRequest)
        throws(FaultlineError) in
      let model = try ReliableBroadcast.make(
        variant: variant, order: ReliableBroadcastProcess.Order(rawValue: values.string("order")) ?? .causal,
        processes: values.integer("processes"), messages: values.integer("messages"),
        crashes: values.integer("crashes"), network: network(values.string("network")))
      return try CheckOutcome.explore(
        model, name: "reliable-broadcast", variant: variant.rawValue, parameters: values, request: request)
    })

  /// The entries this file adds to `Catalogue.entries`.
  static let multicastEntries = [paxos, reliableBroadcast, totalOrderMulticast, viewSynchronousMulticast]
}

/// The versions of `paxos` in the catalogue, the correct one first: three with ballots bounded by
/// `--rounds` (`Paxos`), and two with unbounded ballots for termination (`PaxosProgress`).
public enum PaxosVariant: String, CatalogueVariant {
  /// The protocol as published, acceptors log before answering.
  case correct
  /// Acceptors log their acceptance, not their promise.
  case acceptorForgetsPromise = "acceptor-forgets-promise"
  /// Phase 2 ignores the acceptances the promises report.
  case proposerIgnoresAccepted = "proposer-ignores-accepted"
  /// Two proposers that retry when preempted, with no leader election: termination fails.
  case duelingProposers = "dueling-proposers"
  /// The same with an Ω leader that eventually settles: termination holds.
  case stableLeader = "stable-leader"

  /// The bounded model's variant, or nil for a progress variant.
  public var bounded: PaxosProcess.Variant? {
    switch self {
    case .correct: .correct
    case .acceptorForgetsPromise: .acceptorForgetsPromise
    case .proposerIgnoresAccepted: .proposerIgnoresAccepted
    case .duelingProposers, .stableLeader: nil
    }
  }

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "the protocol as published, acceptors log before answering"
    case .acceptorForgetsPromise:
      "acceptors log what they accept but not what they promise: a recovered one breaks its promise"
    case .proposerIgnoresAccepted:
      "phase 2 proposes the proposer's own value even when a promise reports an accepted one"
    case .duelingProposers:
      "unbounded ballots, proposers retry when rejected, no leader: they can preempt each other for ever"
    case .stableLeader:
      "unbounded ballots, and an Ω leader that eventually settles: only it retries, so the learner learns"
    }
  }

  /// The correct protocol and the stable leader hold; the others are violated.
  public var expected: ExpectedVerdict {
    switch self {
    case .correct, .stableLeader: .holds
    case .acceptorForgetsPromise, .proposerIgnoresAccepted, .duelingProposers: .violated
    }
  }
}

/// The versions of `total-order-multicast` in the catalogue, the correct one first.
public enum TotalOrderMulticastVariant: String, CatalogueVariant {
  /// Batches ordered by hierarchical uniform consensus, delivered in a fixed order.
  case consensus
  /// Deliver each command as it arrives, without consensus.
  case deliverOnReceipt = "deliver-on-receipt"
  /// Hierarchical (non-uniform) consensus: a leader decides before anyone else knows.
  case nonUniformConsensus = "non-uniform-consensus"
  /// The consensus waits for every process, suspected or not.
  case ignoresSuspicions = "ignores-suspicions"

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .consensus: "batches ordered by hierarchical uniform consensus, delivered in a fixed order"
    case .deliverOnReceipt: "deliver each command as it arrives, without consensus"
    case .nonUniformConsensus:
      "non-uniform consensus: a leader delivers its decision and may crash before telling anyone (2+ commands)"
    case .ignoresSuspicions: "the consensus waits for every process: a crash blocks delivery for ever"
    }
  }

}

/// The versions of `view-synchronous-multicast` in the catalogue, the correct one first.
public enum ViewSynchronousMulticastVariant: String, CatalogueVariant {
  /// A flush, then consensus on the next view and the messages delivered in the last.
  case flush
  /// A process installs the next view as soon as it suspects a member.
  case noFlush = "no-flush"
  /// A flushing process still delivers the view's data after it reported.
  case deliverAfterReport = "deliver-after-report"

  /// What this version does differently.
  public var summary: String {
    switch self {
    case .flush: "a flush, then uniform consensus on the next view and the messages delivered in the last"
    case .noFlush: "a process installs the next view as soon as it suspects a member (3+ processes)"
    case .deliverAfterReport:
      "a flushing process still delivers the view's data after its report: the union misses it (3+ processes)"
    }
  }

}

extension ReliableBroadcastProcess.Variant: CatalogueVariant {
  /// What this version does differently.
  public var summary: String {
    switch self {
    case .correct: "relay on first receipt, hold back until the order allows delivery"
    case .deliverOnReceipt:
      "no hold-back queue: deliver on first receipt, before causal (or FIFO) predecessors"
    case .noRelay: "best-effort broadcast: no relay, so a sender crashing in mid-broadcast splits the others"
    }
  }
}
