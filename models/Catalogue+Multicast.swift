import Faultline

/// The catalogue entries of Paxos and the multicast models, all on the `System` layer.
extension Catalogue {
  static let paxos = ModelEntry(
    name: "paxos",
    summary:
      "Single-decree Paxos: 2 proposers, 3 acceptors with crash-recovery, a learner, a duplicating network",
    parameters: [
      .integer(
        "rounds", default: 1, in: 1...Paxos.maxRounds, "ballots per proposer (proposer i uses i, i + 2, ...)"),
      .integer(
        "crashes", default: 1, in: 0...3, "most acceptor crashes, each followed by a possible recovery"),
      .choice(
        "network", default: "duplicating", among: ["duplicating", "lossy"],
        "duplicating (reorders, duplicates, may never deliver) or lossy (the same, and drops messages)"),
    ],
    variants: [
      ModelVariant("correct", expected: .holds, "the protocol as published, acceptors log before answering"),
      ModelVariant(
        "acceptor-forgets-promise", expected: .violated,
        "acceptors have no stable storage and recover with no promise and no acceptance"),
      ModelVariant(
        "proposer-ignores-accepted", expected: .violated,
        "phase 2 proposes the proposer's own value even when a promise reports an accepted one"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try Paxos.make(
        variant: PaxosProcess.Variant(rawValue: variant) ?? .correct, rounds: values.integer("rounds"),
        crashes: values.integer("crashes"), lossy: values.string("network") == "lossy")
      return try CheckOutcome.explore(
        model, name: "paxos", variant: variant, parameters: values, request: request)
    })

  static let totalOrderMulticast = ModelEntry(
    name: "total-order-multicast",
    summary: "Active replication by total-order multicast, reduced to one consensus instance per batch",
    parameters: [
      .integer(
        "processes", default: 2, in: 2...TotalOrderMulticast.maxProcesses,
        "number of replicas; each multicasts one command")
    ],
    variants: [
      ModelVariant(
        "consensus", expected: .holds, "batches ordered by consensus, delivered in a fixed order"),
      ModelVariant(
        "deliver-on-receipt", expected: .violated, "deliver each command as it arrives, without consensus"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try TotalOrderMulticast.make(
        processes: values.integer("processes"), ordered: variant != "deliver-on-receipt")
      return try CheckOutcome.explore(
        model, name: "total-order-multicast", variant: variant, parameters: values, request: request)
    })

  static let viewSynchronousMulticast = ModelEntry(
    name: "view-synchronous-multicast",
    summary: "Group membership with a flush before each view change, and state transfer to a joiner",
    parameters: [
      .integer(
        "members", default: 2, in: 2...ViewSynchronousMulticast.maxMembers,
        "members of the first view (one more process joins)")
    ],
    variants: [
      ModelVariant("flush", expected: .holds, "members report and complete view-0 deliveries before view 1"),
      ModelVariant("no-flush", expected: .violated, "the coordinator installs the next view at once"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try ViewSynchronousMulticast.make(
        members: values.integer("members"), flush: variant != "no-flush")
      return try CheckOutcome.explore(
        model, name: "view-synchronous-multicast", variant: variant, parameters: values, request: request)
    })

  /// The entries this file adds to `Catalogue.entries`.
  static let multicastEntries = [paxos, totalOrderMulticast, viewSynchronousMulticast]
}
