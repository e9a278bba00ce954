import Foundation
import Testing

extension ParameterGridTests {
  /// The models that run under a failure detector, at the detectors and partitions their
  /// algorithms do not assume (`--detector`, `--partitions`; models/DetectorSetting.swift).
  ///
  /// Two facts carry most rules:
  /// - ◇P and ◇S allow the same steps over the finite prefixes a safety check explores; ◇S only
  ///   owes fewer of them (a false suspicion may last forever). So a safety verdict under ◇S is
  ///   the one under ◇P, and a liveness violation under ◇P is one under ◇S too.
  /// - The System layer refuses a liveness property under ◇S when the false suspicions are as
  ///   many as the processes that never crash: every correct process could then be suspected
  ///   forever, which ◇S's eventual weak accuracy excludes. Those points are refused.
  static let detectorGrids: [Grid] = consensusDetectorGrids + replicationDetectorGrids

  /// Whether a model with a liveness property refuses ◇S at `point` (see `detectorGrids`),
  /// counting `processes` processes of which `crashes` may crash and two false suspicions per
  /// partition event.
  static func refusesEventuallyStrong(_ point: Point, processes: Int) -> Bool {
    guard point.values["detector"] == "eventually-strong" else { return false }
    let bound = point["partitions"] > 0 ? 2 * point["partitions"] : max(point["false-suspicions"], 0)
    return bound >= processes - max(point["crashes"], 0)
  }

  static let consensusDetectorGrids: [Grid] = [
    // Uniform consensus under ◇S: the ◇P points' verdicts (violated with two processes or more:
    // ParameterGridTests.fileGrids argues both paths), where ◇S does not make termination
    // uncheckable. With one false suspicion a lasso is shorter still: p0 suspects p1 for ever,
    // leads round 0, decides and sends p1 nothing (it sends to unsuspected processes only),
    // while p1 waits for p0.
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: [
        "processes": ["2", "3"], "crashes": ["0", "1"], "detector": ["eventually-strong"],
        "false-suspicions": ["1", "2"],
      ],
      rule: { point in
        if refusesEventuallyStrong(point, processes: point["processes"]) { return .refused }
        return .violated
      }),
    // Under a partition both ends of a cut link suspect each other: p0 leads round 0 and decides
    // its value with the acks of the processes it still trusts; p1, cut off from p0, suspects it,
    // leads round 1 and decides its own (a third process adopts p1's proposal, from a higher
    // rank than p0's). The non-uniform leader decides at once, so it breaks sooner. With one
    // process there is no link to cut.
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: ["processes": ["1", "2", "3"], "crashes": ["0", "1"], "partitions": ["1"]],
      rule: { point in
        guard point["crashes"] < point["processes"] else { return .refused }
        return point["processes"] >= 2 ? .violated : .holds
      }),
    Grid(
      model: "uniform-consensus", variant: "non-uniform",
      axes: ["processes": ["2", "3"], "crashes": ["0"], "partitions": ["1"], "agreement": ["regular"]],
      rule: { _ in .violated }),
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: [
        "processes": ["2", "3"], "crashes": ["0"], "detector": ["eventually-strong"], "partitions": ["1"],
      ],
      rule: { point in refusesEventuallyStrong(point, processes: point["processes"]) ? .refused : .violated }),
    // Flooding consensus under ◇P. With two processes and one false suspicion, p1 suspects p0
    // before p0's proposal reaches it and ends rounds 1 and 2 hearing only from itself, so it
    // decides its own 1, while p0, having heard both, decides 0. With three, two false
    // suspicions let p2 do the same alone and decide 2. (Three processes with one false
    // suspicion are left out: p1 then still learns 0 through p2's round-2 message, and whether
    // some other order breaks agreement is not worked out here.) Crashes only add behaviours.
    Grid(
      model: "flooding-consensus", variant: "correct",
      axes: ["processes": ["2"], "crashes": ["0", "1"], "false-suspicions": ["1", "2"]],
      rule: { _ in .violated }),
    Grid(
      model: "flooding-consensus", variant: "correct",
      axes: ["processes": ["3"], "crashes": ["0", "1"], "false-suspicions": ["2"]],
      rule: { _ in .violated }),
    // Under a partition of two processes, each suspects the other across the cut and decides
    // its own proposal, as above.
    Grid(
      model: "flooding-consensus", variant: "correct",
      axes: ["processes": ["2"], "crashes": ["0", "1"], "partitions": ["1"]],
      rule: { _ in .violated }),
    // Chandra–Toueg needs only ◇S, so a stronger detector keeps everything: perfect (no false
    // suspicion) is the ◇S grid's zero row, and under ◇P every false suspicion ends, so
    // termination is checked whatever the bound and is never violated (it holds, or the rounds
    // run out first). Partitions are refused: the model's links are reliable.
    Grid(
      model: "rotating-coordinator", variant: "majority",
      axes: ["processes": ["3"], "crashes": ["0", "1"], "detector": ["perfect"], "rounds": ["3"]],
      rule: { _ in .holds }),
    Grid(
      model: "rotating-coordinator", variant: "majority",
      axes: [
        "processes": ["3"], "crashes": ["0", "1"], "detector": ["eventually-perfect"],
        "false-suspicions": ["1", "2"], "rounds": ["3"],
      ],
      rule: { _ in .notViolated }),
    Grid(
      model: "rotating-coordinator", variant: "majority",
      axes: ["detector": ["perfect"], "false-suspicions": ["1"]], rule: { _ in .refused }),
  ]

  static let replicationDetectorGrids: [Grid] = [
    // Primary-backup under ◇S: the ◇P points' verdicts (violated with two replicas or more:
    // PrimaryBackupSuspicionTests argues both paths), where ◇S keeps termination checkable.
    Grid(
      model: "primary-backup", variant: "correct",
      axes: [
        "replicas": ["2"], "clients": ["1", "2"], "crashes": ["0", "1"], "detector": ["eventually-strong"],
        "false-suspicions": ["1", "2"],
      ],
      rule: { point in
        refusesEventuallyStrong(point, processes: point["replicas"] + point["clients"]) ? .refused : .violated
      }),
    // Under a partition a client's link to the primary may be cut and never heal, so its request
    // is lost and its reply never comes (the eventually property), with any number of replicas.
    Grid(
      model: "primary-backup", variant: "correct",
      axes: ["replicas": ["1", "2"], "clients": ["1"], "crashes": ["0"], "partitions": ["1"]],
      rule: { _ in .violated }),
    // Total-order multicast under ◇S: violated as under ◇P (the grid's
    // `totalOrderMulticastUnderEventuallyPerfect`), where ◇S keeps its leads-to checkable. Under
    // a partition the multicaster can be cut off from another process for ever: that process,
    // up, never delivers the command.
    Grid(
      model: "total-order-multicast", variant: "consensus",
      axes: [
        "processes": ["2", "3"], "crashes": ["0"], "commands": ["1"], "detector": ["eventually-strong"],
        "false-suspicions": ["1"],
      ],
      rule: { point in refusesEventuallyStrong(point, processes: point["processes"]) ? .refused : .violated }),
    Grid(
      model: "total-order-multicast", variant: "consensus",
      axes: ["processes": ["2", "3"], "crashes": ["0"], "commands": ["1"], "partitions": ["1"]],
      rule: { _ in .violated }),
    // View-synchronous multicast under ◇P: a process that wrongly suspects p0 after p0 delivered
    // its own command in view 0 leads the view change without p0's report, so the next view's
    // message set lacks the command; p0, up, acknowledges the proposal and installs the view too,
    // having delivered in view 0 a message the other never delivers there (view synchrony; with
    // two processes, 7 steps). A partition gives both ends of a cut the same false suspicion.
    Grid(
      model: "view-synchronous-multicast", variant: "flush",
      axes: ["processes": ["2", "3"], "crashes": ["0", "1"], "false-suspicions": ["1", "2"]],
      rule: { _ in .violated }),
    Grid(
      model: "view-synchronous-multicast", variant: "flush",
      axes: ["processes": ["2", "3"], "crashes": ["0"], "partitions": ["1"]], rule: { _ in .violated }),
    // Refused everywhere: a perfect detector with false suspicions or partitions, and false
    // suspicions with partitions.
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: ["detector": ["perfect"], "false-suspicions": ["1"]], rule: { _ in .refused }),
    Grid(
      model: "primary-backup", variant: "correct",
      axes: ["detector": ["perfect"], "partitions": ["1"]], rule: { _ in .refused }),
    Grid(
      model: "flooding-consensus", variant: "correct",
      axes: ["partitions": ["1"], "false-suspicions": ["1"]], rule: { _ in .refused }),
  ]
}
