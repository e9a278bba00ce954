import Faultline

/// Lamport and Gray's TwoPhase with its whole state packed by hand into one `UInt64`: the speed
/// limit that the catalogue's `two-phase-commit`, written plainly on the System layer, is
/// measured against (`Benchmarks/run.sh`). Exploring it allocates nothing per state.
///
/// Messages form a set that only grows (Prepared(rm), Commit, Abort); the coordinator records
/// votes while undecided, commits with every vote, and may abort at any time before deciding; a
/// working participant votes yes or aborts on its own; any participant adopts a decision in the
/// set. 288 distinct states for 3 participants, 8,832 for 5, 296,448 for 7, 1,745,408 for 8,
/// 10,340,352 for 9, as TLC counts them. No faults: crashes and recovery are the System model's.
struct PackedTwoPhaseCommit: Model {
  enum Action: Sendable, Equatable {
    case coordinatorReceivesPrepared(Int)
    case coordinatorCommits
    case coordinatorAborts
    case prepare(Int)
    case chooseToAbort(Int)
    case receiveCommit(Int)
    case receiveAbort(Int)
  }

  typealias State = PackedState

  /// The most participants whose state fits in one word (5n + 4 bits).
  static let maxParticipants = 11

  let participants: Int
  /// Count states up to renaming participants (one per orbit) by sorting their bit columns.
  let symmetric: Bool
  let fields: Fields

  init(participants: Int, symmetric: Bool = false) {
    self.participants = participants
    self.symmetric = symmetric
    self.fields = Fields(participants: participants)
  }

  var initialStates: [State] { [State()] }

  func actions(from s: State, into actions: inout [Action]) {
    let f = fields
    if s[f.coordinator] == Coordinator.initial {
      for rm in 0..<participants where s[f.prepared, rm] == 1 {
        actions.append(.coordinatorReceivesPrepared(rm))
      }
      if s.bits(of: f.votes) == f.everyone { actions.append(.coordinatorCommits) }
      actions.append(.coordinatorAborts)
    }
    for rm in 0..<participants {
      if s[f.participant, rm] == Participant.working {
        actions.append(.prepare(rm))
        actions.append(.chooseToAbort(rm))
      }
      if s[f.commit] == 1 { actions.append(.receiveCommit(rm)) }
      if s[f.abort] == 1 { actions.append(.receiveAbort(rm)) }
    }
  }

  func successor(of state: State, via action: Action) -> State? {
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
    }
    return s
  }

  var properties: [Property<State>] {
    let f = fields
    let n = participants
    return [
      .always("atomic commit") { s in
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
    ]
  }

  /// With symmetry, the fingerprint of the orbit's representative: the state with its
  /// participants' columns (state, recorded vote, Prepared message) in ascending order.
  func fingerprint(of state: State) -> UInt64 {
    Fingerprinter.avalanche(symmetric ? canonical(state).bits : state.bits)
  }

  func canonical(_ state: State) -> State {
    let f = fields
    let n = participants
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { columns in
      for rm in 0..<n {
        columns[rm] = state[f.participant, rm] << 2 | state[f.votes, rm] << 1 | state[f.prepared, rm]
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
        sorted[f.participant, rm] = columns[rm] >> 2
        sorted[f.votes, rm] = (columns[rm] >> 1) & 1
        sorted[f.prepared, rm] = columns[rm] & 1
      }
      return sorted
    }
  }
}

/// The participants' and the coordinator's local states, as field values.
enum Participant {
  static let working = 0, prepared = 1, committed = 2, aborted = 3
}

enum Coordinator {
  static let initial = 0, committed = 1, aborted = 2
}

/// Where each part of the state sits in the word, for `n` participants (5n + 4 bits):
/// participant states (2 bits each), the coordinator's state (2), its recorded votes (n), the
/// Prepared messages (n), Commit and Abort (1 each).
struct Fields: Sendable {
  let participant: BitFieldArray
  let coordinator: BitField
  let votes: BitFieldArray
  let prepared: BitFieldArray
  let commit: BitField
  let abort: BitField
  /// Every participant's bit, as `bits(of:)` returns a full one-bit array.
  let everyone: UInt64

  init(participants n: Int) {
    var layout = BitLayout()
    participant = layout.fields(count: n, values: 4)
    coordinator = layout.field(values: 3)
    votes = layout.fields(count: n, values: 2)
    prepared = layout.fields(count: n, values: 2)
    commit = layout.field(values: 2)
    abort = layout.field(values: 2)
    everyone = (1 << UInt64(n)) - 1
  }
}
