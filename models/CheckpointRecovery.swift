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
      properties: properties()
        + (crashes > 0 && checkpoints > 0 ? [restoresALaterCheckpoint] : []))
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

  /// A reachability check (a reviewer's point): a recovery restores a checkpoint taken after the
  /// start, so a protocol that never commits a round, or never takes a checkpoint, cannot hold
  /// by keeping everyone at the initial state. Asked only where a crash and a checkpoint can
  /// happen.
  static let restoresALaterCheckpoint = Property<State>.sometimes(
    "a recovery restores a checkpoint taken after the start"
  ) { state in
    state.locals.contains { ($0.restored ?? 0) > 0 }
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

extension CheckpointProcess {
  /// The rollback-recovery events of a step, in the trace format's vocabulary, which `faultline
  /// verify --check checkpoint` checks for orphans and bounded rollback: checkpoints taken
  /// (tentative ones, and their becoming permanent), checkpoints restored, and the application
  /// messages sent and received (replayed ones included). Message `p0#2` is p0's second to its
  /// successor; checkpoint `p1.1` is p1's number 1, `p1.0` its initial state.
  public static func traceEvents(from before: SystemState<Self>, to after: SystemState<Self>) -> [StepEvent] {
    var events: [StepEvent] = []
    let count = after.processCount
    for process in 0..<count where !after.crashed.contains(process) || !before.crashed.contains(process) {
      let old = before.locals[process]
      let new = after.locals[process]
      let recovering = before.crashed.contains(process)
      guard recovering || old != new || before.stable[process] != after.stable[process] else { continue }
      let oldStable = before.stable[process]
      let newStable = after.stable[process]
      func name(_ number: Int) -> TraceValue { "p\(process).\(number)" }
      if let tentative = newStable?.tentative, oldStable?.tentative != tentative {
        events.append(.checkpoint(name: name(tentative.number), tentative: true))
      }
      if let latest = newStable?.latest, latest != oldStable?.latest,
        !(oldStable?.checkpoints.contains(latest) ?? false)
      {
        events.append(.checkpoint(name: name(latest.number), tentative: false))
      }
      var received = old.received
      var sent = old.sent
      if let restored = new.restored, recovering || old != new {
        events.append(.rollback(checkpoint: name(restored)))
        let checkpoint = newStable?.checkpoints.last { $0.number == restored }
        received = checkpoint?.received ?? 0
        sent = checkpoint?.sent ?? 0
      } else if recovering {
        continue
      }
      let predecessor = (process + count - 1) % count
      for number in stride(from: received + 1, through: new.received, by: 1) {
        events.append(.appReceive(message: "p\(predecessor)#\(number)", from: "p\(predecessor)"))
      }
      let successor = (process + 1) % count
      // A crash in mid-step keeps only some of the step's sends: those still in flight.
      let crashed = after.crashed.contains(process)
      for number in stride(from: sent + 1, through: new.sent, by: 1)
      where !crashed
        || after.inboxes[successor].contains(Envelope(from: process, to: successor, message: .app(number)))
      {
        events.append(.appSend(message: "p\(process)#\(number)", to: "p\(successor)"))
      }
    }
    return events
  }
}
