import Foundation
import Testing

extension ParameterGridTests {
  /// State machine replication (Viewstamped Replication Revisited): `stateMachineReplicationRule`
  /// says what each point must give.
  ///
  /// Left out, over about 10 s in release (one worker): `correct` with 2 clients, 1 crash and a
  /// view change (4,952,930 states, 9.4 s), view-numbers up to 2 with 2 operations (3,337,625,
  /// 11.5 s), 2 clients with 2 operations and a crash (12,687,112, 44 s), 2 operations with a view
  /// change on the unordered or lossy network (over 31 and 20 million states at 60 s), 1
  /// operation with a view change on the lossy network (4,033,291, 17 s), 5 replicas with a view
  /// change (over 26 million at 60 s); `view-change-without-log-merge` with 2 clients, 2
  /// operations and a crash (7,836,828 states before the violation, 21 s) and on the lossy
  /// network (3,866,827, 14 s); both broken variants with 5 replicas (over 16 million states at
  /// 20 s on the default network, 15 million at 30 s on the others).
  static let stateMachineReplicationGrids: [Grid] = [
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: [
        "clients": ["1"], "operations": ["1", "2"], "crashes": ["0", "1"], "view-changes": ["0", "1"],
      ],
      rule: stateMachineReplicationRule("correct")),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: ["clients": ["1"], "operations": ["1"], "crashes": ["0", "1"], "view-changes": ["2"]],
      rule: stateMachineReplicationRule("correct")),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: ["clients": ["2"], "operations": ["1"], "crashes": ["0", "1"], "view-changes": ["0", "1"]],
      rule: stateMachineReplicationRule("correct"),
      skip: [["clients": "2", "operations": "1", "crashes": "1", "view-changes": "1"]]),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: ["clients": ["2"], "operations": ["2"], "crashes": ["0"], "view-changes": ["0"]],
      rule: stateMachineReplicationRule("correct")),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: [
        "clients": ["1"], "operations": ["1", "2"], "view-changes": ["0", "1"],
        "network": ["unordered", "fifo", "lossy"],
      ],
      rule: stateMachineReplicationRule("correct"),
      skip: [
        ["clients": "1", "operations": "2", "view-changes": "1", "network": "unordered"],
        ["clients": "1", "operations": "2", "view-changes": "1", "network": "lossy"],
        ["clients": "1", "operations": "1", "view-changes": "1", "network": "lossy"],
      ]),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: [
        "replicas": ["5"], "clients": ["1"], "operations": ["1"], "crashes": ["0", "2"],
        "view-changes": ["0"],
      ],
      rule: stateMachineReplicationRule("correct")),
    // Out of range: more crashes than f, an even replica count.
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: ["replicas": ["3"], "crashes": ["2"]], rule: stateMachineReplicationRule("correct")),
    Grid(
      model: "state-machine-replication", variant: "correct",
      axes: ["replicas": ["4"]], rule: stateMachineReplicationRule("correct")),
    Grid(
      model: "state-machine-replication", variant: "reply-before-commit",
      axes: [
        "clients": ["1", "2"], "operations": ["1", "2"], "crashes": ["0", "1"], "view-changes": ["0", "1"],
      ],
      rule: stateMachineReplicationRule("reply-before-commit")),
    Grid(
      model: "state-machine-replication", variant: "reply-before-commit",
      axes: ["network": ["unordered", "fifo", "lossy"]],
      rule: stateMachineReplicationRule("reply-before-commit")),
    Grid(
      model: "state-machine-replication", variant: "view-change-without-log-merge",
      axes: [
        "clients": ["1", "2"], "operations": ["1", "2"], "crashes": ["0", "1"], "view-changes": ["0", "1"],
      ],
      rule: stateMachineReplicationRule("view-change-without-log-merge"),
      skip: [["clients": "2", "operations": "2", "crashes": "1", "view-changes": "1"]]),
    Grid(
      model: "state-machine-replication", variant: "view-change-without-log-merge",
      axes: ["network": ["unordered", "fifo"]],
      rule: stateMachineReplicationRule("view-change-without-log-merge")),
  ]

  /// What a state-machine-replication point must give, from the protocol.
  ///
  /// - Refused: replicas other than 3 or 5, crashes above f = (replicas - 1) / 2 (VR promises
  ///   nothing there); for a broken variant, no view change (both bugs lose an operation in one)
  ///   or a single operation in all (a read must follow the lost write).
  /// - `correct` holds everywhere else: an operation is replied only once f + 1 replicas hold
  ///   it, and any f + 1 DoViewChange messages include one of them with the largest last-normal
  ///   view, so every new view's log keeps it in its place (§4.2, §8).
  /// - Both broken variants are violated everywhere else, with or without crashes, on every
  ///   network the grid runs them on (5 replicas and, for `view-change-without-log-merge`, the
  ///   lossy network are too big to run, so the grid claims nothing there): a timeout of r1 and a view change among r1 and f others that
  ///   lack the write replace the primary; `reply-before-commit` replied before any backup had
  ///   the write, and `view-change-without-log-merge` keeps r1's own log, which lacks the
  ///   committed write whenever r1 was not among the f backups that acknowledged it. The read
  ///   that follows (the writer's second operation, or the second client's) returns 0. Neither
  ///   path needs a crash, a lost or duplicated message, or an order on a channel.
  static func stateMachineReplicationRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      func value(_ name: String, _ fallback: Int) -> Int {
        point.values[name].flatMap { Int($0) } ?? fallback
      }
      let replicas = value("replicas", 3)
      guard replicas == 3 || replicas == 5 else { return .refused }
      guard value("crashes", 0) <= (replicas - 1) / 2 else { return .refused }
      guard variant != "correct" else { return .holds }
      guard value("view-changes", 1) >= 1, value("clients", 1) * value("operations", 2) >= 2 else {
        return .refused
      }
      return .violated
    }
  }
}
