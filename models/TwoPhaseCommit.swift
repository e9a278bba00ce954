import Faultline

/// Two-phase commit, transcribed from Lamport and Gray's TwoPhase specification, with crash-stop
/// faults of the coordinator and the participants.
///
/// Assumptions, as in TwoPhase: messages form a set that only grows (the network may reorder
/// and duplicate, never lose); the coordinator (TM) collects `Prepared` votes and decides once;
/// a participant (RM) that has not voted may abort on its own; any participant may receive a
/// decision whatever its own state. With `crashes: 0` the state space is exactly TwoPhase's
/// (288 distinct states for 3 participants, 8,832 for 5, 296,448 for 7).
///
/// With crashes (crash-stop, at most `crashes` of them, at any point between steps), a crashed
/// process takes no further step and its last state stays visible. Atomic commit and commit
/// validity still hold: they are safety properties and a crash only removes behaviours. What
/// does not hold is termination: 2PC is blocking. If the coordinator crashes after a
/// participant voted yes and before any decision was sent, that participant can neither commit
/// nor abort; the `sometimes` property "blocking" reaches such a state, as a demonstration.
///
/// The whole state packs into one `UInt64`, so exploring it allocates nothing per state.
public struct TwoPhaseCommit: Model {
  /// The protocol as written, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// The correct protocol.
    case correct
    /// The coordinator commits once it has any yes vote, not every one.
    case commitWithoutAllVotes = "commit-without-all-votes"
    /// A participant that voted yes may still abort on its own (a "timeout" that breaks 2PC).
    case abortAfterPrepare = "abort-after-prepare"
  }

  /// A participant's state.
  public enum ParticipantState: UInt64, Sendable {
    case working = 0, prepared = 1, committed = 2, aborted = 3
  }

  /// The coordinator's state.
  public enum CoordinatorState: UInt64, Sendable {
    case initial = 0, committed = 1, aborted = 2
  }

  /// Something a process does.
  public enum Action: Sendable, Equatable {
    case coordinatorReceivesPrepared(Int)
    case coordinatorCommits
    case coordinatorAborts
    case prepare(Int)
    case chooseToAbort(Int)
    case receiveCommit(Int)
    case receiveAbort(Int)
    case crashCoordinator
    case crashParticipant(Int)
  }

  /// The whole system's state, packed into one word (see `Layout`).
  public struct State: Hashable, Sendable, Fingerprintable {
    /// The packed bits.
    public var bits: UInt64

    /// Feeds the packed word.
    public func fingerprint(into f: inout Fingerprinter) { f.combine(word: bits) }
  }

  /// The largest number of participants whose state fits in one word.
  public static let maxParticipants = 11

  /// The number of resource managers.
  public let participants: Int
  /// The most crashes of any processes in one run.
  public let crashes: Int
  /// Which protocol to run.
  public let variant: Variant
  let layout: Layout

  /// Creates the model; `participants` must be in 1...11 and `crashes` in 0...participants+1.
  public init(participants: Int, crashes: Int = 0, variant: Variant = .correct) throws(FaultlineError) {
    guard (1...Self.maxParticipants).contains(participants) else {
      throw .invalidValue(
        option: "--participants", value: String(participants), expected: "an integer from 1 to 11")
    }
    guard (0...participants + 1).contains(crashes) else {
      throw .invalidValue(
        option: "--crashes", value: String(crashes), expected: "an integer from 0 to \(participants + 1)")
    }
    self.participants = participants
    self.crashes = crashes
    self.variant = variant
    self.layout = Layout(participants: participants)
  }

  public var initialStates: [State] { [State(bits: 0)] }

  public func actions(from state: State, into actions: inout [Action]) {
    let s = state.bits
    let l = layout
    let tmUp = s & l.coordinatorCrashed == 0
    if tmUp && l.coordinator(s) == .initial {
      for rm in 0..<participants where s & l.preparedMessage(rm) != 0 {
        actions.append(.coordinatorReceivesPrepared(rm))
      }
      let votes = (s >> l.votesShift) & l.participantMask
      if variant == .commitWithoutAllVotes ? votes != 0 : votes == l.participantMask {
        actions.append(.coordinatorCommits)
      }
      actions.append(.coordinatorAborts)
    }
    for rm in 0..<participants where s & l.participantCrashed(rm) == 0 {
      let local = l.participant(rm, s)
      if local == .working {
        actions.append(.prepare(rm))
        actions.append(.chooseToAbort(rm))
      } else if local == .prepared && variant == .abortAfterPrepare {
        actions.append(.chooseToAbort(rm))
      }
      if s & l.commitMessage != 0 { actions.append(.receiveCommit(rm)) }
      if s & l.abortMessage != 0 { actions.append(.receiveAbort(rm)) }
    }
    if (s & l.crashedMask).nonzeroBitCount < crashes {
      if tmUp { actions.append(.crashCoordinator) }
      for rm in 0..<participants where s & l.participantCrashed(rm) == 0 {
        actions.append(.crashParticipant(rm))
      }
    }
  }

  public func successor(of state: State, via action: Action) -> State? {
    var s = state.bits
    let l = layout
    switch action {
    case .coordinatorReceivesPrepared(let rm): s |= l.vote(rm)
    case .coordinatorCommits:
      s = l.setCoordinator(.committed, s) | l.commitMessage
    case .coordinatorAborts:
      s = l.setCoordinator(.aborted, s) | l.abortMessage
    case .prepare(let rm):
      s = l.setParticipant(rm, .prepared, s) | l.preparedMessage(rm)
    case .chooseToAbort(let rm), .receiveAbort(let rm):
      s = l.setParticipant(rm, .aborted, s)
    case .receiveCommit(let rm):
      s = l.setParticipant(rm, .committed, s)
    case .crashCoordinator: s |= l.coordinatorCrashed
    case .crashParticipant(let rm): s |= l.participantCrashed(rm)
    }
    return State(bits: s)
  }

  public var properties: [Property<State>] {
    let l = layout
    let n = participants
    var list: [Property<State>] = [
      .always("atomic commit") { state in
        // TCConsistent: no participant committed while another aborted.
        var committed = false
        var aborted = false
        for rm in 0..<n {
          switch l.participant(rm, state.bits) {
          case .committed: committed = true
          case .aborted: aborted = true
          default: break
          }
        }
        return !(committed && aborted)
      },
      .always("commit only if all voted yes") { state in
        state.bits & l.commitMessage == 0
          || (state.bits >> l.preparedShift) & l.participantMask == l.participantMask
      },
      .sometimes("all committed") { state in
        (0..<n).allSatisfy { l.participant($0, state.bits) == .committed }
      },
      .sometimes("all aborted") { state in
        (0..<n).allSatisfy { l.participant($0, state.bits) == .aborted }
      },
    ]
    if crashes > 0 {
      list.append(
        .sometimes("blocking: the coordinator crashed undecided while a participant waits prepared") {
          state in
          let s = state.bits
          return s & l.coordinatorCrashed != 0 && l.coordinator(s) == .initial
            && (0..<n).contains { s & l.participantCrashed($0) == 0 && l.participant($0, s) == .prepared }
        })
    }
    return list
  }

  public func fingerprint(of state: State) -> UInt64 { Fingerprinter.avalanche(state.bits) }

  public func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .coordinatorReceivesPrepared(let rm):
      return ActionDescription(process: "coordinator", action: "receives Prepared(\(name(rm)))")
    case .coordinatorCommits:
      return ActionDescription(process: "coordinator", action: "decides commit, sends Commit")
    case .coordinatorAborts:
      return ActionDescription(process: "coordinator", action: "decides abort, sends Abort")
    case .prepare(let rm): return ActionDescription(process: name(rm), action: "votes yes, sends Prepared")
    case .chooseToAbort(let rm): return ActionDescription(process: name(rm), action: "aborts on its own")
    case .receiveCommit(let rm): return ActionDescription(process: name(rm), action: "receives Commit")
    case .receiveAbort(let rm): return ActionDescription(process: name(rm), action: "receives Abort")
    case .crashCoordinator: return ActionDescription(process: "coordinator", action: "crashes")
    case .crashParticipant(let rm): return ActionDescription(process: name(rm), action: "crashes")
    }
  }

  public func describe(_ state: State) -> [StateVariable] {
    let s = state.bits
    let l = layout
    let crashed = { (mask: UInt64) in s & mask != 0 ? " (crashed)" : "" }
    var variables = [
      StateVariable("coordinator", "\(l.coordinator(s))" + crashed(l.coordinatorCrashed)),
      StateVariable(
        "coordinator.votes",
        "{" + (0..<participants).filter { s & l.vote($0) != 0 }.map(name).joined(separator: ", ") + "}"),
    ]
    for rm in 0..<participants {
      variables.append(StateVariable(name(rm), "\(l.participant(rm, s))" + crashed(l.participantCrashed(rm))))
    }
    var messages = (0..<participants).filter { s & l.preparedMessage($0) != 0 }.map {
      "Prepared(\(name($0)))"
    }
    if s & l.commitMessage != 0 { messages.append("Commit") }
    if s & l.abortMessage != 0 { messages.append("Abort") }
    variables.append(StateVariable("messages", "{" + messages.joined(separator: ", ") + "}"))
    return variables
  }

  private func name(_ rm: Int) -> String { "p\(rm + 1)" }
}

/// Where each part of the state sits in the word, for `n` participants (5n + 5 bits):
/// participant states (2 bits each), the coordinator's state (2), its recorded votes (n),
/// the Prepared messages (n), Commit and Abort (1 each), crashed participants (n), crashed
/// coordinator (1).
struct Layout: Sendable {
  let participantMask: UInt64
  let coordinatorShift: Int
  let votesShift: Int
  let preparedShift: Int
  let commitMessage: UInt64
  let abortMessage: UInt64
  let crashedShift: Int
  let coordinatorCrashed: UInt64
  let crashedMask: UInt64

  init(participants n: Int) {
    participantMask = (1 << UInt64(n)) - 1
    coordinatorShift = 2 * n
    votesShift = 2 * n + 2
    preparedShift = 3 * n + 2
    commitMessage = 1 << UInt64(4 * n + 2)
    abortMessage = 1 << UInt64(4 * n + 3)
    crashedShift = 4 * n + 4
    coordinatorCrashed = 1 << UInt64(5 * n + 4)
    crashedMask = (participantMask << UInt64(crashedShift)) | coordinatorCrashed
  }

  @inline(__always) func participant(_ rm: Int, _ s: UInt64) -> TwoPhaseCommit.ParticipantState {
    TwoPhaseCommit.ParticipantState(rawValue: (s >> UInt64(2 * rm)) & 3) ?? .working
  }
  @inline(__always) func setParticipant(_ rm: Int, _ v: TwoPhaseCommit.ParticipantState, _ s: UInt64)
    -> UInt64
  {
    (s & ~(3 << UInt64(2 * rm))) | (v.rawValue << UInt64(2 * rm))
  }
  @inline(__always) func coordinator(_ s: UInt64) -> TwoPhaseCommit.CoordinatorState {
    TwoPhaseCommit.CoordinatorState(rawValue: (s >> UInt64(coordinatorShift)) & 3) ?? .initial
  }
  @inline(__always) func setCoordinator(_ v: TwoPhaseCommit.CoordinatorState, _ s: UInt64) -> UInt64 {
    (s & ~(3 << UInt64(coordinatorShift))) | (v.rawValue << UInt64(coordinatorShift))
  }
  @inline(__always) func vote(_ rm: Int) -> UInt64 { 1 << UInt64(votesShift + rm) }
  @inline(__always) func preparedMessage(_ rm: Int) -> UInt64 { 1 << UInt64(preparedShift + rm) }
  @inline(__always) func participantCrashed(_ rm: Int) -> UInt64 { 1 << UInt64(crashedShift + rm) }
}

extension TwoPhaseCommit.ParticipantState: CustomStringConvertible {
  public var description: String {
    switch self {
    case .working: return "working"
    case .prepared: return "prepared"
    case .committed: return "committed"
    case .aborted: return "aborted"
    }
  }
}

extension TwoPhaseCommit.CoordinatorState: CustomStringConvertible {
  public var description: String {
    switch self {
    case .initial: return "init"
    case .committed: return "committed"
    case .aborted: return "aborted"
    }
  }
}
