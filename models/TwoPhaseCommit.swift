import Faultline

/// Two-phase commit (Lamport and Gray's TwoPhase) on the `System` layer, with crash-stop or
/// crash–recovery faults of the coordinator and the participants.
///
/// With no crashes and the duplicating network (a message set that only grows, as in TwoPhase)
/// the reachable states correspond one to one with TwoPhase's: 288 for 3 participants, 8,832
/// for 5, 296,448 for 7. Crash-stop faults (at most `crashes`, between steps) keep that
/// correspondence with the message-set model in which a crashed process keeps its last state:
/// the messages a crash loses were addressed to a process that never acts again. With recovery
/// they are not, so there a crashed process must be told again (see `TwoPhaseCommitProcess`).
///
/// The properties are TwoPhase's: no participant committed while another aborted, commit only
/// if every participant voted yes, both outcomes reachable, and, with crashes, the blocking
/// state reachable (the coordinator crashed undecided while a live participant waits prepared:
/// that participant can neither commit nor abort, which is why 2PC is called blocking).
///
/// ```swift
/// let system = try TwoPhaseCommit.make(participants: 3, crashes: 1, recovery: true)
/// let exploration = try Explorer(system).run()   // holds
/// ```
public enum TwoPhaseCommit {
  /// The protocol as written, or one of the deliberately broken versions.
  public typealias Variant = TwoPhaseCommitProcess.Variant

  /// The most participants: TwoPhase's state space grows about sixfold per participant, and 11
  /// is already far beyond an exhaustive search.
  public static let maxParticipants = 11

  /// The most crashes of any processes with recovery (a process may crash more than once).
  public static let maxCrashesWithRecovery = maxParticipants + 1

  /// The transaction's name in traces.
  static let transaction: TraceValue = "t1"

  /// The system with `participants` participants (processes 1...n) and a coordinator
  /// (process 0).
  ///
  /// `crashes` bounds the crash-stop failures of any processes (0...participants + 1; with
  /// `recovery`, 0...12, since a process may crash again). `recoveryDecidesAlone` turns
  /// `recovery` on and allows at least one crash. With `crashDuringSends`, a crash may also
  /// strike in the middle of a step's sends. With `symmetry` (at most 8 participants), states
  /// are counted up to renaming participants.
  public static func make(
    participants: Int, crashes: Int = 0, recovery: Bool = false, variant: Variant = .correct,
    network: NetworkSemantics = .duplicating, crashDuringSends: Bool = false, symmetry: Bool = false
  ) throws(FaultlineError) -> System<TwoPhaseCommitProcess> {
    guard (1...maxParticipants).contains(participants) else {
      throw .invalidParameter(
        name: "participants", value: "\(participants)", expected: "an integer from 1 to \(maxParticipants)")
    }
    let recovers = recovery || variant == .recoveryDecidesAlone
    let mostCrashes = recovers ? maxCrashesWithRecovery : participants + 1
    guard (0...mostCrashes).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "an integer from 0 to \(mostCrashes)")
    }
    let mostSymmetric = System<TwoPhaseCommitProcess>.maximumSymmetricProcesses
    guard !symmetry || participants <= mostSymmetric else {
      throw .invalidParameter(
        name: "symmetry", value: "with \(participants) participants",
        expected: "at most \(mostSymmetric) participants (\(participants)! renamings per state is too many)")
    }
    let process = TwoPhaseCommitProcess(participants: participants, variant: variant, recovery: recovers)
    let crashBound = variant == .recoveryDecidesAlone ? max(crashes, 1) : crashes
    return try System(
      processes: Array(repeating: process, count: participants + 1), network: network,
      faults: Faults(crashes: crashBound, crashDuringSends: crashDuringSends, recovery: recovers),
      symmetric: symmetry ? Array(1...participants) : [],
      properties: properties(crashes: crashBound) + (symmetry ? [] : [termination]))
  }

  /// Termination, under the System layer's fairness (deliveries, choices and recoveries are
  /// not ignored forever): every participant that is up eventually commits or aborts. It fails
  /// with crash-stop faults: a coordinator that crashes before deciding leaves a participant
  /// that voted yes waiting forever, 2PC's blocking. Not checked with symmetry, which liveness
  /// does not support.
  static let termination = Property<SystemState<TwoPhaseCommitProcess>>.eventually(
    "termination: every participant that is up decides"
  ) { state in
    (1..<state.processCount).allSatisfy { process in
      state.crashed.contains(process) || phase(state.locals[process]) == .committed
        || phase(state.locals[process]) == .aborted
    }
  }

  /// TwoPhase's invariants and reachability checks, over the participants' phases (a crashed
  /// process's last phase counts, so they are uniform).
  static func properties(crashes: Int) -> [Property<SystemState<TwoPhaseCommitProcess>>] {
    var list: [Property<SystemState<TwoPhaseCommitProcess>>] = [
      .always("atomic commit") { state in
        // TCConsistent: no participant committed while another aborted.
        var committed = false
        var aborted = false
        for process in 1..<state.processCount {
          guard case .participant(let phase, _) = state.locals[process] else { continue }
          committed = committed || phase == .committed
          aborted = aborted || phase == .aborted
        }
        return !(committed && aborted)
      },
      .always("commit only if all voted yes") { state in
        guard case .coordinator(.committed, _) = state.locals[0] else { return true }
        return (1..<state.processCount).allSatisfy { votedYes(state.locals[$0]) }
      },
      .sometimes("all committed") { state in
        (1..<state.processCount).allSatisfy { phase(state.locals[$0]) == .committed }
      },
      .sometimes("all aborted") { state in
        (1..<state.processCount).allSatisfy { phase(state.locals[$0]) == .aborted }
      },
    ]
    if crashes > 0 {
      list.append(
        .sometimes("blocking: the coordinator crashed undecided while a participant waits prepared") {
          state in
          guard state.crashed.contains(0), case .coordinator(.initial, _) = state.locals[0] else {
            return false
          }
          return (1..<state.processCount).contains {
            !state.crashed.contains($0) && phase(state.locals[$0]) == .prepared
          }
        })
    }
    return list
  }

  /// A participant's phase; nil for the coordinator.
  static func phase(_ local: TwoPhaseCommitProcess.LocalState) -> TwoPhaseCommitProcess.ParticipantPhase? {
    if case .participant(let phase, _) = local { return phase }
    return nil
  }

  /// Whether a participant voted yes.
  static func votedYes(_ local: TwoPhaseCommitProcess.LocalState) -> Bool {
    if case .participant(_, let votedYes) = local { return votedYes }
    return false
  }
}
