import Faultline

/// Checkpointing and rollback recovery on the `System` layer, from the published algorithms:
///
/// - Elnozahy, Alvisi, Wang and Johnson, "A Survey of Rollback-Recovery Protocols in
///   Message-Passing Systems" (ACM Computing Surveys 34(3), 2002): a global state is consistent
///   when no message is an orphan, received in the receiver's state but not sent in the
///   sender's (§2); uncoordinated checkpoints let each process checkpoint when it likes, and a
///   rollback may then cascade back to the initial state, the domino effect (§3.1); coordinated
///   checkpointing makes the processes' checkpoints a consistent set, so recovery goes back no
///   further than the latest one (§3.2); pessimistic logging writes each received message to
///   stable storage before delivering it, so a recovering process replays its log and no other
///   process rolls back (the survey's pessimistic logging, §4).
/// - Koo and Toueg, "Checkpointing and Rollback-Recovery for Distributed Systems" (IEEE TSE
///   13(1), 1987): blocking two-phase checkpointing, tentative checkpoints first, made permanent
///   when every process has taken one (and no process sends from its tentative checkpoint until
///   the decision), and a rollback propagated to the processes whose states depend on messages
///   the rolled-back process no longer sent.
/// - Randell, "System Structure for Software Fault Tolerance" (IEEE TSE 1(2), 1975), where the
///   domino effect is named.
///
/// The application is a ring: process i sends numbered messages to its successor i + 1 (mod
/// n) and receives them, in order, from its predecessor. It is deterministic apart from the
/// order of events (piecewise deterministic): a process sends its first message when it starts
/// and one more each time it receives one, `messages` in all, so a state is its two counters,
/// and a re-execution from a checkpoint sends the same numbered messages again (the receiver
/// drops a number it already has). Links are FIFO: a rollback request follows every message
/// its sender sent before rolling back, so the receiver judges all of them.
///
/// A crash loses the volatile state; recovery restores a checkpoint from stable storage. What
/// the model leaves out: lost messages (in transit across the restored cut: nothing resends
/// them, so the ring may stall; it stays consistent), the output-commit problem, garbage
/// collection beyond keeping the latest permanent checkpoint, and Koo and Toueg's
/// optimisation of checkpointing only the processes the initiator depends on (every process
/// takes part in every round).
public struct CheckpointProcess: SystemProcess {
  /// The protocol, as published, or a deliberately broken one.
  public enum Variant: String, Sendable, CaseIterable {
    /// Koo and Toueg: coordinated two-phase checkpoints, rollbacks propagated to dependants.
    case coordinated
    /// Pessimistic message logging with independent checkpoints: recovery replays the log.
    case pessimisticLogging = "pessimistic-logging"
    /// Uncoordinated checkpoints, rollbacks propagated: the domino effect.
    case independent
    /// Coordinated checkpoints, but a recovering process tells no one it rolled back.
    case noRollbackPropagation = "no-rollback-propagation"

    /// Whether checkpoints are taken by the two-phase protocol.
    var isCoordinated: Bool { self == .coordinated || self == .noRollbackPropagation }
  }

  /// The number of processes in the ring.
  public let processes: Int
  /// The application messages each process sends.
  public let messages: Int
  /// Rounds of the coordinated protocol, or checkpoints each process takes otherwise.
  public let checkpoints: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the code of every process.
  public init(processes: Int, messages: Int, checkpoints: Int, variant: Variant) {
    self.processes = processes
    self.messages = messages
    self.checkpoints = checkpoints
    self.variant = variant
  }

  /// The process that receives `process`'s messages.
  func successor(of process: Int) -> Int { (process + 1) % processes }

  /// The coordinator of the checkpoint rounds.
  static let coordinator = 0

  func storage(_ context: Context<Self>) -> Stable {
    if let stable = context.stable { return stable }
    return Stable(checkpoints: [Checkpoint(number: 0, received: 0, sent: 0)])
  }

  /// Nothing received or sent; the initial state is the first checkpoint.
  public func start(_ context: inout Context<Self>) -> LocalState {
    context.store(storage(context))
    return LocalState()
  }

  /// Starting; taking a checkpoint (or beginning a round); the coordinator's timeout.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    var result: [Choice] = []
    if state.sent == 0 && state.blocked == nil { result.append(.start) }
    let stored = storage(context)
    if variant.isCoordinated {
      if context.id == Self.coordinator {
        if state.blocked == nil && stored.begun < checkpoints { result.append(.checkpoint) }
        if state.blocked != nil { result.append(.timeout) }
      }
    } else if stored.latest.number < checkpoints
      && (stored.latest.received, stored.latest.sent) != (state.received, state.sent)
    {
      result.append(.checkpoint)
    }
    return result
  }

  /// Starts, checkpoints, or times out.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.restored = nil
    var stored = storage(context)
    switch choice {
    case .start:
      if variant == .pessimisticLogging {
        stored.started = true
        context.store(stored)
      }
      catchUp(&state, &context)
    case .checkpoint where variant.isCoordinated:
      // Koo and Toueg, phase one: the initiator takes a tentative checkpoint, stops sending,
      // and asks every other process for one.
      stored.begun += 1
      stored.tentative = Checkpoint(number: stored.begun, received: state.received, sent: state.sent)
      context.store(stored)
      state.blocked = stored.begun
      state.votes = ProcessSet()
      context.send(.request(round: stored.begun), to: successor(of: context.id))
    case .checkpoint:
      // Survey §3.1 (and the log-based protocols' checkpoints, which bound the log, §4): a checkpoint whenever the
      // process likes, on stable storage; logging starts afresh from it.
      let checkpoint = Checkpoint(
        number: stored.latest.number + 1, received: state.received, sent: state.sent)
      if variant == .pessimisticLogging {
        stored.checkpoints = [checkpoint]
        stored.logged = 0
      } else {
        stored.checkpoints.append(checkpoint)
      }
      context.store(stored)
    case .timeout:
      decide(commit: false, &state, &context)
    }
  }

  /// Sends what the application owes: one message per message received, plus the first.
  func catchUp(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.blocked == nil else { return }
    while state.sent < min(messages, state.received + 1) {
      state.sent += 1
      context.send(.app(state.sent), to: successor(of: context.id))
    }
  }

  /// The coordinator decides its round (Koo and Toueg, phase two): commit makes every
  /// tentative checkpoint permanent, abort discards them; it is on stable storage first.
  func decide(commit: Bool, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard let round = state.blocked else { return }
    var stored = storage(context)
    if commit, let tentative = stored.tentative {
      stored.checkpoints = [tentative]
      stored.committed = round
    }
    stored.tentative = nil
    context.store(stored)
    state.blocked = nil
    state.votes = ProcessSet()
    for process in 0..<processes where process != context.id {
      context.send(commit ? .commit(round: round) : .abort(round: round), to: process)
    }
    catchUp(&state, &context)
  }

  /// Receives an application message, a rollback request, or a checkpoint-protocol message.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    state.restored = nil
    var stored = storage(context)
    switch message {
    case .app(let sequence):
      // FIFO and numbered: a number already received is a re-execution's copy.
      guard sequence == state.received + 1 else { return }
      if variant == .pessimisticLogging {
        // Survey §4, pessimistic logging: the message is on stable storage before the application sees it.
        stored.logged += 1
        context.store(stored)
      }
      state.received += 1
      catchUp(&state, &context)
    case .rollback(let sent):
      if context.id == Self.coordinator && variant.isCoordinated {
        // The coordinator's own tentative checkpoint may record what the rollback undoes.
        if state.blocked != nil { decide(commit: false, &state, &context) }
      } else if state.blocked != nil {
        // The model keeps the two protocols apart: a process waiting on a round's decision
        // takes the rollback once the round is decided.
        state.deferred = min(state.deferred ?? sent, sent)
        return
      }
      rollBack(ifReceivedMoreThan: sent, &state, &context)
    case .request(let round):
      // Koo and Toueg, phase one, at a participant. The request travels the ring on the FIFO
      // links, so it arrives after every message (and rollback request) the predecessor sent
      // before its own tentative checkpoint, and the tentative checkpoints form a consistent
      // cut, as Chandy and Lamport's markers do. (Koo and Toueg's initiator asks every process
      // directly; the ring is this model's way to order the request after rollback requests.)
      guard state.blocked == nil, stored.tentative == nil else { return }
      stored.tentative = Checkpoint(number: round, received: state.received, sent: state.sent)
      context.store(stored)
      state.blocked = round
      context.send(.tentative(round: round), to: Self.coordinator)
      let next = successor(of: context.id)
      if next != Self.coordinator { context.send(.request(round: round), to: next) }
    case .tentative(let round):
      if state.blocked == round {
        state.votes.insert(sender)
        if state.votes.count == processes - 1 { decide(commit: true, &state, &context) }
      } else if round <= stored.begun {
        // A participant that restarted in doubt asks again: tell it the outcome.
        context.send(round <= stored.committed ? .commit(round: round) : .abort(round: round), to: sender)
      }
    case .commit(let round), .abort(let round):
      guard let tentative = stored.tentative, tentative.number == round else { return }
      if case .commit = message { stored.checkpoints = [tentative] }
      stored.tentative = nil
      context.store(stored)
      state.blocked = nil
      if state.inDoubt {
        // Restarted in doubt: now it knows which checkpoint is its latest permanent one.
        state.inDoubt = false
        restore(stored.latest, &state, &context)
      }
      if let deferred = state.deferred {
        state.deferred = nil
        rollBack(ifReceivedMoreThan: deferred, &state, &context)
      }
      catchUp(&state, &context)
    }
  }

  /// Koo and Toueg's rollback: a process that received more than its predecessor's restored
  /// state sent rolls back to its latest checkpoint (independent checkpoints: the latest one that
  /// received no more, the domino effect when that is not the latest) and tells its successor.
  func rollBack(ifReceivedMoreThan sent: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.received > sent else { return }
    var stored = storage(context)
    let index = stored.checkpoints.lastIndex { $0.received <= sent } ?? 0
    if index < stored.checkpoints.count - 1 {
      stored.rolledBackPast = true
      stored.checkpoints.removeSubrange((index + 1)...)
    }
    context.store(stored)
    restore(stored.latest, &state, &context)
  }

  /// Restores `checkpoint` and, but in the broken variant, tells the successor how many
  /// messages the restored state sent it.
  func restore(_ checkpoint: Checkpoint, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.received = checkpoint.received
    state.sent = checkpoint.sent
    state.restored = checkpoint.number
    if variant != .noRollbackPropagation {
      context.send(.rollback(sent: state.sent), to: successor(of: context.id))
    }
  }

  /// Restores a checkpoint (or replays the log) and, but in the broken variant, tells the
  /// successor how far it rolled back.
  public func recover(_ context: inout Context<Self>) -> LocalState {
    var stored = storage(context)
    var state = LocalState()
    if variant.isCoordinated && context.id == Self.coordinator {
      if stored.tentative != nil {
        // The coordinator's round was not decided: aborted.
        stored.tentative = nil
        context.store(stored)
      }
      if stored.begun > 0 {
        // The last round's outcome, for participants whose decision the crash cut off.
        let round = stored.begun
        for process in 1..<processes {
          context.send(round == stored.committed ? .commit(round: round) : .abort(round: round), to: process)
        }
      }
    } else if variant.isCoordinated, let tentative = stored.tentative {
      // In doubt, as a two-phase commit participant: which checkpoint is permanent depends on
      // the round's outcome, so it asks the coordinator and restores once it knows.
      state.inDoubt = true
      state.blocked = tentative.number
      state.received = tentative.received
      state.sent = tentative.sent
      context.send(.tentative(round: tentative.number), to: Self.coordinator)
      return state
    }
    guard variant == .pessimisticLogging else {
      restore(stored.latest, &state, &context)
      return state
    }
    // Survey §4, pessimistic logging: replay the logged messages; the deterministic re-execution sends what the
    // failed execution sent, which the receivers already have (its sends are suppressed).
    let checkpoint = stored.latest
    state.received = checkpoint.received + stored.logged
    state.sent = checkpoint.sent
    state.restored = checkpoint.number
    if stored.started || state.received > 0 {
      state.sent = max(state.sent, min(messages, state.received + 1))
    }
    return state
  }
}
