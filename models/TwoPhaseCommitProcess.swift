import Faultline

/// Two-phase commit on the `System` layer, as Lamport and Gray specify it in TwoPhase: process 0
/// is the coordinator (transaction manager), processes 1...n are the participants (resource
/// managers).
///
/// The coordinator records `Prepared` votes while undecided, commits once every participant
/// voted (or, in `commit-without-all-votes`, any one), and may abort at any time before it
/// decides. A working participant votes yes (sending `Prepared`) or aborts on its own, and
/// adopts any decision it receives, whatever its own phase (TwoPhase has no guard there).
///
/// With `recovery`, processes log to stable storage: a participant logs each phase it enters
/// (its yes vote before sending `Prepared`, the decision it learns or takes), the coordinator
/// its decision. A recovering participant keeps a logged decision, is prepared again with only
/// a yes vote logged, and aborts with nothing logged (presumed abort: no commit can include
/// it); the coordinator keeps its decision, or restarts undecided with no votes recorded.
/// A crash loses the messages addressed to the crashed process, so a recovering process asks
/// again: a participant that recovers prepared sends `Prepared` (the decided coordinator
/// answers it with its decision); the coordinator that recovers undecided asks every
/// participant for its vote (prepared ones answer `Prepared`), and with a decision sends it to
/// every participant again. Every message of recovery follows a recovery, so the number of
/// messages stays bounded on every network.
public struct TwoPhaseCommitProcess: SystemProcess {
  /// The protocol as written, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// The correct protocol.
    case correct
    /// The coordinator commits once it has any yes vote, not every one.
    case commitWithoutAllVotes = "commit-without-all-votes"
    /// A participant that voted yes may still abort on its own (a "timeout" that breaks 2PC).
    case abortAfterPrepare = "abort-after-prepare"
    /// A participant that recovers with a yes vote but no decision logged aborts on its own.
    /// Implies recovery and at least one crash, so it is violated at default parameters.
    case recoveryDecidesAlone = "recovery-decides-alone"
  }

  /// The messages of the protocol; the sender is on the envelope.
  public enum Message: Int, Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A participant votes yes.
    case prepared
    /// The coordinator commits.
    case commit
    /// The coordinator aborts.
    case abort
    /// A recovered coordinator asks for the votes again.
    case voteRequest

    /// Orders by raw value.
    public static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }

    /// `Prepared`, `Commit`, `Abort`, `VoteRequest`.
    public var description: String {
      switch self {
      case .prepared: return "Prepared"
      case .commit: return "Commit"
      case .abort: return "Abort"
      case .voteRequest: return "VoteRequest"
      }
    }

    /// The message announcing `decision`.
    init(_ decision: Decision) { self = decision == .commit ? .commit : .abort }
  }

  /// The outcome of the transaction.
  public enum Decision: Int, Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Committed.
    case commit
    /// Aborted.
    case abort

    /// `commit` or `abort`.
    public var description: String { self == .commit ? "commit" : "abort" }

    /// Orders by raw value.
    public static func < (a: Decision, b: Decision) -> Bool { a.rawValue < b.rawValue }
  }

  /// A spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// The coordinator commits.
    case commit
    /// The coordinator aborts.
    case abort
    /// A working participant votes yes.
    case prepare
    /// A participant aborts on its own.
    case abortAlone

    /// What the process does, as a counterexample shows it.
    public var description: String {
      switch self {
      case .commit: return "decides commit, sends Commit"
      case .abort: return "decides abort, sends Abort"
      case .prepare: return "votes yes, sends Prepared"
      case .abortAlone: return "aborts on its own"
      }
    }
  }

  /// The phase of the coordinator.
  public enum CoordinatorPhase: Int, Hashable, Sendable {
    /// Collecting votes.
    case initial
    /// Committed.
    case committed
    /// Aborted.
    case aborted

    /// The decision taken in this phase, if any.
    var decision: Decision? {
      switch self {
      case .initial: return nil
      case .committed: return .commit
      case .aborted: return .abort
      }
    }
  }

  /// The phase of a participant.
  public enum ParticipantPhase: Int, Hashable, Sendable {
    /// Not yet voted.
    case working
    /// Voted yes, waiting for the decision.
    case prepared
    /// Committed.
    case committed
    /// Aborted.
    case aborted

    /// The phase of a participant that learns `decision`.
    init(_ decision: Decision) { self = decision == .commit ? .committed : .aborted }
  }

  /// A local state: the coordinator's phase and the votes it recorded, or a participant's phase
  /// and whether it voted yes (which TwoPhase reads from its message set).
  public enum LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The coordinator.
    case coordinator(CoordinatorPhase, votes: ProcessSet)
    /// A participant.
    case participant(ParticipantPhase, votedYes: Bool)

    /// Feeds a tag and the fields.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .coordinator(let phase, let votes):
        f.combine(word: UInt64(phase.rawValue) << 2 | 1)
        f.combine(votes)
      case .participant(let phase, let votedYes):
        f.combine(word: UInt64(phase.rawValue) << 3 | (votedYes ? 4 : 0) | 2)
      }
    }

    /// `init, votes {p1, p2}`, `prepared`, `aborted after voting yes`.
    public var description: String {
      switch self {
      case .coordinator(let phase, let votes):
        let names = votes.members.map { "p\($0)" }.joined(separator: ", ")
        let text = ["init", "committed", "aborted"][phase.rawValue]
        return votes.isEmpty ? text : "\(text), votes {\(names)}"
      case .participant(let phase, let votedYes):
        switch (phase, votedYes) {
        case (.committed, false): return "committed without voting"
        case (.aborted, true): return "aborted after voting yes"
        default: return ["working", "prepared", "committed", "aborted"][phase.rawValue]
        }
      }
    }
  }

  /// What a process logs on stable storage.
  public enum Log: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The coordinator's decision.
    case decided(Decision)
    /// A participant's phase and vote (nothing is logged while it works).
    case participant(ParticipantPhase, votedYes: Bool)

    /// Feeds a tag and the fields.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .decided(let decision): f.combine(word: UInt64(decision.rawValue) << 3 | 1)
      case .participant(let phase, let votedYes):
        f.combine(word: UInt64(phase.rawValue) << 3 | (votedYes ? 4 : 0) | 2)
      }
    }

    /// The logged phase, as the local state would show it.
    public var description: String {
      switch self {
      case .decided(let decision): return "\(decision)"
      case .participant(let phase, let votedYes):
        return LocalState.participant(phase, votedYes: votedYes).description
      }
    }
  }

  /// The stable-storage record.
  public typealias Stable = Log

  /// The number of participants.
  public let participants: Int
  /// Which protocol to run.
  public let variant: Variant
  /// Whether processes log for recovery, and ask again after recovering.
  public let recovery: Bool

  /// Creates the process code for a system with `participants` participants.
  public init(participants: Int, variant: Variant = .correct, recovery: Bool = false) {
    self.participants = participants
    self.variant = variant
    self.recovery = recovery
  }

  /// The participants' process numbers.
  var everyone: ProcessSet { ProcessSet(1...max(participants, 1)) }

  /// The coordinator starts collecting; every participant starts working.
  public func start(_ context: inout Context<Self>) -> LocalState {
    context.id == 0 ? .coordinator(.initial, votes: ProcessSet()) : .participant(.working, votedYes: false)
  }

  /// The undecided coordinator records a vote (a decided one answers it, with recovery); a
  /// participant adopts a decision whatever its phase, and answers a vote request if prepared.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch (state, message) {
    case (.coordinator(.initial, var votes), .prepared):
      votes.insert(sender)
      state = .coordinator(.initial, votes: votes)
    case (.coordinator(let phase, _), .prepared):
      if recovery, let decision = phase.decision { context.send(Message(decision), to: sender) }
    case (.participant(.prepared, _), .voteRequest):
      context.send(.prepared, to: 0)
    case (.participant(let phase, let votedYes), .commit), (.participant(let phase, let votedYes), .abort):
      let learnt = ParticipantPhase(message == .commit ? .commit : .abort)
      guard phase != learnt else { return }
      enter(learnt, votedYes: votedYes, in: &state, &context)
    default:
      break
    }
  }

  /// The undecided coordinator commits (with the votes the variant requires) or aborts; a
  /// working participant votes yes or aborts.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    switch state {
    case .coordinator(.initial, let votes):
      let mayCommit = variant == .commitWithoutAllVotes ? !votes.isEmpty : votes.isSuperset(of: everyone)
      return mayCommit ? [.commit, .abort] : [.abort]
    case .participant(.working, _): return [.prepare, .abortAlone]
    case .participant(.prepared, _): return variant == .abortAfterPrepare ? [.abortAlone] : []
    default: return []
    }
  }

  /// Takes a choice: the coordinator logs its decision and tells every participant; a
  /// participant logs its vote before sending it.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch (state, choice) {
    case (.coordinator(_, let votes), .commit), (.coordinator(_, let votes), .abort):
      let decision = choice == .commit ? Decision.commit : .abort
      state = .coordinator(decision == .commit ? .committed : .aborted, votes: votes)
      if recovery { context.store(.decided(decision)) }
      // The coordinator's decision names the participants whose votes a commit needs.
      let names = everyone.members.map { name(of: $0) }
      context.record(
        decision == .commit
          ? .commit(transaction: TwoPhaseCommit.transaction, participants: names)
          : .abort(transaction: TwoPhaseCommit.transaction, participants: names))
      context.send(Message(decision), to: everyone)
    case (.participant, .prepare):
      enter(.prepared, votedYes: true, in: &state, &context)
      context.record(.vote(transaction: TwoPhaseCommit.transaction, yes: true))
      context.send(.prepared, to: 0)
    case (.participant(_, let votedYes), .abortAlone):
      enter(.aborted, votedYes: votedYes, in: &state, &context)
    default:
      break
    }
  }

  /// Recovers from the log alone: the coordinator with its decision, which it sends again, or
  /// undecided with no votes, asking for them again; a participant with its logged phase,
  /// prepared again with only a yes vote (asking for the outcome; in `recovery-decides-alone`,
  /// aborted), aborted with nothing logged.
  public func recover(_ context: inout Context<Self>) -> LocalState {
    if context.id == 0 {
      guard case .decided(let decision) = context.stable else {
        context.send(.voteRequest, to: everyone)
        return .coordinator(.initial, votes: ProcessSet())
      }
      context.send(Message(decision), to: everyone)
      return .coordinator(decision == .commit ? .committed : .aborted, votes: ProcessSet())
    }
    var state = LocalState.participant(.working, votedYes: false)
    switch context.stable {
    case .participant(.prepared, let votedYes) where variant == .recoveryDecidesAlone:
      enter(.aborted, votedYes: votedYes, in: &state, &context)
    case .participant(.prepared, let votedYes):
      state = .participant(.prepared, votedYes: votedYes)
      context.send(.prepared, to: 0)
    case .participant(let phase, let votedYes):
      state = .participant(phase, votedYes: votedYes)
    case .decided, nil:
      enter(.aborted, votedYes: false, in: &state, &context)
    }
    return state
  }

  /// Moves a participant to `phase`, logging it when processes log; a commit or an abort is
  /// recorded for the trace.
  func enter(
    _ phase: ParticipantPhase, votedYes: Bool, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    state = .participant(phase, votedYes: votedYes)
    if recovery { context.store(.participant(phase, votedYes: votedYes)) }
    if phase == .committed { context.record(.commit(transaction: TwoPhaseCommit.transaction)) }
    if phase == .aborted { context.record(.abort(transaction: TwoPhaseCommit.transaction)) }
  }

  /// Renames the participants whose votes the coordinator recorded.
  public func permute(state: LocalState, by permutation: ProcessPermutation) -> LocalState {
    if case .coordinator(let phase, let votes) = state {
      return .coordinator(phase, votes: votes.permuted(by: permutation))
    }
    return state
  }

  /// `coordinator`, `p1`, `p2`, ...
  public func name(of process: Int) -> String { process == 0 ? "coordinator" : "p\(process)" }
}
