import Faultline

/// Three-phase commit with its termination protocol on the `System` layer: Skeen, "Nonblocking
/// Commit Protocols" (SIGMOD 1981), in the centralised form of Bernstein, Hadzilacos and Goodman,
/// *Concurrency Control and Recovery in Database Systems* (1987), chapter 7. Process 0 is the
/// coordinator, processes 1...n the participants.
///
/// The coordinator asks for votes. A participant votes yes (and is then uncertain) or no (and
/// aborts). With every vote yes the coordinator sends `PreCommit`; a participant that gets it is
/// precommitted (committable) and acknowledges; once every participant it does not suspect
/// acknowledged, the coordinator commits and says so. A no vote, or a participant suspected
/// before it voted, makes the coordinator abort. A participant that suspects the coordinator
/// before it voted aborts on its own.
///
/// Termination protocol: with a perfect failure detector, a process leads once it suspects every
/// lower rank, so the lowest live process leads, and when it crashes the next one does. A leader
/// asks every process it does not suspect for its state (a participant that has not voted
/// aborts first, since no one can commit without its vote) and applies Skeen's rule: a decided
/// report settles it; otherwise, with some process precommitted it sends `PreCommit` to the
/// uncertain ones, waits for their acknowledgements and commits; with none, it aborts. A process
/// accepts `PreCommit` only from the leader it answered last (the coordinator until it answers
/// one) and ignores `StateRequest` from lower ranks: both may still be in flight from leaders
/// that crashed, and a stale `PreCommit` accepted after answering "uncertain" would let a later
/// leader commit what the leader it answered aborted. Decisions are final and adopted from
/// anyone.
public struct ThreePhaseCommitProcess: SystemProcess {
  /// The protocol as published, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// The protocol as published.
    case correct
    /// Two-phase commit under the same termination protocol: the coordinator commits on the
    /// votes alone, with no precommit phase, so an uncertain participant cannot tell whether
    /// anyone committed.
    case noPrecommit = "no-precommit"
    /// A new coordinator that hears of no decision aborts, although some process is
    /// precommitted and the crashed coordinator may have committed.
    case terminationAbortsPrecommitted = "termination-aborts-precommitted"
    /// A process that answered a new coordinator still accepts `PreCommit` from an older one,
    /// which crashed, and so becomes precommitted after reporting itself uncertain.
    case acceptsStalePrecommit = "accepts-stale-precommit"
  }

  /// Where a process stands in the transaction.
  public enum Phase: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Has not voted (the coordinator: has not sent `PreCommit`); it may still abort on its own.
    case initial
    /// Voted yes; it may neither commit nor abort on its own.
    case uncertain
    /// Knows that everyone voted yes (committable).
    case precommitted
    /// Committed.
    case committed
    /// Aborted.
    case aborted

    /// `initial`, `uncertain`, `precommitted`, `committed`, `aborted`.
    public var description: String {
      switch self {
      case .initial: return "initial"
      case .uncertain: return "uncertain"
      case .precommitted: return "precommitted"
      case .committed: return "committed"
      case .aborted: return "aborted"
      }
    }

    /// Whether the process has decided.
    var isDecided: Bool { self == .committed || self == .aborted }
  }

  /// The outcome of the transaction, the value processes decide.
  public enum Decision: Int, Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Committed.
    case commit
    /// Aborted.
    case abort

    /// Orders by raw value.
    public static func < (a: Decision, b: Decision) -> Bool { a.rawValue < b.rawValue }

    /// `commit` or `abort`.
    public var description: String { self == .commit ? "commit" : "abort" }
  }

  /// The messages of the protocol and of its termination protocol; the sender is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The coordinator asks for votes.
    case voteRequest
    /// A participant votes yes.
    case yes
    /// A participant votes no.
    case no
    /// Everyone voted yes: become committable.
    case preCommit
    /// A `PreCommit` was received.
    case ack
    /// The transaction commits.
    case commit
    /// The transaction aborts.
    case abort
    /// A new coordinator asks for the receiver's state.
    case stateRequest
    /// The answer to `stateRequest`.
    case state(Phase)

    /// The message announcing `decision`.
    init(_ decision: Decision) { self = decision == .commit ? .commit : .abort }

    /// `VoteRequest`, `Yes`, ..., `State(uncertain)`.
    public var description: String {
      switch self {
      case .voteRequest: return "VoteRequest"
      case .yes: return "Yes"
      case .no: return "No"
      case .preCommit: return "PreCommit"
      case .ack: return "Ack"
      case .commit: return "Commit"
      case .abort: return "Abort"
      case .stateRequest: return "StateRequest"
      case .state(let phase): return "State(\(phase))"
      }
    }
  }

  /// A spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// The coordinator starts the transaction.
    case requestVotes
    /// A participant that was asked for its vote votes yes.
    case voteYes
    /// A participant that was asked for its vote votes no.
    case voteNo

    /// What the process does, as a counterexample shows it.
    public var description: String {
      switch self {
      case .requestVotes: return "sends VoteRequest"
      case .voteYes: return "votes yes"
      case .voteNo: return "votes no, aborts"
      }
    }
  }

  /// What a process is waiting for as the coordinator or a new one.
  public enum Role: Hashable, Sendable {
    /// Not coordinating.
    case follower
    /// The coordinator, waiting for the votes of `awaiting`.
    case collectingVotes
    /// A new coordinator, waiting for the states of `awaiting`.
    case collectingStates
    /// A coordinator that sent `PreCommit`, waiting for the acknowledgements of `awaiting`.
    case precommitting
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// Its phase.
    public var phase = Phase.initial
    /// A participant's vote, once cast (true for yes).
    public var votedYes: Bool? = nil
    /// A participant: it was asked for its vote; the coordinator: it asked.
    public var requested = false
    /// The rank of the coordinator it follows: 0 until it answers a new coordinator, its own
    /// rank once it leads.
    public var leader = 0
    /// What it waits for while coordinating.
    public var role = Role.follower
    /// The processes whose vote, state or acknowledgement it waits for.
    public var awaiting = ProcessSet()
    /// A new coordinator: the processes that reported themselves uncertain.
    public var uncertain = ProcessSet()
    /// A new coordinator: whether some process, itself included, reported precommitted.
    public var sawPrecommitted = false

    /// `uncertain, voted yes, termination led by p1`, `precommitted, awaiting acks from {2, 3}`.
    public var description: String {
      var text = phase.description
      if phase == .initial && requested && role == .follower { text += ", asked to vote" }
      if let votedYes { text += votedYes ? ", voted yes" : ", voted no" }
      if leader > 0 { text += ", termination led by p\(leader)" }
      switch role {
      case .follower: break
      case .collectingVotes: text += ", awaiting votes from \(awaiting)"
      case .collectingStates: text += ", awaiting states from \(awaiting)"
      case .precommitting: text += ", awaiting acks from \(awaiting)"
      }
      if sawPrecommitted { text += ", saw precommitted" }
      return text
    }
  }

  /// Processes decide commit or abort.
  public typealias Value = Decision

  /// The number of participants.
  public let participants: Int
  /// Which protocol to run.
  public let variant: Variant

  /// Creates the process code for a system of a coordinator and `participants` participants.
  public init(participants: Int, variant: Variant = .correct) {
    self.participants = participants
    self.variant = variant
  }

  /// The participants' process numbers.
  var everyone: ProcessSet { ProcessSet(1...max(participants, 1)) }

  /// Every process starts initial, following the coordinator.
  public func start(_ context: inout Context<Self>) -> LocalState { LocalState() }

  /// The coordinator may start the transaction; a participant asked for its vote may cast it.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    guard state.phase == .initial, state.leader == 0 else { return [] }
    if context.id == 0 { return state.requested ? [] : [.requestVotes] }
    return state.requested ? [.voteYes, .voteNo] : []
  }

  /// Asks for the votes (aborting at once if a participant is already suspected), or votes.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch choice {
    case .requestVotes:
      state.requested = true
      // The coordinator suspects only participants: one already suspected will never vote.
      guard context.suspected.isEmpty else {
        settle(.abort, &state, &context)
        return
      }
      state.role = .collectingVotes
      state.awaiting = everyone
      context.send(.voteRequest, to: everyone)
    case .voteYes:
      state.votedYes = true
      state.phase = .uncertain
      context.record(.vote(transaction: ThreePhaseCommit.transaction, yes: true))
      context.send(.yes, to: 0)
    case .voteNo:
      state.votedYes = false
      context.record(.vote(transaction: ThreePhaseCommit.transaction, yes: false))
      context.send(.no, to: 0)
      settle(.abort, &state, &context)
    }
  }

  /// Handles the protocol's and the termination protocol's messages.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .voteRequest:
      if context.id != 0, state.phase == .initial, state.leader == 0 { state.requested = true }
    case .yes:
      guard state.role == .collectingVotes, state.awaiting.contains(sender) else { return }
      state.awaiting.remove(sender)
      guard state.awaiting.isEmpty else { return }
      if variant == .noPrecommit {
        settle(.commit, &state, &context)
      } else {
        precommit(everyone.subtracting(context.suspected), &state, &context)
      }
    case .no:
      if state.role == .collectingVotes { settle(.abort, &state, &context) }
    case .preCommit:
      // Only from the leader answered last: an older one's `PreCommit` is stale.
      guard sender == state.leader || variant == .acceptsStalePrecommit,
        state.phase != .aborted, state.phase != .initial
      else { return }
      if state.phase == .uncertain { state.phase = .precommitted }
      context.send(.ack, to: sender)
    case .ack:
      guard state.role == .precommitting, state.awaiting.contains(sender) else { return }
      state.awaiting.remove(sender)
      commitIfAcknowledged(&state, &context)
    case .commit:
      settle(.commit, &state, &context)
    case .abort:
      settle(.abort, &state, &context)
    case .stateRequest:
      guard sender != context.id, sender >= state.leader else { return }
      state.leader = sender
      state.role = .follower
      state.awaiting = ProcessSet()
      state.uncertain = ProcessSet()
      state.sawPrecommitted = false
      // Without this process's vote nobody can have committed: it aborts rather than vote late.
      if state.phase == .initial { settle(.abort, &state, &context) }
      context.send(.state(state.phase), to: sender)
    case .state(let reported):
      guard state.role == .collectingStates, state.awaiting.contains(sender) else { return }
      state.awaiting.remove(sender)
      switch reported {
      case .committed: settle(.commit, &state, &context)
      case .aborted, .initial: settle(.abort, &state, &context)
      case .precommitted: state.sawPrecommitted = true
      case .uncertain: state.uncertain.insert(sender)
      }
      applyTerminationRule(&state, &context)
    }
  }

  /// A participant that suspects the coordinator before voting aborts; the coordinator aborts
  /// when a participant whose vote it awaits is suspected; a coordinator stops waiting for
  /// suspected processes; and a process leads once it suspects every lower rank.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    if context.id != 0, state.phase == .initial, context.suspected.contains(0) {
      settle(.abort, &state, &context)
    }
    if state.role == .collectingVotes, state.awaiting.subtracting(context.suspected) != state.awaiting {
      settle(.abort, &state, &context)
    }
    applyTerminationRule(&state, &context)
    commitIfAcknowledged(&state, &context)
    leadIfElected(&state, &context)
  }

  /// Leads the termination protocol once every lower rank is suspected: a decided process
  /// announces its decision, an undecided one asks the others for their states.
  func leadIfElected(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard context.id > 0, state.leader < context.id,
      (0..<context.id).allSatisfy({ context.suspected.contains($0) })
    else { return }
    state.leader = context.id
    let others = context.others.subtracting(context.suspected)
    switch state.phase {
    case .committed: context.send(.commit, to: others)
    case .aborted: context.send(.abort, to: others)
    case .initial: settle(.abort, &state, &context)
    case .uncertain, .precommitted:
      state.role = .collectingStates
      state.awaiting = others
      state.uncertain = ProcessSet()
      state.sawPrecommitted = state.phase == .precommitted
      context.send(.stateRequest, to: others)
      applyTerminationRule(&state, &context)
    }
  }

  /// Skeen's rule, once every process not suspected has reported: with some process
  /// precommitted, precommit the uncertain ones; otherwise abort (in
  /// `termination-aborts-precommitted`, abort either way).
  func applyTerminationRule(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.role == .collectingStates, state.awaiting.subtracting(context.suspected).isEmpty else {
      return
    }
    if state.sawPrecommitted && variant != .terminationAbortsPrecommitted {
      precommit(state.uncertain.subtracting(context.suspected), &state, &context)
    } else {
      settle(.abort, &state, &context)
    }
  }

  /// Becomes committable and sends `PreCommit` to `targets`, waiting for their acknowledgements.
  func precommit(_ targets: ProcessSet, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.phase = .precommitted
    state.role = .precommitting
    state.awaiting = targets
    state.uncertain = ProcessSet()
    state.sawPrecommitted = false
    context.send(.preCommit, to: targets)
    commitIfAcknowledged(&state, &context)
  }

  /// Commits once every process sent `PreCommit` acknowledged it or is suspected.
  func commitIfAcknowledged(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard state.role == .precommitting, state.awaiting.subtracting(context.suspected).isEmpty else { return }
    settle(.commit, &state, &context)
  }

  /// Decides, once; a process coordinating (the coordinator, or a new one) tells every process
  /// it does not suspect.
  func settle(_ decision: Decision, _ state: inout LocalState, _ context: inout Context<Self>) {
    guard !state.phase.isDecided else { return }
    state.phase = decision == .commit ? .committed : .aborted
    state.role = .follower
    state.awaiting = ProcessSet()
    state.uncertain = ProcessSet()
    state.sawPrecommitted = false
    context.decide(decision)
    if decision == .commit {
      // The coordinator's commit names the participants whose yes votes it needs.
      let participants = context.id == 0 ? everyone.members.map { name(of: $0) } : nil
      context.record(.commit(transaction: ThreePhaseCommit.transaction, participants: participants))
    } else {
      context.record(.abort(transaction: ThreePhaseCommit.transaction))
    }
    if state.leader == context.id {
      context.send(Message(decision), to: context.others.subtracting(context.suspected))
    }
  }

  /// `coordinator`, `p1`, `p2`, ...
  public func name(of process: Int) -> String { process == 0 ? "coordinator" : "p\(process)" }
}
