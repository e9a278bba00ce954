import Foundation
import Testing

/// Issue #13: every catalogue variant at every point of a declared grid of the parameters it
/// accepts, not only at its defaults, on the release binary. A correct variant must hold
/// wherever the literature's assumptions hold; a broken variant must be violated wherever the
/// bug it plants can show; a point the model cannot check soundly must be refused (exit 2).
///
/// The expected verdict of each point comes from the protocol, not from a run: the rule next to
/// each grid says which points can show the planted bug and why. The grid stops where a point
/// takes more than a few seconds in release. `FAULTLINE_GRID_REPORT=FILE` writes the grid's
/// Markdown table (state counts and times) to FILE, for docs/models.md.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FAULTLINE_SKIP_RELEASE"] != "1"))
struct ParameterGridTests {
  /// What a grid point must give.
  enum Expected: String {
    case holds, violated, refused
    /// A liveness property left not determined because a behaviour reaches the model's own
    /// bound (rounds) before its goal: exit 3 with that reason, never a time limit.
    case undetermined
    /// Holds, or undetermined by the bound: where the protocol promises that a liveness property
    /// is never violated but the rounds the model needs to decide it are not worked out.
    case notViolated = "holds or undetermined"

    /// Whether a run's verdict is what this expects.
    func accepts(_ verdict: String) -> Bool {
      self == .notViolated ? verdict == "holds" || verdict == "undetermined" : verdict == rawValue
    }
  }

  /// A model's variant over the product of parameter values, with the rule that says what
  /// each point must give.
  struct Grid: Sendable {
    var model: String
    var variant: String
    var axes: KeyValuePairs<String, [String]>
    var rule: @Sendable (Point) -> Expected
    /// Points of the product left out: they take too long for the suite.
    var skip: [[String: String]] = []

    /// Every point of the product, in order, but the skipped ones.
    var points: [Point] {
      var result = [Point(values: [:], order: [])]
      for (name, values) in axes {
        result = result.flatMap { point in
          values.map { value in
            var next = point
            next.values[name] = value
            next.order.append(name)
            return next
          }
        }
      }
      return result.filter { point in !skip.contains { $0 == point.values } }
    }
  }

  /// One combination of parameter values.
  struct Point: Sendable {
    var values: [String: String]
    var order: [String]

    /// The value of an integer parameter.
    subscript(_ name: String) -> Int { Int(values[name] ?? "") ?? -1 }

    /// Whether a flag parameter is on.
    func on(_ name: String) -> Bool { values[name] == "on" }

    /// The command-line options: `--name value`, or `--name` alone for a flag that is on.
    var arguments: [String] {
      order.flatMap { name -> [String] in
        switch values[name] {
        case "on": return ["--\(name)"]
        case "off": return []
        case let value?: return ["--\(name)", value]
        case nil: return []
        }
      }
    }
  }

  static let networks = ["duplicating", "fifo", "unordered", "lossy"]

  /// Three-phase commit's broken variants with three participants and two crashes: 1 to 2 s each,
  /// since breadth-first search visits every state up to the counterexample's depth.
  static let threePhaseSlowPoints = ["unordered", "fifo", "duplicating"].map {
    ["participants": "3", "crashes": "2", "network": $0]
  }

  /// The grids. A rule returning `.holds` for every point of a correct variant is the claim
  /// that the protocol is correct there; each broken variant's rule names the smallest setting
  /// in which its bug can show.
  static let grids: [Grid] =
    fileGrids + checkpointRecoveryGrids + stateMachineReplicationGrids + totalOrderMulticastGrids
    + viewSynchronousMulticastGrids + [totalOrderMulticastUnderEventuallyPerfect] + detectorGrids

  /// The grids declared in this file; other models' are in `ParameterGridTests+Model.swift`.
  static let fileGrids: [Grid] = [
    // Two-phase commit is safe under any crashes and any network, but it terminates only over
    // reliable links and without crash-stop faults: a coordinator that crashes after the votes
    // blocks the participants that voted yes (Skeen's blocking), and a lost decision is never
    // sent again.
    Grid(
      model: "two-phase-commit", variant: "correct",
      axes: [
        "participants": ["1", "2", "3", "4"], "crashes": ["0", "1", "2"], "network": networks,
        "mid-broadcast": ["off", "on"],
      ], rule: { $0["crashes"] >= 1 || $0.values["network"] == "lossy" ? .violated : .holds },
      // Four participants with two crashes take 1 to 3 s each with the termination check.
      skip: networks.flatMap { network in
        ["off", "on"].map { ["participants": "4", "crashes": "2", "network": network, "mid-broadcast": $0] }
      }),
    Grid(
      model: "two-phase-commit", variant: "correct",
      axes: [
        "participants": ["1", "2", "3"], "crashes": ["1", "2"], "recovery": ["on"],
        "network": ["duplicating", "lossy"],
      ], rule: { $0.values["network"] == "lossy" ? .violated : .holds },
      skip: [["participants": "3", "crashes": "2", "recovery": "on", "network": "lossy"]]),
    // Committing after any yes vote, or aborting after voting yes, needs a second participant
    // to disagree with: with one, "any vote" is "every vote" and nobody else has committed.
    // With one participant a crash still blocks the first, as in the correct protocol; the
    // second does not block, since its participant may abort on its own after voting yes.
    Grid(
      model: "two-phase-commit", variant: "commit-without-all-votes",
      axes: [
        "participants": ["1", "2", "3", "4"], "crashes": ["0", "1"], "network": ["duplicating", "fifo"],
      ],
      rule: { $0["participants"] >= 2 || $0["crashes"] >= 1 ? .violated : .holds }),
    Grid(
      model: "two-phase-commit", variant: "abort-after-prepare",
      axes: [
        "participants": ["1", "2", "3", "4"], "crashes": ["0", "1"], "network": ["duplicating", "fifo"],
      ],
      rule: { $0["participants"] >= 2 ? .violated : .holds }),
    // With recovery (always on here) processes are eventually up, so nothing blocks.
    Grid(
      model: "two-phase-commit", variant: "recovery-decides-alone",
      axes: ["participants": ["1", "2", "3"], "crashes": ["1", "2"]],
      rule: { $0["participants"] >= 2 ? .violated : .holds }),
    // Three-phase commit with a perfect detector is safe and non-blocking under any number of
    // crashes, every process included (then nobody is left to decide), each possibly in
    // mid-broadcast; it terminates over reliable links only (a lost message is not sent again).
    // More crashes than processes are refused.
    Grid(
      model: "three-phase-commit", variant: "correct",
      axes: [
        "participants": ["1", "2"], "crashes": ["0", "1", "2", "3"],
        "network": ["unordered", "fifo", "duplicating", "lossy"],
      ],
      rule: { point in
        guard point["crashes"] <= point["participants"] + 1 else { return .refused }
        return point.values["network"] == "lossy" ? .violated : .holds
      }),
    // Three participants: two crashes take 2 to 9 s, and lossy links 1 to 2 s.
    Grid(
      model: "three-phase-commit", variant: "correct",
      axes: [
        "participants": ["3"], "crashes": ["0", "1"], "network": ["unordered", "fifo", "duplicating"],
      ],
      rule: { _ in .holds }),
    // Under a partition a detector suspects the processes it cannot reach, so both sides of a
    // cut run the termination protocol. Every point fails: with one participant, the two ends
    // of one cut decide differently; with more, a participant cut from the coordinator waits
    // forever for a lower rank that still hears from the coordinator and so never leads (and
    // with enough cuts, or a crash, the sides decide differently).
    Grid(
      model: "three-phase-commit", variant: "correct",
      axes: ["participants": ["1", "2"], "crashes": ["0", "1"], "partitions": ["1", "2"]],
      rule: { _ in .violated }),
    Grid(
      model: "three-phase-commit", variant: "correct",
      axes: ["participants": ["3"], "crashes": ["0"], "partitions": ["1"]], rule: { _ in .violated }),
    // Both broken variants need a crash: without one the termination protocol never runs. With
    // one, the coordinator may crash having decided commit and told nobody (no-precommit: on the
    // votes alone; termination-aborts-precommitted: after every participant's Ack), and the new
    // coordinator aborts.
    Grid(
      model: "three-phase-commit", variant: "no-precommit",
      axes: [
        "participants": ["1", "2", "3"], "crashes": ["0", "1", "2"],
        "network": ["unordered", "fifo", "duplicating"],
      ],
      rule: { $0["crashes"] >= 1 ? .violated : .holds }, skip: threePhaseSlowPoints),
    Grid(
      model: "three-phase-commit", variant: "termination-aborts-precommitted",
      axes: [
        "participants": ["1", "2", "3"], "crashes": ["0", "1", "2"],
        "network": ["unordered", "fifo", "duplicating"],
      ],
      rule: { $0["crashes"] >= 1 ? .violated : .holds }, skip: threePhaseSlowPoints),
    // A stale PreCommit misleads only a later leader: p2 takes it after answering p1, which
    // aborted, and commits once it leads. That takes two crashes (the coordinator's, for p1 to
    // lead, and p1's, for p2 to) and two participants; with one, p1 leads with nobody to ask and
    // decides at once. The variant raises fewer crashes to two, so every point with two or more
    // participants is violated, whatever the network; more crashes than processes are refused.
    Grid(
      model: "three-phase-commit", variant: "accepts-stale-precommit",
      axes: [
        "participants": ["1", "2"], "crashes": ["0", "1", "2", "3"],
        "network": ["unordered", "fifo", "duplicating"],
      ],
      rule: { point in
        guard point["crashes"] <= point["participants"] + 1 else { return .refused }
        return point["participants"] >= 2 ? .violated : .holds
      }),
    Grid(
      model: "three-phase-commit", variant: "accepts-stale-precommit",
      axes: ["participants": ["3"], "crashes": ["2"], "network": ["unordered"]], rule: { _ in .violated }),
    // Flooding consensus tolerates any number of crashes below the number of processes; it
    // terminates over reliable links only (a process waits for every process it does not
    // suspect, and a lost message is not sent again).
    Grid(
      model: "flooding-consensus", variant: "correct",
      axes: [
        "processes": ["2", "3"], "crashes": ["0", "1", "2"],
        "network": ["fifo", "unordered", "duplicating", "lossy"],
      ],
      rule: { point in
        guard point["crashes"] < point["processes"] else { return .refused }
        return point.values["network"] == "lossy" ? .violated : .holds
      }, skip: [["processes": "3", "crashes": "2", "network": "lossy"]]),
    // Deciding after one round breaks agreement only if a crash in mid-flood leaves two live
    // processes with different views: three processes and one crash.
    Grid(
      model: "flooding-consensus", variant: "decide-early",
      axes: ["processes": ["2", "3"], "crashes": ["1"]],
      rule: { $0["processes"] >= 3 ? .violated : .holds }),
    Grid(
      model: "flooding-consensus", variant: "decide-early", axes: ["processes": ["3"], "crashes": ["2"]],
      rule: { _ in .violated }),
    // Uniform consensus by rank: any crashes below the number of processes; it too terminates
    // over reliable links only.
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: [
        "processes": ["2", "3"], "crashes": ["0", "1", "2"],
        "network": ["fifo", "unordered", "duplicating", "lossy"],
      ],
      rule: { point in
        guard point["crashes"] < point["processes"] else { return .refused }
        return point.values["network"] == "lossy" ? .violated : .holds
      }),
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: ["processes": ["4"], "crashes": ["0", "1"], "network": ["fifo", "duplicating"]],
      rule: { _ in .holds }),
    // Deciding before the others adopted the value breaks uniform agreement with one crash.
    Grid(
      model: "uniform-consensus", variant: "non-uniform",
      axes: ["processes": ["2", "3", "4"], "crashes": ["1", "2"]],
      rule: { $0["crashes"] < $0["processes"] ? .violated : .refused }),
    // Among correct processes only, the non-uniform algorithm (5.2) agrees and terminates.
    Grid(
      model: "uniform-consensus", variant: "non-uniform",
      axes: ["processes": ["3", "4"], "crashes": ["1", "2"], "agreement": ["regular"]], rule: { _ in .holds }),
    // With an eventually perfect detector instead of P, the algorithms' assumption is broken and
    // one false suspicion already shows it (with one process there is no one to suspect).
    // Uniform: the highest process suspects p0 and passes round 0 without acknowledging p0's
    // proposal, so p0 waits for it for ever and the others for p0 (termination); with two, p0
    // and p1 suspect each other and each decides its own value. Non-uniform: p1 suspects p0 and
    // decides its own value, and p0 decides its own in its round (agreement, even among correct
    // processes). Crashes only add behaviours.
    Grid(
      model: "uniform-consensus", variant: "uniform",
      axes: ["processes": ["1", "2", "3"], "crashes": ["0", "1"], "false-suspicions": ["1", "2"]],
      rule: { point in
        guard point["crashes"] < point["processes"] else { return .refused }
        return point["processes"] >= 2 ? .violated : .holds
      }),
    Grid(
      model: "uniform-consensus", variant: "non-uniform",
      axes: [
        "processes": ["2", "3"], "crashes": ["0"], "false-suspicions": ["1"], "agreement": ["regular"],
      ],
      rule: { _ in .violated }),
    // Chandra–Toueg needs a majority correct: crashes below n/2 are safe, more are refused. It
    // terminates under ◇S, which the model checks while the false suspicions are fewer than
    // the processes that never crash (otherwise only safety, which holds). Whether the rounds
    // suffice to decide it:
    // - one round never does: whoever acks the first proposal moves past the last round
    //   undecided before the coordinator, which needs that ack, can decide;
    // - with no false suspicion, three processes and at most one crash, a process can reach
    //   round 2 undecided (rounds 0 and 1 both succeed, or round 0's coordinator crashed), but
    //   not round 3: round 2's coordinator waits for estimates from processes that decided or
    //   crashed until the relayed decision reaches it. So two rounds leave termination
    //   undetermined and three decide it;
    // - with false suspicions the rounds needed are not worked out here: termination is never
    //   violated, and holds or is undetermined.
    Grid(
      model: "rotating-coordinator", variant: "majority",
      axes: [
        "processes": ["3"], "crashes": ["0", "1", "2"], "false-suspicions": ["0", "1", "2"],
        "rounds": ["1", "2", "3"],
      ],
      rule: { point in
        guard 2 * point["crashes"] < point["processes"] else { return .refused }
        if point["false-suspicions"] >= point["processes"] - point["crashes"] { return .holds }
        if point["rounds"] == 1 { return .undetermined }
        if point["false-suspicions"] == 0 { return point["rounds"] >= 3 ? .holds : .undetermined }
        return .notViolated
      },
      skip: [["processes": "3", "crashes": "1", "false-suspicions": "2", "rounds": "3"]]),
    // Four processes, for safety alone: one round leaves termination undetermined (above), and
    // its check would double these points' time. With the relayed decision, a crash and a false
    // suspicion at four processes (1.9 million states, 11 s) and five processes (31 million
    // states in two minutes, unfinished) leave the suite.
    Grid(
      model: "rotating-coordinator", variant: "majority",
      axes: [
        "processes": ["4"], "crashes": ["0", "1"], "false-suspicions": ["0", "1"], "rounds": ["1"],
        "no-liveness": ["on"],
      ],
      rule: { _ in .holds },
      skip: [["processes": "4", "crashes": "1", "false-suspicions": "1", "rounds": "1", "no-liveness": "on"]]),
    // Quorums of ⌊n/2⌋ need not intersect: two coordinators lock different values.
    Grid(
      model: "rotating-coordinator", variant: "minority-quorum",
      axes: ["processes": ["3"], "crashes": ["1"]],
      rule: { _ in .violated }),
    // With four processes a quorum is two, and the first round's deciding pair and a later
    // coordinator's pair of estimates can be disjoint once the later rounds run without the
    // first pair: one crash, or two false suspicions.
    Grid(
      model: "rotating-coordinator", variant: "minority-quorum",
      axes: ["processes": ["4"], "crashes": ["1"], "false-suspicions": ["0"], "rounds": ["2"]],
      rule: { _ in .violated }),
    Grid(
      model: "rotating-coordinator", variant: "minority-quorum",
      axes: ["processes": ["4"], "crashes": ["0"], "false-suspicions": ["2"], "rounds": ["2"]],
      rule: { _ in .violated }),
    // Lamport's Paxos: both planted bugs need a second ballot to choose a second value.
    Grid(
      model: "paxos-lamport", variant: "correct", axes: ["max-ballot": ["0", "1"]], rule: { _ in .holds }),
    Grid(
      model: "paxos-lamport", variant: "phase2a-ignores-votes", axes: ["max-ballot": ["0", "1", "2"]],
      rule: { $0["max-ballot"] >= 1 ? .violated : .holds }),
    Grid(
      model: "paxos-lamport", variant: "acceptor-accepts-below-promise",
      axes: ["max-ballot": ["0", "1", "2"]],
      rule: { $0["max-ballot"] >= 1 ? .violated : .holds }),
    // OM(m) needs more than 3m generals (Lamport, Shostak and Pease, theorems 1 and 2); OM(0)
    // and OM(m - 1) fail against m traitors. Fewer than two loyal generals is refused. OM(3)
    // with 6 or 7 generals outgrows an exhaustive search (incomplete at a minute, 27 M states).
    Grid(
      model: "byzantine-generals", variant: "correct",
      axes: ["generals": ["3", "4", "5", "6", "7"], "traitors": ["0", "1", "2", "3"]],
      rule: {
        $0["traitors"] > $0["generals"] - 2
          ? .refused : $0["generals"] > 3 * $0["traitors"] ? .holds : .violated
      },
      skip: [["generals": "6", "traitors": "3"], ["generals": "7", "traitors": "3"]]),
    Grid(
      model: "byzantine-generals", variant: "skip-relay",
      axes: ["generals": ["3", "4", "5", "6", "7"], "traitors": ["0", "1", "2", "3"]],
      rule: { $0["traitors"] > $0["generals"] - 2 ? .refused : $0["traitors"] >= 1 ? .violated : .holds }),
    Grid(
      model: "byzantine-generals", variant: "one-round-short",
      axes: ["generals": ["3", "4", "5", "6", "7"], "traitors": ["0", "1", "2", "3"]],
      rule: { $0["traitors"] > $0["generals"] - 2 ? .refused : $0["traitors"] >= 1 ? .violated : .holds }),
    // Primary-backup: linearizable under crashes of all but one replica. (Three replicas, two
    // clients and two crashes, the instance of the bug #13 reported, is pinned by
    // ReleaseBinaryTests.)
    Grid(
      model: "primary-backup", variant: "correct",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1", "2"]],
      rule: { $0["crashes"] < $0["replicas"] ? .holds : .refused },
      skip: [
        ["replicas": "3", "clients": "2", "crashes": "2"], ["replicas": "4", "clients": "2", "crashes": "2"],
        ["replicas": "4", "clients": "1", "crashes": "2"], ["replicas": "4", "clients": "2", "crashes": "1"],
      ]),
    Grid(
      model: "primary-backup", variant: "correct",
      axes: ["replicas": ["2", "3", "4"], "clients": ["3"], "crashes": ["0"]], rule: { _ in .holds }),
    // Under ◇P (#13) a backup that wrongly suspects the primary moves to a view of its own, and
    // nothing tells the primary: one false suspicion leaves the primary waiting forever for the
    // backup's acknowledgement of client 0's write (liveness), two let a write complete at the
    // new primary while the old one answers a read with the old value (split brain;
    // PrimaryBackupSuspicionTests names the property and argues both paths). With one replica
    // there is no view to move to, and a client resends once it trusts the replica again.
    Grid(
      model: "primary-backup", variant: "correct",
      axes: [
        "replicas": ["1", "2", "3"], "clients": ["1", "2"], "crashes": ["0", "1"],
        "false-suspicions": ["1", "2"],
      ],
      rule: { point in
        guard point["crashes"] < point["replicas"] else { return .refused }
        return point["replicas"] >= 2 ? .violated : .holds
      },
      skip: [["replicas": "3", "clients": "2", "crashes": "1", "false-suspicions": "1"]]),
    // Replying before the backups acknowledge loses an acknowledged write when the primary
    // crashes: it takes a write, a later read by another client, and one crash.
    Grid(
      model: "primary-backup", variant: "reply-before-ack",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1"]],
      rule: { $0["clients"] >= 2 && $0["crashes"] >= 1 ? .violated : .holds },
      skip: [["replicas": "4", "clients": "2", "crashes": "1"]]),
    // Several operations per client (#13): a writer reads back after each write, so with a
    // crash one client is enough for reply-before-ack to lose an acknowledged write.
    Grid(
      model: "primary-backup", variant: "correct",
      axes: [
        "replicas": ["2", "3"], "clients": ["1", "2"], "operations": ["2", "3"], "crashes": ["0", "1"],
      ],
      rule: { _ in .holds },
      // 2.0 M and 8.5 M states (25 s and 70 s).
      skip: [
        ["replicas": "2", "clients": "2", "operations": "3", "crashes": "1"],
        ["replicas": "3", "clients": "2", "operations": "3", "crashes": "1"],
      ]),
    Grid(
      model: "primary-backup", variant: "reply-before-ack",
      axes: [
        "replicas": ["2", "3"], "clients": ["1", "2"], "operations": ["2", "3"], "crashes": ["0", "1"],
      ],
      rule: { $0["crashes"] >= 1 ? .violated : .holds },
      // 1.3 M states (14 s): without acks to wait for, updates pile up in flight.
      skip: [["replicas": "3", "clients": "2", "operations": "3", "crashes": "0"]]),
    // Without a flush, backups diverge when a view changes under an update in flight: three
    // replicas (a primary and two backups to disagree) and a crash; other points are refused.
    Grid(
      model: "primary-backup", variant: "non-view-synchronous",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1", "2"]],
      rule: { point in
        guard point["replicas"] >= 3, point["crashes"] >= 1, point["crashes"] < point["replicas"] else {
          return .refused
        }
        return .violated
      }),
    // A client that never resends waits forever once the primary dies with its request: it takes
    // one crash; without one the variant is refused.
    Grid(
      model: "primary-backup", variant: "no-client-retry",
      axes: ["replicas": ["2", "3"], "clients": ["1", "2"], "crashes": ["0", "1"]],
      rule: { $0["crashes"] >= 1 ? .violated : .refused }),
    // Several writers (#13): the head orders every write, so chain replication stays
    // linearizable whoever writes (van Renesse and Schneider's argument is for any clients).
    Grid(
      model: "chain-replication", variant: "correct",
      axes: ["replicas": ["2", "3", "4"], "clients": ["2"], "writers": ["2"], "crashes": ["0", "1"]],
      rule: { _ in .holds }),
    Grid(
      model: "chain-replication", variant: "correct",
      axes: ["replicas": ["2", "3"], "clients": ["3"], "writers": ["2", "3"], "crashes": ["0"]],
      rule: { _ in .holds }),
    Grid(
      model: "chain-replication", variant: "read-at-head",
      axes: ["replicas": ["2", "3"], "clients": ["2", "3"], "writers": ["2"], "crashes": ["1"]],
      rule: { $0["clients"] > $0["writers"] ? .violated : .holds }),
    // Chain replication: linearizable under crashes of all but one replica.
    Grid(
      model: "chain-replication", variant: "correct",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1", "2"]],
      rule: { $0["crashes"] < $0["replicas"] ? .holds : .refused },
      skip: [
        ["replicas": "3", "clients": "2", "crashes": "2"], ["replicas": "4", "clients": "2", "crashes": "2"],
      ]),
    Grid(
      model: "chain-replication", variant: "correct",
      axes: ["replicas": ["2", "3", "4"], "clients": ["3"], "crashes": ["0"]], rule: { _ in .holds }),
    // A read at the head sees a write that the head's crash then loses: a writer, a reader
    // and one crash.
    Grid(
      model: "chain-replication", variant: "read-at-head",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1"]],
      rule: { $0["clients"] >= 2 && $0["crashes"] >= 1 ? .violated : .holds }),
    // Without the repair's resend, a write that died with a middle replica never reaches the
    // tail: it takes a middle replica (3 or more) and a crash; other points are refused.
    Grid(
      model: "chain-replication", variant: "no-resend-on-repair",
      axes: ["replicas": ["2", "3", "4"], "clients": ["1", "2"], "crashes": ["0", "1", "2"]],
      rule: { point in
        guard point["replicas"] >= 3, point["crashes"] >= 1, point["crashes"] < point["replicas"] else {
          return .refused
        }
        return .violated
      },
      skip: [
        ["replicas": "3", "clients": "2", "crashes": "2"], ["replicas": "4", "clients": "2", "crashes": "2"],
      ]),
    // Quorum replication: `quorumReplicationRule` says what each point must give. The correct
    // protocol holds wherever r + w > n, whatever the writers, operations and network, with
    // crashes up to n - max(r, w); more crashes, or a lossy link, leave a client waiting.
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["replicas": ["1", "2", "3"], "writers": ["1", "2"], "operations": ["1", "2", "3"]],
      rule: quorumReplicationRule("correct")),
    // Four replicas with two reads (543,614 states), five (823,519) and three clients
    // (1,907,893) take 5 to 20 s each: docs/models.md lists them, measured by hand.
    Grid(
      model: "quorum-replication", variant: "correct", axes: ["replicas": ["4"], "operations": ["1"]],
      rule: quorumReplicationRule("correct")),
    // Every pair of quorums of 3 replicas, with two writers: read-one-write-all and
    // write-one-read-all hold too (a write learns the highest tag from a read quorum, so write
    // quorums need not meet); r + w <= n is refused.
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["read-quorum": ["1", "2", "3"], "write-quorum": ["1", "2", "3"], "writers": ["2"]],
      rule: quorumReplicationRule("correct")),
    // Crashes: one of three replicas with majorities holds, liveness included (over FIFO links,
    // 1.0 million states in about 7 s; over the unordered network, 1.4 million in 16 s, which
    // is left out for time); more crashes than n - max(r, w) fail it.
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: [
        "replicas": ["1", "2"], "crashes": ["1", "2"], "operations": ["1"], "send-to": ["quorum", "all"],
      ], rule: quorumReplicationRule("correct")),
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["crashes": ["1"], "operations": ["1"], "network": ["fifo"]],
      rule: quorumReplicationRule("correct")),
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["read-quorum": ["3"], "write-quorum": ["1"], "crashes": ["1"], "operations": ["1"]],
      rule: quorumReplicationRule("correct")),
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["network": ["fifo", "duplicating", "lossy"], "operations": ["1"]],
      rule: quorumReplicationRule("correct")),
    Grid(
      model: "quorum-replication", variant: "correct", axes: ["network": ["fifo", "lossy"]],
      rule: quorumReplicationRule("correct")),
    // Attiya, Bar-Noy and Dolev's own form, every phase to every replica.
    Grid(
      model: "quorum-replication", variant: "correct",
      axes: ["replicas": ["2", "3"], "operations": ["1"], "send-to": ["all"]],
      rule: quorumReplicationRule("correct")),
    Grid(
      model: "quorum-replication", variant: "small-quorums",
      axes: ["replicas": ["2", "3", "4"], "writers": ["1", "2"], "operations": ["1", "2"]],
      rule: quorumReplicationRule("small-quorums")),
    Grid(
      model: "quorum-replication", variant: "small-quorums",
      axes: ["replicas": ["1", "5"], "operations": ["1"]], rule: quorumReplicationRule("small-quorums")),
    Grid(
      model: "quorum-replication", variant: "small-quorums",
      axes: ["read-quorum": ["1", "2"], "write-quorum": ["1", "2", "3"]],
      rule: quorumReplicationRule("small-quorums")),
    Grid(
      model: "quorum-replication", variant: "small-quorums", axes: ["operations": ["1"], "send-to": ["all"]],
      rule: quorumReplicationRule("small-quorums")),
    Grid(
      model: "quorum-replication", variant: "no-write-back",
      axes: ["replicas": ["2", "3"], "writers": ["1", "2"], "operations": ["1", "2", "3"]],
      rule: quorumReplicationRule("no-write-back")),
    Grid(
      model: "quorum-replication", variant: "no-write-back",
      axes: ["read-quorum": ["1", "2", "3"], "write-quorum": ["1", "2", "3"]],
      rule: quorumReplicationRule("no-write-back")),
    Grid(
      model: "quorum-replication", variant: "no-write-back",
      axes: ["clients": ["3"], "operations": ["1"]],
      rule: quorumReplicationRule("no-write-back")),
    Grid(
      model: "quorum-replication", variant: "no-write-back", axes: ["send-to": ["all"]],
      rule: quorumReplicationRule("no-write-back")),
    Grid(
      model: "quorum-replication", variant: "no-write-query",
      axes: ["replicas": ["2", "3"], "writers": ["1", "2"], "operations": ["1", "2", "3"]],
      rule: quorumReplicationRule("no-write-query")),
    Grid(
      model: "quorum-replication", variant: "no-write-query",
      axes: ["clients": ["3"], "writers": ["2", "3"], "operations": ["1"]],
      rule: quorumReplicationRule("no-write-query")),
    Grid(
      model: "quorum-replication", variant: "no-write-query", axes: ["send-to": ["all"]],
      rule: quorumReplicationRule("no-write-query")),
    // Remote procedure calls: `rpcRule` says what each point must give. The correct protocol
    // holds at every point, liveness included (fair-lossy links on the lossy network).
    Grid(
      model: "rpc", variant: "correct",
      axes: [
        "clients": ["1"], "calls": ["1", "2", "3"], "server-crashes": ["0", "1", "2"],
        "client-crashes": ["0", "1", "2"],
      ], rule: rpcRule("correct")),
    Grid(
      model: "rpc", variant: "correct",
      axes: [
        "clients": ["1"], "calls": ["1", "2"], "server-crashes": ["0", "2"], "client-crashes": ["0", "2"],
        "network": ["lossy", "duplicating"],
      ], rule: rpcRule("correct")),
    Grid(
      model: "rpc", variant: "correct",
      axes: [
        "clients": ["2"], "calls": ["1", "2"], "server-crashes": ["0", "1"], "client-crashes": ["0", "1"],
      ],
      rule: rpcRule("correct")),
    // Two clients with two crashes each side (286,394 states) take 8 to 12 s and are left out.
    Grid(
      model: "rpc", variant: "correct",
      axes: [
        "clients": ["2"], "calls": ["2"], "server-crashes": ["1"], "client-crashes": ["1"],
        "network": ["lossy", "duplicating"],
      ], rule: rpcRule("correct")),
    Grid(
      model: "rpc", variant: "correct",
      axes: ["clients": ["2"], "calls": ["1", "2"], "server-crashes": ["2"], "client-crashes": ["1", "2"]],
      rule: rpcRule("correct"),
      skip: [["clients": "2", "calls": "2", "server-crashes": "2", "client-crashes": "2"]]),
    Grid(
      model: "rpc", variant: "correct",
      axes: ["clients": ["3"], "calls": ["1"], "server-crashes": ["0", "1"], "client-crashes": ["0", "1"]],
      rule: rpcRule("correct")),
    Grid(
      model: "rpc", variant: "at-least-once",
      axes: [
        "clients": ["1", "2"], "calls": ["1", "2"], "server-crashes": ["0", "1"],
        "client-crashes": ["0", "1"],
      ],
      rule: rpcRule("at-least-once")),
    Grid(
      model: "rpc", variant: "at-least-once",
      axes: ["clients": ["1", "2"], "network": ["lossy", "duplicating"]],
      rule: rpcRule("at-least-once")),
    Grid(
      model: "rpc", variant: "volatile-table",
      axes: ["clients": ["1", "2"], "calls": ["1", "2"], "server-crashes": ["0", "1", "2"]],
      rule: rpcRule("volatile-table")),
    Grid(
      model: "rpc", variant: "volatile-table",
      axes: [
        "server-crashes": ["0", "1"], "client-crashes": ["0"], "network": ["latest", "lossy", "duplicating"],
      ],
      rule: rpcRule("volatile-table")),
    Grid(
      model: "rpc", variant: "no-orphan-detection",
      axes: ["clients": ["1", "2"], "calls": ["1", "2"], "client-crashes": ["0", "1", "2"]],
      rule: rpcRule("no-orphan-detection")),
    Grid(
      model: "rpc", variant: "no-orphan-detection",
      axes: ["calls": ["3"], "client-crashes": ["0", "1"], "network": ["latest", "lossy", "duplicating"]],
      rule: rpcRule("no-orphan-detection")),
    Grid(
      model: "rpc", variant: "accepts-any-reply",
      axes: [
        "clients": ["1", "2"], "calls": ["1", "2"], "server-crashes": ["0", "1"],
        "client-crashes": ["0", "1"],
      ],
      rule: rpcRule("accepts-any-reply")),
    Grid(
      model: "rpc", variant: "accepts-any-reply",
      axes: ["calls": ["1", "3"], "network": ["lossy", "duplicating"]], rule: rpcRule("accepts-any-reply")),
    // Networks that keep every copy of a retransmission grow without bound: refused.
    Grid(
      model: "rpc", variant: "correct", axes: ["network": ["fifo", "unordered"]], rule: rpcRule("correct")),
    // Paxos (2 proposers, 3 acceptors with crash-recovery): safe under any acceptor crashes.
    Grid(
      model: "paxos", variant: "correct",
      axes: ["rounds": ["1"], "crashes": ["0", "1"], "proposer-crashes": ["off", "on"]], rule: { _ in .holds }
    ),
    // An acceptor that forgets its promise on recovery needs a crash to forget it.
    Grid(
      model: "paxos", variant: "acceptor-forgets-promise",
      axes: ["rounds": ["1"], "crashes": ["0", "1"], "proposer-crashes": ["off", "on"]],
      rule: { $0["crashes"] >= 1 ? .violated : .holds }),
    // A proposer that ignores reported acceptances chooses a second value with no fault at all.
    Grid(
      model: "paxos", variant: "proposer-ignores-accepted",
      axes: ["rounds": ["1", "2"], "crashes": ["0", "1"]],
      rule: { _ in .violated }, skip: [["rounds": "2", "crashes": "1"]]),
    // Paxos with unbounded ballots (#14). Two proposers that retry when rejected, with no leader,
    // can preempt each other for ever whatever the number of acceptors (Paxos Made Simple §2.4);
    // with an Ω leader that settles, a value is chosen once the other proposer stops. A crash is
    // taken only with three acceptors (one of three): proposers do not retransmit, so with fewer
    // the crashed acceptor belongs to every majority and what it lost is never sent again; those
    // points are refused. Three acceptors take millions of states and are left out.
    Grid(
      model: "paxos", variant: "dueling-proposers", axes: ["acceptors": ["1", "2"], "crashes": ["0", "1"]],
      rule: { $0["crashes"] == 0 ? .violated : .refused }),
    Grid(
      model: "paxos", variant: "stable-leader", axes: ["acceptors": ["1", "2"], "crashes": ["0", "1"]],
      rule: { $0["crashes"] == 0 ? .holds : .refused }),
    // What the unbounded variants cannot take: a ballot bound, a network that keeps old ballots'
    // messages, proposer crashes; and the bounded variants keep 3 acceptors and their networks.
    Grid(
      model: "paxos", variant: "dueling-proposers", axes: ["network": ["duplicating", "lossy", "latest"]],
      rule: { $0.values["network"] == "latest" ? .violated : .refused }),
    Grid(model: "paxos", variant: "stable-leader", axes: ["rounds": ["1", "2"]], rule: { _ in .refused }),
    Grid(
      model: "paxos", variant: "stable-leader", axes: ["proposer-crashes": ["on"]], rule: { _ in .refused }),
    Grid(
      model: "paxos", variant: "correct", axes: ["acceptors": ["2"], "network": ["duplicating", "latest"]],
      rule: { _ in .refused }),
    Grid(model: "paxos", variant: "correct", axes: ["network": ["latest"]], rule: { _ in .refused }),
    // Reliable broadcast: the correct protocol holds under any crashes below the number of
    // processes, over every reliable network, in both orders; `reliableBroadcastRule` says where
    // each broken variant's bug can show, and that FIFO order needs more broadcasts than
    // processes (fewer are refused).
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2"], "crashes": ["0", "1"], "order": ["causal"],
        "network": networks,
      ], rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["2"], "messages": ["3"], "crashes": ["0", "1"], "order": ["fifo"], "network": networks,
      ],
      rule: reliableBroadcastRule("correct")),
    // Three processes with four broadcasts take 7 to 19 s over the unordered network.
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["3"], "messages": ["4"], "crashes": ["0"], "order": ["fifo"],
        "network": ["fifo", "duplicating"],
      ], rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: ["processes": ["2", "3"], "messages": ["1", "2", "3"], "order": ["fifo"]],
      rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["3"], "messages": ["1", "2"], "crashes": ["2"], "order": ["causal"],
        "network": networks,
      ], rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["3"], "messages": ["3"], "crashes": ["1", "2"], "order": ["causal"],
        "network": ["unordered", "duplicating"],
      ], rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: [
        "processes": ["4"], "messages": ["1"], "crashes": ["0", "1", "3"], "network": ["unordered", "fifo"],
      ],
      rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: ["processes": ["4"], "messages": ["2"], "crashes": ["0"], "network": ["fifo", "duplicating"]],
      rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "correct",
      axes: ["processes": ["5"], "messages": ["1"], "crashes": ["1"]], rule: reliableBroadcastRule("correct")),
    // Refused: one process, and as many crashes as processes.
    Grid(
      model: "reliable-broadcast", variant: "correct", axes: ["processes": ["1", "2"], "crashes": ["2"]],
      rule: reliableBroadcastRule("correct")),
    Grid(
      model: "reliable-broadcast", variant: "deliver-on-receipt",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2"], "crashes": ["0", "1"], "order": ["causal"],
        "network": networks,
      ], rule: reliableBroadcastRule("deliver-on-receipt")),
    Grid(
      model: "reliable-broadcast", variant: "deliver-on-receipt",
      axes: [
        "processes": ["2"], "messages": ["3", "4"], "crashes": ["0", "1"], "order": ["causal", "fifo"],
        "network": ["unordered", "fifo", "duplicating"],
      ], rule: reliableBroadcastRule("deliver-on-receipt")),
    Grid(
      model: "reliable-broadcast", variant: "deliver-on-receipt",
      axes: [
        "processes": ["3"], "messages": ["3", "4"], "crashes": ["0"], "order": ["causal", "fifo"],
        "network": ["unordered", "fifo"],
      ], rule: reliableBroadcastRule("deliver-on-receipt")),
    Grid(
      model: "reliable-broadcast", variant: "no-relay",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2"], "crashes": ["0", "1"], "order": ["causal"],
        "network": networks,
      ], rule: reliableBroadcastRule("no-relay")),
    Grid(
      model: "reliable-broadcast", variant: "no-relay",
      axes: [
        "processes": ["3"], "messages": ["1", "2"], "crashes": ["2"], "order": ["causal"],
        "network": networks,
      ],
      rule: reliableBroadcastRule("no-relay")),
    Grid(
      model: "reliable-broadcast", variant: "no-relay",
      axes: ["processes": ["2", "3"], "messages": ["3", "4"], "crashes": ["0", "1"], "order": ["fifo"]],
      rule: reliableBroadcastRule("no-relay")),
  ]

  /// What each point of `reliable-broadcast` must give. Crashes must be fewer than processes,
  /// and there must be two. FIFO order orders a sender's own messages, so `--order fifo` needs
  /// more broadcasts than processes, or no process makes two and the order cannot fail; fewer
  /// are refused. (Causal order accepts one broadcast, which checks agreement alone: the model
  /// then lists no order property.) Any lost message breaks agreement, even in the correct protocol,
  /// which assumes reliable links: nothing resends it. Otherwise the correct protocol holds, and:
  /// - `deliver-on-receipt` holds over FIFO links. A process relays a message on first receipt,
  ///   before anything it sends later, and a process it skips (the origin, or the one it came
  ///   from) has it already; so on every link a message follows whatever its sender had
  ///   delivered before it, and it arrives in causal order without a hold-back queue. Over a
  ///   reordering network it breaks causal order with three processes and two broadcasts (p0's
  ///   reaches p1, which broadcasts; p2 receives p1's first), and FIFO order (hence causal order)
  ///   once some process makes two broadcasts, that is, with more broadcasts than processes.
  /// - `no-relay` breaks agreement when a crash in mid-broadcast can leave one correct process
  ///   with the message and another without: one crash and three processes.
  static func reliableBroadcastRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      let (processes, messages, crashes) = (point["processes"], point["messages"], point["crashes"])
      guard processes >= 2, crashes < processes else { return .refused }
      if point.values["order"] == "fifo" && messages <= processes { return .refused }
      let network = point.values["network"] ?? "unordered"
      if network == "lossy" { return .violated }
      switch variant {
      case "deliver-on-receipt":
        if network == "fifo" { return .holds }
        if point.values["order"] != "fifo" && processes >= 3 && messages >= 2 { return .violated }
        return messages > processes ? .violated : .holds
      case "no-relay":
        return crashes >= 1 && processes >= 3 ? .violated : .holds
      default:
        return .holds
      }
    }
  }

  /// What each point of `quorum-replication` must give (the parameters a point leaves out take
  /// their defaults: 3 replicas, 2 clients, 1 writer, 2 operations, no crash; a quorum of 0 is
  /// a majority, or for small-quorums w = ceil(n/2) and r = n - w). Refused: more writers than
  /// clients, more crashes than replicas, a quorum above n, r + w <= n except in
  /// small-quorums, and in small-quorums r + w > n, a read quorum of 0 or a single replica.
  /// `no-write-query` raises the writers to two. A lossy link, or more crashes than
  /// n - max(r, w), leaves a client waiting forever: every variant is violated there. Otherwise
  /// the correct protocol holds, and (client 0 writes once; client k >= 1 performs the
  /// operations, a write first if k < writers, then reads):
  /// - `small-quorums` is violated once there is a read: it may start after client 0's write
  ///   returned, and query replicas outside that write's quorum;
  /// - `no-write-back` is violated when r < n and two reads can run, one after the other,
  ///   during client 0's write: one client with two reads, or two clients with one each. The
  ///   first sees a replica the write reached, the second a read quorum without it. With r = n
  ///   the second read asks that replica too;
  /// - `no-write-query` is violated once there is a read: client 1 writes (1, c1), client 0
  ///   then writes (1, c0), which loses, and a later read returns client 1's value.
  static func quorumReplicationRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      func value(_ name: String, _ fallback: Int) -> Int {
        point.values[name].flatMap { Int($0) } ?? fallback
      }
      let (n, clients, operations, crashes) = (
        value("replicas", 3), value("clients", 2), value("operations", 2), value("crashes", 0)
      )
      let writers = variant == "no-write-query" ? max(value("writers", 1), 2) : value("writers", 1)
      var (read, write) = (value("read-quorum", 0), value("write-quorum", 0))
      guard writers <= clients, crashes <= n, read <= n, write <= n else { return .refused }
      if variant == "small-quorums" {
        if write == 0 { write = (n + 1) / 2 }
        if read == 0 { read = n - write }
        guard n >= 2, read >= 1, read + write <= n else { return .refused }
      } else {
        if write == 0 { write = n / 2 + 1 }
        if read == 0 { read = n / 2 + 1 }
        guard read + write > n else { return .refused }
      }
      if point.values["network"] == "lossy" || crashes > n - max(read, write) { return .violated }
      let reads = (1..<clients).map { operations - ($0 < writers ? 1 : 0) }
      switch variant {
      case "small-quorums", "no-write-query":
        return reads.reduce(0, +) >= 1 ? .violated : .holds
      case "no-write-back":
        let twoReads = reads.contains { $0 >= 2 } || reads.filter { $0 >= 1 }.count >= 2
        return read < n && twoReads ? .violated : .holds
      default:
        return .holds
      }
    }
  }

  /// What each point of `rpc` must give (the parameters a point leaves out take their defaults:
  /// 1 client, 2 calls, 1 server crash, 1 client crash, the latest network). Refused: a network
  /// that keeps every copy a client resends (fifo, unordered). Otherwise the correct protocol
  /// holds, and (`RpcTests` argues each shortest counterexample):
  /// - `at-least-once` is violated everywhere: a timeout that fires before the result arrives
  ///   makes the call run twice, with no fault at all;
  /// - `volatile-table` is violated once the server can crash: it may crash after executing a
  ///   call and before the result leaves, and the retransmission then runs again; without a
  ///   server crash it is the correct protocol;
  /// - `no-orphan-detection` is violated with a client crash and two calls or more: the first
  ///   call runs at the server while the restarted client makes the next (with one call, the new
  ///   incarnation never calls, and an orphan can interfere with nothing);
  /// - `accepts-any-reply` is violated with two calls or more: a late result of the first call
  ///   arrives while the client waits for the second.
  static func rpcRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      func value(_ name: String, _ fallback: Int) -> Int {
        point.values[name].flatMap { Int($0) } ?? fallback
      }
      guard ["latest", "lossy", "duplicating"].contains(point.values["network"] ?? "latest") else {
        return .refused
      }
      let (calls, serverCrashes, clientCrashes) = (
        value("calls", 2), value("server-crashes", 1), value("client-crashes", 1)
      )
      switch variant {
      case "at-least-once": return .violated
      case "volatile-table": return serverCrashes >= 1 ? .violated : .holds
      case "no-orphan-detection": return clientCrashes >= 1 && calls >= 2 ? .violated : .holds
      case "accepts-any-reply": return calls >= 2 ? .violated : .holds
      default: return .holds
      }
    }
  }

  /// The release binary, built once by `ReleaseBinaryTests`.
  static func binary() async throws -> URL { try await ReleaseBinaryTests.binary.value.get() }

  /// One run: the verdict (or "refused" for exit 2), states and seconds.
  struct Run: Sendable {
    var verdict: String
    var states: Int?
    var seconds: Double
    var message: String
  }

  static func run(_ arguments: [String]) async throws -> Run {
    let binary = try await binary()
    let started = Date()
    let (status, output) = try await Subprocess.run(
      [binary.path, "check"] + arguments + ["--json", "--workers", "1", "--time-limit", "120"],
      in: FileManager.default.temporaryDirectory)
    let seconds = Date().timeIntervalSince(started)
    if status == 2 { return Run(verdict: "refused", states: nil, seconds: seconds, message: output) }
    // Standard output and error share the log (a check prints nothing on standard error unless
    // it fails); the JSON object runs from the first "{" to the last "}".
    let object = output.firstIndex(of: "{").flatMap { start in
      output.lastIndex(of: "}").map { String(output[start...$0]) }
    }
    let json = (try? JSONSerialization.jsonObject(with: Data((object ?? "").utf8))) as? [String: Any]
    var verdict = json?["verdict"] as? String ?? "exit \(status)"
    if verdict == "incomplete", (json?["reason"] as? String ?? "").contains("reaches the model's bound") {
      verdict = Expected.undetermined.rawValue
    }
    return Run(
      verdict: verdict, states: json?["distinctStates"] as? Int,
      seconds: seconds, message: output)
  }

  /// Every model and variant that `faultline list --json` declares, at its default parameters,
  /// gets the verdict the list promises. On the release binary: some defaults take tens of
  /// seconds in a debug build.
  @Test func everyVariantGetsItsPromisedVerdictAtItsDefaults() async throws {
    let binary = try await Self.binary()
    let (status, listing) = try await Subprocess.run(
      [binary.path, "list", "--json"], in: FileManager.default.temporaryDirectory)
    #expect(status == 0)
    let json = (try? JSONSerialization.jsonObject(with: Data(listing.utf8))) as? [String: Any]
    let models = try #require(json?["models"] as? [[String: Any]])
    let cases = models.flatMap { model in
      (model["variants"] as? [[String: Any]] ?? []).map { variant in
        (
          model["name"] as? String ?? "", variant["name"] as? String ?? "",
          variant["expected"] as? String ?? ""
        )
      }
    }
    #expect(cases.count >= 30)
    for (model, variant, expected) in cases {
      let run = try await Self.run([model, "--variant", variant])
      #expect(run.verdict == expected, "faultline check \(model) --variant \(variant): \(run.verdict)")
    }
  }

  @Test func everyPointGivesTheVerdictTheProtocolPredicts() async throws {
    // FAULTLINE_GRID_MODELS=a,b runs only those models' points, while working on them.
    let only = ProcessInfo.processInfo.environment["FAULTLINE_GRID_MODELS"].map {
      Set($0.split(separator: ",").map(String.init))
    }
    let cases = Self.grids.filter { only?.contains($0.model) ?? true }.flatMap { grid in
      grid.points.map { point in (grid, point, [grid.model, "--variant", grid.variant] + point.arguments) }
    }
    #expect(cases.count > (only == nil ? 300 : 0))
    // Two runs at a time, one per core, each with one worker.
    var results: [Int: Run] = [:]
    try await withThrowingTaskGroup(of: (Int, Run).self) { group in
      var next = 0
      for _ in 0..<2 where next < cases.count {
        let index = next
        group.addTask { (index, try await Self.run(cases[index].2)) }
        next += 1
      }
      while let (index, run) = try await group.next() {
        results[index] = run
        if next < cases.count {
          let index = next
          group.addTask { (index, try await Self.run(cases[index].2)) }
          next += 1
        }
      }
    }
    var report = "| model | variant | parameters | verdict | states | seconds |\n|---|---|---|---|---|---|\n"
    for (index, (grid, point, arguments)) in cases.enumerated() {
      let run = try #require(results[index])
      let expected = grid.rule(point)
      #expect(
        expected.accepts(run.verdict),
        "faultline check \(arguments.joined(separator: " ")): \(run.verdict), expected \(expected.rawValue)")
      if expected == .refused {
        #expect(run.message.contains("error"), "a refusal says why: \(run.message)")
      }
      report +=
        "| \(grid.model) | \(grid.variant) | \(point.arguments.joined(separator: " ")) | \(run.verdict) | "
        + "\(run.states.map(String.init) ?? "-") | \(String(format: "%.2f", run.seconds)) |\n"
    }
    if let path = ProcessInfo.processInfo.environment["FAULTLINE_GRID_REPORT"] {
      try report.write(toFile: path, atomically: true, encoding: .utf8)
    }
  }
}
