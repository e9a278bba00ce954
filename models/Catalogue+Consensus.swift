import Faultline

/// The catalogue entries of the consensus models.
extension Catalogue {
  static let floodingConsensus = ModelEntry(
    name: "flooding-consensus",
    summary: "Flooding consensus in rounds with a perfect failure detector; crashes may strike in mid-flood",
    parameters: [
      ModelParameter(
        "processes", default: "3", "number of processes; process i proposes min(i, values - 1)",
        kind: .integer(1...5)
      ),
      ModelParameter(
        "crashes", default: "1", "most crashes, each possibly in mid-broadcast (fewer than processes)",
        kind: .integer(0...4)),
      ModelParameter(
        "values", default: "0", "number of distinct proposals; 0 (the default): one per process",
        kind: .integer(0...8)),
      ModelParameter(
        "network", default: "fifo", "fifo (reliable, in order per link), unordered, duplicating or lossy",
        kind: .choice(networks.map(\.0))),
    ],
    variants: [
      ModelVariant(
        "correct", expected: "holds",
        "decides the smallest known proposal once a round heard from the same processes as the one before"),
      ModelVariant(
        "decide-early", expected: "violated",
        "decides at the end of the first round even if someone crashed in mid-flood: agreement breaks"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let processes = values.integer("processes")
      let distinct = values.integer("values") == 0 ? processes : values.integer("values")
      let model = try FloodingConsensus.make(
        processes: processes, crashes: values.integer("crashes"), values: distinct,
        decidesEarly: variant == "decide-early", network: network(values.string("network")))
      // Report the number of values in force, not the 0 that stands for "one per process".
      let effective = ParameterValues(values.pairs.map { ($0.0, $0.0 == "values" ? String(distinct) : $0.1) })
      return try CheckOutcome.explore(
        model, name: "flooding-consensus", variant: variant, parameters: effective, request: request)
    })

  static let uniformConsensus = ModelEntry(
    name: "uniform-consensus",
    summary:
      "Uniform consensus by rank (hierarchical) with a perfect failure detector; crashes in mid-broadcast",
    parameters: [
      ModelParameter(
        "processes", default: "3", "number of processes; process i proposes i", kind: .integer(1...5)),
      ModelParameter(
        "crashes", default: "1", "most crashes, each possibly in mid-broadcast (fewer than processes)",
        kind: .integer(0...4)),
      ModelParameter(
        "network", default: "unordered", "fifo, unordered, duplicating or lossy",
        kind: .choice(networks.map(\.0))),
      ModelParameter(
        "agreement", default: "uniform",
        "uniform (also crashed processes agree) or regular (only correct processes must agree)",
        kind: .choice(UniformConsensus.Agreement.allCases.map(\.rawValue))),
    ],
    variants: [
      ModelVariant(
        "uniform", expected: "holds",
        "the leader decides only once every unsuspected process adopted its value"),
      ModelVariant(
        "non-uniform", expected: "violated",
        "the leader decides at once, then tells the others: correct processes agree, crashed ones need not"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try UniformConsensus.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        uniform: variant == "uniform", network: network(values.string("network")),
        agreement: UniformConsensus.Agreement(rawValue: values.string("agreement")) ?? .uniform)
      return try CheckOutcome.explore(
        model, name: "uniform-consensus", variant: variant, parameters: values, request: request)
    })

  static let rotatingCoordinator = ModelEntry(
    name: "rotating-coordinator",
    summary: "Chandra–Toueg consensus: rotating coordinator, ◇S failure detector, a majority correct",
    parameters: [
      ModelParameter(
        "processes", default: "3", "number of processes; process i proposes i", kind: .integer(2...5)),
      ModelParameter(
        "crashes", default: "1", "most crashes, each possibly in mid-broadcast (a minority of processes)",
        kind: .integer(0...2)),
      ModelParameter(
        "false-suspicions", default: "1", "most suspicions of live processes by the ◇S detector",
        kind: .integer(0...8)),
      ModelParameter(
        "rounds", default: "2", "rounds each process runs before it only listens", kind: .integer(1...8)),
      ModelParameter(
        "network", default: "fifo", "fifo (reliable, in order per link), unordered, duplicating or lossy",
        kind: .choice(networks.map(\.0))),
    ],
    variants: [
      ModelVariant(
        "majority", expected: "holds",
        "the coordinator waits for a majority of estimates and of replies"),
      ModelVariant(
        "minority-quorum", expected: "violated",
        "the coordinator waits for only ⌊n/2⌋ estimates and replies: quorums need not intersect"),
    ],
    check: { variant, values, request throws(FaultlineError) in
      let model = try RotatingCoordinator.make(
        processes: values.integer("processes"), crashes: values.integer("crashes"),
        falseSuspicions: values.integer("false-suspicions"), rounds: values.integer("rounds"),
        majority: variant == "majority", network: network(values.string("network")))
      return try CheckOutcome.explore(
        model, name: "rotating-coordinator", variant: variant, parameters: values, request: request)
    })
}
