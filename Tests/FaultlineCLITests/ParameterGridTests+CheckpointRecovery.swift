import Foundation
import Testing

extension ParameterGridTests {
  /// Checkpointing and rollback recovery: `checkpointRecoveryRule` says what each point must give.
  static let checkpointRecoveryGrids: [Grid] = [
    Grid(
      model: "checkpoint-recovery", variant: "coordinated",
      axes: [
        "processes": ["2"], "messages": ["1", "2", "3"], "checkpoints": ["0", "1", "2"],
        "crashes": ["0", "1", "2"],
      ],
      rule: checkpointRecoveryRule("coordinated")),
    // Three rounds with three crashes (2,726,634 states in 20 s with one message each,
    // 11,253,884 in 87 s with two) are left out.
    Grid(
      model: "checkpoint-recovery", variant: "coordinated",
      axes: ["processes": ["2"], "messages": ["1", "2"], "checkpoints": ["3"], "crashes": ["1", "2"]],
      rule: checkpointRecoveryRule("coordinated")),
    Grid(
      model: "checkpoint-recovery", variant: "coordinated",
      axes: [
        "processes": ["3"], "messages": ["1", "2"], "checkpoints": ["0", "1", "2"], "crashes": ["0", "1"],
      ],
      rule: checkpointRecoveryRule("coordinated")),
    Grid(
      model: "checkpoint-recovery", variant: "coordinated",
      axes: ["processes": ["3"], "messages": ["1", "2"], "checkpoints": ["0", "1"], "crashes": ["2"]],
      rule: checkpointRecoveryRule("coordinated")),
    Grid(
      model: "checkpoint-recovery", variant: "pessimistic-logging",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2", "3"], "checkpoints": ["0", "1", "3"],
        "crashes": ["0", "1", "2"],
      ],
      rule: checkpointRecoveryRule("pessimistic-logging")),
    Grid(
      model: "checkpoint-recovery", variant: "independent",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2", "3"], "checkpoints": ["0", "1", "2"],
        "crashes": ["0", "1", "2"],
      ],
      rule: checkpointRecoveryRule("independent")),
    Grid(
      model: "checkpoint-recovery", variant: "no-rollback-propagation",
      axes: [
        "processes": ["2", "3"], "messages": ["1", "2", "3"], "checkpoints": ["0", "1", "2"],
        "crashes": ["0", "1", "2"],
      ],
      rule: checkpointRecoveryRule("no-rollback-propagation")),
  ]

  /// What each point of checkpoint-recovery must give, from the protocols:
  /// - `coordinated` holds everywhere: Koo and Toueg's permanent checkpoints are a consistent
  ///   cut (the round's request follows, on FIFO links, everything its sender sent before its
  ///   tentative checkpoint, as a marker does), a crashed process restores its latest permanent checkpoint (in doubt, once it
  ///   knows the round's outcome), and every rollback is propagated to the successor, which
  ///   rolls back to its own latest permanent one if it received more;
  /// - `pessimistic-logging` holds everywhere: each message is logged before delivery, so a
  ///   recovery replays exactly the receipts the crash lost, and its deterministic re-execution
  ///   sends what the failed one sent: nothing a receiver has is unsent;
  /// - `independent` is violated with a checkpoint and a crash: the receiver of a message
  ///   checkpoints after receiving it, the sender crashes and restores its initial state, and
  ///   the receiver must roll back past its checkpoint (the domino effect); with no checkpoint
  ///   but the initial one there is nothing to roll back past, and without a crash no rollback;
  /// - `no-rollback-propagation` is violated with a crash: the sender of a received message
  ///   crashes and restores its initial state, and nobody tells the receiver.
  static func checkpointRecoveryRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      let (checkpoints, crashes) = (point["checkpoints"], point["crashes"])
      switch variant {
      case "independent": return checkpoints >= 1 && crashes >= 1 ? .violated : .holds
      case "no-rollback-propagation": return crashes >= 1 ? .violated : .holds
      default: return .holds
      }
    }
  }
}
