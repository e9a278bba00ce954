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
/// With `recovery`, a crashed process may come back, from its stable storage only (crashes
/// still count against `crashes`, so runs stay finite). A participant logs its yes vote before
/// sending `Prepared` and logs the decision it learns; the coordinator logs its decision. A
/// participant that recovers with a decision logged keeps it; with only a yes vote logged it is
/// prepared again and waits for the decision (it may not decide alone); with nothing logged it
/// had not voted, so it aborts (presumed abort). The coordinator recovers with its logged
/// decision, or undecided with no votes recorded (the `Prepared` messages are still in the
/// message set, so it can collect them again). Blocking stays visible: a participant waits
/// prepared for as long as the coordinator is down.
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
    /// A participant that recovers with a yes vote but no decision logged aborts on its own.
    /// Implies `recovery` and at least one crash, so it is violated at default parameters.
    case recoveryDecidesAlone = "recovery-decides-alone"
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
    case recoverCoordinator
    case recoverParticipant(Int)
  }

  /// The whole system's state, packed into one word by `Fields`.
  public typealias State = PackedState

  /// The largest number of participants whose state fits in one word.
  public static let maxParticipants = 11

  /// The number of resource managers.
  public let participants: Int
  /// The most crashes of any processes in one run.
  public let crashes: Int
  /// Whether crashed processes may recover from stable storage.
  public let recovery: Bool
  /// Which protocol to run.
  public let variant: Variant
  /// Count states up to renaming participants (one per orbit); paths stay concrete.
  public let symmetric: Bool
  let fields: Fields

  /// Creates the model; `participants` must be in 1...11 and `crashes` in 0...participants+1
  /// (with `recovery`, 0...12: a process may crash more than once). The variant
  /// `recoveryDecidesAlone` turns `recovery` on and allows at least one crash.
  public init(
    participants: Int, crashes: Int = 0, recovery: Bool = false, variant: Variant = .correct,
    symmetric: Bool = false
  ) throws(FaultlineError) {
    guard (1...Self.maxParticipants).contains(participants) else {
      throw .invalidParameter(
        name: "participants", value: String(participants), expected: "an integer from 1 to 11")
    }
    let recovers = recovery || variant == .recoveryDecidesAlone
    let mostCrashes = recovers ? Self.maxParticipants + 1 : participants + 1
    guard (0...mostCrashes).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: String(crashes), expected: "an integer from 0 to \(mostCrashes)")
    }
    self.participants = participants
    self.crashes = variant == .recoveryDecidesAlone ? max(crashes, 1) : crashes
    self.recovery = recovers
    self.variant = variant
    self.symmetric = symmetric
    self.fields = Fields(participants: participants, crashes: self.crashes)
  }

  public var initialStates: [State] { [State()] }

  public func actions(from s: State, into actions: inout [Action]) {
    let f = fields
    let coordinatorUp = s[f.coordinatorCrashed] == 0
    if coordinatorUp && s[f.coordinator] == Coordinator.initial {
      for rm in 0..<participants where s[f.prepared, rm] == 1 {
        actions.append(.coordinatorReceivesPrepared(rm))
      }
      let votes = s.bits(of: f.votes)
      if variant == .commitWithoutAllVotes ? votes != 0 : votes == f.everyone {
        actions.append(.coordinatorCommits)
      }
      actions.append(.coordinatorAborts)
    }
    for rm in 0..<participants where s[f.participantCrashed, rm] == 0 {
      let local = s[f.participant, rm]
      if local == Participant.working {
        actions.append(.prepare(rm))
        actions.append(.chooseToAbort(rm))
      } else if local == Participant.prepared && variant == .abortAfterPrepare {
        actions.append(.chooseToAbort(rm))
      }
      if s[f.commit] == 1 { actions.append(.receiveCommit(rm)) }
      if s[f.abort] == 1 { actions.append(.receiveAbort(rm)) }
    }
    if s[f.crashesUsed] < crashes {
      if coordinatorUp { actions.append(.crashCoordinator) }
      for rm in 0..<participants where s[f.participantCrashed, rm] == 0 {
        actions.append(.crashParticipant(rm))
      }
    }
    if recovery {
      if !coordinatorUp { actions.append(.recoverCoordinator) }
      for rm in 0..<participants where s[f.participantCrashed, rm] == 1 {
        actions.append(.recoverParticipant(rm))
      }
    }
  }

  public func successor(of state: State, via action: Action) -> State? {
    var s = state
    let f = fields
    switch action {
    case .coordinatorReceivesPrepared(let rm): s[f.votes, rm] = 1
    case .coordinatorCommits:
      s[f.coordinator] = Coordinator.committed
      s[f.commit] = 1
    case .coordinatorAborts:
      s[f.coordinator] = Coordinator.aborted
      s[f.abort] = 1
    case .prepare(let rm):
      s[f.participant, rm] = Participant.prepared
      s[f.prepared, rm] = 1
    case .chooseToAbort(let rm), .receiveAbort(let rm): s[f.participant, rm] = Participant.aborted
    case .receiveCommit(let rm): s[f.participant, rm] = Participant.committed
    case .crashCoordinator:
      s[f.coordinatorCrashed] = 1
      s[f.crashesUsed] += 1
    case .crashParticipant(let rm):
      s[f.participantCrashed, rm] = 1
      s[f.crashesUsed] += 1
    case .recoverCoordinator:
      // The log holds the decision, if any; the recorded votes were in memory only.
      s[f.coordinatorCrashed] = 0
      for rm in 0..<participants { s[f.votes, rm] = 0 }
    case .recoverParticipant(let rm):
      // The log holds the yes vote and the decision learnt; no vote logged: presumed abort.
      s[f.participantCrashed, rm] = 0
      let logged = s[f.participant, rm]
      if logged == Participant.working
        || (logged == Participant.prepared && variant == .recoveryDecidesAlone)
      {
        s[f.participant, rm] = Participant.aborted
      }
    }
    return s
  }

  public var properties: [Property<State>] {
    let f = fields
    let n = participants
    var list: [Property<State>] = [
      .always("atomic commit") { s in
        // TCConsistent: no participant committed while another aborted.
        var committed = false
        var aborted = false
        for rm in 0..<n {
          let local = s[f.participant, rm]
          committed = committed || local == Participant.committed
          aborted = aborted || local == Participant.aborted
        }
        return !(committed && aborted)
      },
      .always("commit only if all voted yes") { s in
        s[f.commit] == 0 || s.bits(of: f.prepared) == f.everyone
      },
      .sometimes("all committed") { s in (0..<n).allSatisfy { s[f.participant, $0] == Participant.committed }
      },
      .sometimes("all aborted") { s in (0..<n).allSatisfy { s[f.participant, $0] == Participant.aborted } },
    ]
    if crashes > 0 {
      list.append(
        .sometimes("blocking: the coordinator crashed undecided while a participant waits prepared") { s in
          s[f.coordinatorCrashed] == 1 && s[f.coordinator] == Coordinator.initial
            && (0..<n).contains {
              s[f.participantCrashed, $0] == 0 && s[f.participant, $0] == Participant.prepared
            }
        })
    }
    return list
  }

  /// With symmetry, fingerprints the orbit's representative: participants are interchangeable
  /// (the coordinator treats them alike, and every property quantifies over all of them), so
  /// sorting their columns (state, recorded vote, Prepared message, crashed) gives one
  /// canonical state per orbit.
  public func fingerprint(of state: State) -> UInt64 {
    Fingerprinter.avalanche(symmetric ? canonical(state).bits : state.bits)
  }

  /// The state with its participants' columns in ascending order.
  public func canonical(_ state: State) -> State {
    let f = fields
    let n = participants
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { columns in
      for rm in 0..<n {
        columns[rm] =
          state[f.participant, rm] << 3 | state[f.votes, rm] << 2 | state[f.prepared, rm] << 1
          | state[f.participantCrashed, rm]
      }
      // Insertion sort: at most eleven columns.
      for i in 1..<max(n, 1) {
        let column = columns[i]
        var j = i
        while j > 0 && columns[j - 1] > column {
          columns[j] = columns[j - 1]
          j -= 1
        }
        columns[j] = column
      }
      var sorted = state
      for rm in 0..<n {
        sorted[f.participant, rm] = columns[rm] >> 3
        sorted[f.votes, rm] = (columns[rm] >> 2) & 1
        sorted[f.prepared, rm] = (columns[rm] >> 1) & 1
        sorted[f.participantCrashed, rm] = columns[rm] & 1
      }
      return sorted
    }
  }

  /// The transaction's name in traces.
  static let transaction = "t1"

  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    var description = describe(action)
    let tx = Self.transaction
    let everyone = (0..<participants).map(name)
    switch action {
    case .coordinatorReceivesPrepared(let rm):
      description.events = [.receive(message: "Prepared", from: name(rm))]
    case .coordinatorCommits:
      description.events = [
        .commit(transaction: tx, participants: everyone), .send(message: "Commit", to: nil),
      ]
    case .coordinatorAborts:
      description.events = [
        .abort(transaction: tx, participants: everyone), .send(message: "Abort", to: nil),
      ]
    case .prepare:
      description.events = [.vote(transaction: tx, yes: true), .send(message: "Prepared", to: "coordinator")]
    case .chooseToAbort: description.events = [.abort(transaction: tx)]
    case .receiveCommit:
      description.events = [.receive(message: "Commit", from: "coordinator"), .commit(transaction: tx)]
    case .receiveAbort:
      description.events = [.receive(message: "Abort", from: "coordinator"), .abort(transaction: tx)]
    case .crashCoordinator, .crashParticipant: description.events = [.crash]
    case .recoverCoordinator: description.events = [.recover]
    case .recoverParticipant(let rm):
      // A recovery that finds no vote (or, in `recovery-decides-alone`, no decision) aborts.
      let aborts =
        before[fields.participant, rm] != Participant.aborted
        && after[fields.participant, rm] == Participant.aborted
      description.events = aborts ? [.recover, .abort(transaction: tx)] : [.recover]
    }
    return description
  }

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
    case .recoverCoordinator:
      return ActionDescription(process: "coordinator", action: "recovers from its log")
    case .recoverParticipant(let rm):
      return ActionDescription(process: name(rm), action: "recovers from its log")
    }
  }

  public func describe(_ s: State) -> [StateVariable] {
    let f = fields
    let crashed = { (flag: Int) in flag == 1 ? " (crashed)" : "" }
    var variables = [
      StateVariable(
        "coordinator", Coordinator.names[s[f.coordinator]] + crashed(s[f.coordinatorCrashed])),
      StateVariable(
        "coordinator.votes",
        "{" + (0..<participants).filter { s[f.votes, $0] == 1 }.map(name).joined(separator: ", ") + "}"),
    ]
    for rm in 0..<participants {
      variables.append(
        StateVariable(
          name(rm), Participant.names[s[f.participant, rm]] + crashed(s[f.participantCrashed, rm])))
    }
    var messages = (0..<participants).filter { s[f.prepared, $0] == 1 }.map { "Prepared(\(name($0)))" }
    if s[f.commit] == 1 { messages.append("Commit") }
    if s[f.abort] == 1 { messages.append("Abort") }
    variables.append(StateVariable("messages", "{" + messages.joined(separator: ", ") + "}"))
    return variables
  }

  private func name(_ rm: Int) -> String { "p\(rm + 1)" }
}

/// The participants' and the coordinator's local states, as field values.
enum Participant {
  static let working = 0, prepared = 1, committed = 2, aborted = 3
  static let names = ["working", "prepared", "committed", "aborted"]
}

enum Coordinator {
  static let initial = 0, committed = 1, aborted = 2
  static let names = ["init", "committed", "aborted", "?"]
}

/// Where each part of the state sits in the word, for `n` participants (5n + 5 bits, and up to
/// 4 more for the crash count): participant states (2 bits each), the coordinator's state (2),
/// its recorded votes (n), the Prepared messages (n), Commit and Abort (1 each), crashed
/// participants (n), crashed coordinator (1), crashes so far (with recovery, a process may
/// crash again, so the crashed flags no longer count them).
struct Fields: Sendable {
  let participant: BitFieldArray
  let coordinator: BitField
  let votes: BitFieldArray
  let prepared: BitFieldArray
  let commit: BitField
  let abort: BitField
  let participantCrashed: BitFieldArray
  let coordinatorCrashed: BitField
  let crashesUsed: BitField
  /// Every participant's bit, as `bits(of:)` returns a full one-bit array.
  let everyone: UInt64

  init(participants n: Int, crashes: Int) {
    var layout = BitLayout()
    participant = layout.fields(count: n, values: 4)
    coordinator = layout.field(values: 3)
    votes = layout.fields(count: n, values: 2)
    prepared = layout.fields(count: n, values: 2)
    commit = layout.field(values: 2)
    abort = layout.field(values: 2)
    participantCrashed = layout.fields(count: n, values: 2)
    coordinatorCrashed = layout.field(values: 2)
    crashesUsed = layout.field(values: crashes + 1)
    everyone = (1 << UInt64(n)) - 1
  }
}
