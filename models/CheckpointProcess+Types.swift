import Faultline

/// The checkpoints, messages and states of `CheckpointProcess`.
extension CheckpointProcess {
  /// A saved local state: how many application messages the process had received from its
  /// predecessor and sent to its successor, and the checkpoint's number (the round of a
  /// coordinated checkpoint, the process's own count of independent ones; 0 is the initial one).
  public struct Checkpoint: Hashable, Sendable, CustomStringConvertible {
    /// The checkpoint's number; 0 for the initial state.
    public var number: Int
    /// Messages received from the predecessor in the saved state.
    public var received: Int
    /// Messages sent to the successor in the saved state.
    public var sent: Int

    /// Creates a checkpoint.
    public init(number: Int, received: Int, sent: Int) {
      self.number = number
      self.received = received
      self.sent = sent
    }

    /// `#1 (received 1, sent 2)`.
    public var description: String { "#\(number) (received \(received), sent \(sent))" }
  }

  /// The messages: the application's, and the checkpoint and rollback protocols'.
  public enum Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The sender's application message number `sequence` to its successor.
    case app(Int)
    /// The sender has rolled back to a state that sent `sent` messages to the receiver: roll
    /// back if you received more (Koo and Toueg's rollback request).
    case rollback(sent: Int)
    /// Take a tentative checkpoint of round `round` (from the coordinator to its successor,
    /// and on around the ring, so that it follows every message its sender sent before).
    case request(round: Int)
    /// A participant has taken its tentative checkpoint of `round` (a yes vote).
    case tentative(round: Int)
    /// The coordinator makes the round's tentative checkpoints permanent.
    case commit(round: Int)
    /// The coordinator discards the round's tentative checkpoints.
    case abort(round: Int)

    /// `App(1)`, `Rollback(0)`, `Request(1)`, `Tentative(1)`, `Commit(1)`, `Abort(1)`.
    public var description: String {
      switch self {
      case .app(let sequence): return "App(\(sequence))"
      case .rollback(let sent): return "Rollback(\(sent))"
      case .request(let round): return "Request(\(round))"
      case .tentative(let round): return "Tentative(\(round))"
      case .commit(let round): return "Commit(\(round))"
      case .abort(let round): return "Abort(\(round))"
      }
    }
  }

  /// A spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// The application starts: the process sends its first message.
    case start
    /// Takes a checkpoint (the coordinator: begins a round of the coordinated protocol).
    case checkpoint
    /// The coordinator gives up waiting for the round's votes and aborts it.
    case timeout

    /// `starts`, `checkpoints`, `times out`.
    public var description: String {
      switch self {
      case .start: return "starts"
      case .checkpoint: return "checkpoints"
      case .timeout: return "times out"
      }
    }
  }

  /// What a process keeps on stable storage.
  public struct Stable: Hashable, Sendable, CustomStringConvertible {
    /// The checkpoints it may roll back to, oldest first: the latest permanent one only
    /// (coordinated: the initial one until a round commits), every one taken (independent), the
    /// latest (logging).
    public var checkpoints: [Checkpoint]
    /// A coordinated round's tentative checkpoint, until the round is decided.
    public var tentative: Checkpoint? = nil
    /// Pessimistic logging: the messages received since the latest checkpoint.
    public var logged = 0
    /// Pessimistic logging: whether the application has started (its first send is logged too).
    public var started = false
    /// The coordinator: the rounds begun.
    public var begun = 0
    /// The coordinator: the last round committed.
    public var committed = 0
    /// Whether the process ever rolled back past its latest checkpoint (what the rollback-bound
    /// property reads; the protocol never does).
    public var rolledBackPast = false

    /// The latest checkpoint.
    public var latest: Checkpoint { checkpoints.last ?? Checkpoint(number: 0, received: 0, sent: 0) }

    /// `checkpoints [#0 (received 0, sent 0)], tentative #1 (...), logged 1`.
    public var description: String {
      var text = "checkpoints [" + checkpoints.map(\.description).joined(separator: ", ") + "]"
      if let tentative { text += ", tentative \(tentative)" }
      if logged > 0 { text += ", logged \(logged)" }
      if begun > 0 { text += ", rounds begun \(begun), committed \(committed)" }
      if rolledBackPast { text += ", rolled back past its latest checkpoint" }
      return text
    }
  }

  /// A process's memory: the application's counters and the protocols' volatile part.
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// Application messages received from the predecessor, in order.
    public var received = 0
    /// Application messages sent to the successor.
    public var sent = 0
    /// The round whose tentative checkpoint blocks the process's sends (a participant's until
    /// the decision; the coordinator's while it collects votes).
    public var blocked: Int? = nil
    /// The coordinator: the participants that voted in the round it waits on.
    public var votes = ProcessSet()
    /// The lowest rollback request received while blocked, handled once the round is decided.
    public var deferred: Int? = nil
    /// Restarted with a tentative checkpoint: waiting for the round's outcome to know which
    /// checkpoint to restore.
    public var inDoubt = false
    /// The checkpoint this step restored, for the trace (cleared by the process's next step).
    public var restored: Int? = nil

    /// `received 1, sent 2, blocked in round 1`.
    public var description: String {
      var text = "received \(received), sent \(sent)"
      if inDoubt { text = "in doubt" }
      if let blocked { text += ", blocked in round \(blocked)" }
      if !votes.isEmpty { text += ", votes from \(votes.members.map { "p\($0)" }.joined(separator: ", "))" }
      if let deferred { text += ", rollback to \(deferred) deferred" }
      if let restored { text += ", restored #\(restored)" }
      return text
    }
  }
}
