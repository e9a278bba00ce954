import Faultline

/// Checkpointing and rollback recovery under crash-recovery faults (see `CheckpointProcess`):
/// Koo and Toueg's coordinated checkpoints against independent ones and their domino effect,
/// and pessimistic message logging.
///
/// The properties:
/// - *no orphans*: once recovery completes (every process up, no rollback request in flight or
///   put off), no process has received a message its sender's restored state did not send: the
///   global state is a consistent cut;
/// - *bounded rollback*: no process rolls back past its latest checkpoint (its latest permanent
///   one, under the coordinated protocol), which independent checkpoints cannot promise.
///
/// ```swift
/// let system = try CheckpointRecovery.make(processes: 2, messages: 2, checkpoints: 1, crashes: 1)
/// let exploration = try Explorer(system).run()   // holds
/// ```
public enum CheckpointRecovery {
  /// The protocol as published, or one of the deliberately broken versions.
  public typealias Variant = CheckpointProcess.Variant

  /// The process counts accepted.
  public static let processRange = 2...3
  /// The most application messages per process accepted.
  public static let maxMessages = 3
  /// The most checkpoint rounds (or checkpoints per process) accepted.
  public static let maxCheckpoints = 3
  /// The most crashes accepted.
  public static let maxCrashes = 3

  /// `processes` processes in a ring, each sending `messages` application messages, taking
  /// `checkpoints` checkpoints (rounds of the coordinated protocol, begun by p0), over FIFO
  /// links, with at most `crashes` crashes of any processes, each possibly in mid-step and
  /// followed by a recovery from stable storage.
  public static func make(
    processes: Int = 2, messages: Int = 2, checkpoints: Int = 1, crashes: Int = 1,
    variant: Variant = .coordinated
  ) throws(FaultlineError) -> System<CheckpointProcess> {
    guard processRange.contains(processes) else {
      throw .invalidParameter(
        name: "processes", value: "\(processes)",
        expected: "an integer from \(processRange.lowerBound) to \(processRange.upperBound)")
    }
    guard (1...maxMessages).contains(messages) else {
      throw .invalidParameter(
        name: "messages", value: "\(messages)", expected: "an integer from 1 to \(maxMessages)")
    }
    guard (0...maxCheckpoints).contains(checkpoints) else {
      throw .invalidParameter(
        name: "checkpoints", value: "\(checkpoints)", expected: "an integer from 0 to \(maxCheckpoints)")
    }
    guard (0...maxCrashes).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "an integer from 0 to \(maxCrashes)")
    }
    let process = CheckpointProcess(
      processes: processes, messages: messages, checkpoints: checkpoints, variant: variant)
    return try System(
      processes: Array(repeating: process, count: processes), network: .fifo,
      faults: Faults(crashes: crashes, crashDuringSends: true, recovery: true),
      properties: properties())
  }

  typealias State = SystemState<CheckpointProcess>

  /// Whether recovery is complete: every process up, no rollback request in flight or put off, no process in doubt.
  static func recovered(_ state: State) -> Bool {
    guard state.crashed.isEmpty else { return false }
    for process in 0..<state.processCount {
      let local = state.locals[process]
      if local.deferred != nil || local.inDoubt { return false }
      for envelope in state.inboxes[process] {
        switch envelope.message {
        case .rollback: return false
        default: continue
        }
      }
    }
    return true
  }

  /// No orphans and bounded rollback.
  static func properties() -> [Property<State>] {
    [
      .always("no orphans: once recovery completes, every message received was sent in its sender's state") {
        state in
        guard recovered(state) else { return true }
        let count = state.processCount
        return (0..<count).allSatisfy { sender in
          state.locals[(sender + 1) % count].received <= state.locals[sender].sent
        }
      },
      .always("bounded rollback: no process rolls back past its latest checkpoint") { state in
        (0..<state.processCount).allSatisfy { state.stable[$0]?.rolledBackPast != true }
      },
    ]
  }
}
