import Faultline

/// Two-phase commit written on the `System` layer: process 0 is the transaction manager,
/// processes 1...n are the resource managers.
///
/// It follows Lamport's TwoPhase: with no crashes and the duplicating (message-set) network
/// its reachable states correspond one to one with TwoPhase's (288 for 3 participants,
/// 8,832 for 5, 296,448 for 7), because every output is a function of the local states.
public struct TwoPhaseCommitProcess: SystemProcess {
  /// The messages of the protocol; the sender is on the envelope.
  public enum Message: Int, Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A resource manager is prepared to commit.
    case prepared
    /// The transaction manager commits.
    case commit
    /// The transaction manager aborts.
    case abort

    /// Orders by raw value.
    public static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }

    /// `Prepared`, `Commit`, `Abort`.
    public var description: String {
      switch self {
      case .prepared: return "Prepared"
      case .commit: return "Commit"
      case .abort: return "Abort"
      }
    }
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
  public enum Choice: String, Hashable, Sendable, CustomStringConvertible {
    /// A working resource manager prepares and tells the manager.
    case prepare
    /// A working resource manager, or the undecided transaction manager, aborts on its own.
    case abort
    /// The transaction manager commits once every resource manager is prepared.
    case commit

    /// The choice's name.
    public var description: String { rawValue }
  }

  /// The phase of the transaction manager.
  public enum ManagerPhase: Int, Hashable, Sendable, Fingerprintable {
    /// Collecting Prepared messages.
    case initial
    /// Committed.
    case committed
    /// Aborted.
    case aborted
  }

  /// The phase of a resource manager.
  public enum ParticipantPhase: Int, Hashable, Sendable, Fingerprintable {
    /// Not yet voted.
    case working
    /// Voted yes.
    case prepared
    /// Committed.
    case committed
    /// Aborted.
    case aborted
  }

  /// A local state: the manager's phase and the participants it knows are prepared, or a
  /// participant's phase.
  public enum LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The transaction manager.
    case manager(ManagerPhase, prepared: ProcessSet)
    /// A resource manager.
    case participant(ParticipantPhase)

    /// Feeds a tag and the fields.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .manager(let phase, let prepared):
        f.combine(word: UInt64(phase.rawValue) << 8 | 1)
        f.combine(prepared)
      case .participant(let phase):
        f.combine(word: UInt64(phase.rawValue) << 8 | 2)
      }
    }

    /// `initial, prepared {1, 2}` or `working`.
    public var description: String {
      switch self {
      case .manager(let phase, let prepared): return "\(phase), prepared \(prepared)"
      case .participant(let phase): return "\(phase)"
      }
    }
  }

  /// The value decided.
  public typealias Value = Decision

  /// The number of resource managers.
  public let participants: Int

  /// Creates the process code for a system with `participants` resource managers.
  public init(participants: Int) { self.participants = participants }

  /// The resource managers' numbers.
  var managers: ProcessSet { ProcessSet(1...max(participants, 1)) }

  /// The manager starts collecting; every participant starts working.
  public func start(_ context: inout Context<Self>) -> LocalState {
    context.id == 0 ? .manager(.initial, prepared: ProcessSet()) : .participant(.working)
  }

  /// The manager records Prepared while undecided; a participant obeys Commit and Abort
  /// whatever its phase, as in TwoPhase.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch (state, message) {
    case (.manager(.initial, var prepared), .prepared):
      prepared.insert(sender)
      state = .manager(.initial, prepared: prepared)
    case (.participant(let phase), .commit):
      if phase != .committed { context.decide(.commit) }
      state = .participant(.committed)
    case (.participant(let phase), .abort):
      if phase != .aborted { context.decide(.abort) }
      state = .participant(.aborted)
    default:
      break
    }
  }

  /// Working participants prepare or abort; the undecided manager commits (once all are
  /// prepared) or aborts.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    switch state {
    case .manager(.initial, let prepared):
      return prepared.isSuperset(of: managers) ? [.commit, .abort] : [.abort]
    case .participant(.working): return [.prepare, .abort]
    default: return []
    }
  }

  /// Takes a choice, deciding and broadcasting as the protocol says.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch (state, choice) {
    case (.manager(_, let prepared), .commit):
      state = .manager(.committed, prepared: prepared)
      context.decide(.commit)
      context.send(.commit, to: managers)
    case (.manager(_, let prepared), .abort):
      state = .manager(.aborted, prepared: prepared)
      context.decide(.abort)
      context.send(.abort, to: managers)
    case (.participant, .prepare):
      state = .participant(.prepared)
      context.send(.prepared, to: 0)
    case (.participant, .abort):
      state = .participant(.aborted)
      context.decide(.abort)
    default:
      break
    }
  }

  /// Renames the participants the manager recorded.
  public func permute(state: LocalState, by permutation: ProcessPermutation) -> LocalState {
    if case .manager(let phase, let prepared) = state {
      return .manager(phase, prepared: prepared.permuted(by: permutation))
    }
    return state
  }

  /// `TM`, `RM1`, `RM2`, ...
  public func name(of process: Int) -> String { process == 0 ? "TM" : "RM\(process)" }
}

/// Builds the two-phase commit system and its properties.
public enum TwoPhaseCommitSystem {
  /// The system with `participants` resource managers; with `symmetry`, the resource
  /// managers are interchangeable and the explorer counts orbits.
  public static func make(
    participants: Int, crashes: Int = 0, network: NetworkSemantics = .duplicating,
    crashDuringSends: Bool = false,
    symmetry: Bool = false
  ) throws(FaultlineError) -> System<TwoPhaseCommitProcess> {
    guard participants >= 1 && participants < ProcessSet.capacity else {
      throw .invalidParameter(
        name: "participants", value: "\(participants)", expected: "1 to \(ProcessSet.capacity - 1)")
    }
    let process = TwoPhaseCommitProcess(participants: participants)
    let voters = ProcessSet(1...participants)
    return try System(
      processes: Array(repeating: process, count: participants + 1), network: network,
      faults: Faults(crashes: crashes, crashDuringSends: crashDuringSends),
      symmetric: symmetry ? Array(1...participants) : [],
      properties: [
        SystemProperties.uniformAgreement(),
        SystemProperties.atomicCommit(commit: .commit, voters: voters) { state, rm in
          // A yes vote shows as the manager's record, the Prepared message, or the phase.
          if case .manager(_, let prepared) = state.locals[0], prepared.contains(rm) { return true }
          let phase = state.locals[rm]
          return phase == .participant(.prepared) || phase == .participant(.committed)
            || state.inboxes[0].contains { $0.from == rm && $0.message == .prepared }
        },
        SystemProperties.decidesAtMostOnce(),
        .sometimes("commits") { $0.decisions(of: 0) == [.commit] },
        .sometimes("aborts") { $0.decisions(of: 0) == [.abort] },
      ])
  }
}
