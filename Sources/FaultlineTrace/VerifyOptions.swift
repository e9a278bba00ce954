import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// What `verify` should check, and how.
public struct VerifyOptions: Sendable {
  /// The file's format; nil detects it.
  public var format: TraceFormat?
  /// The spec client operations are checked against; nil picks one from the format and operations.
  public var spec: SpecKind?
  /// The object's initial value; nil means nil or empty.
  public var initial: TraceValue?
  /// The protocol check to run; nil runs those the events call for.
  public var check: EventCheck?
  /// The condition client operations are checked for; nil is what the trace declares, or
  /// linearizability.
  public var consistency: Consistency?
  /// The transactional model a list-append or rw-register history is checked for; nil is
  /// strict serializability.
  public var isolation: IsolationLevel?
  /// Every operation's value is a Jepsen independent `[key value]` tuple: check each key's
  /// object on its own.
  public var independent = false
  /// Give up, incomplete, after this many seconds.
  public var timeLimit: Double?
  /// Check a JSON Lines trace's client operations (any spec, for linearizability) as they are
  /// read, in memory that does not grow with the trace's length; nil streams files of at least
  /// `TraceVerifier.streamingThreshold` bytes. Other formats are read whole either way.
  public var streaming: Bool?
  /// Asked between chunks of the file and during the check; true stops the run, incomplete
  /// ("interrupted"). The command line sets it on SIGINT and SIGTERM.
  public var isCancelled: (@Sendable () -> Bool)?
  /// The longest line a trace may have, in bytes, in every format: reading a file with no
  /// newline in sight (`/dev/zero`) stops with an error instead of filling memory.
  public var maxLineBytes = VerifyOptions.defaultMaxLineBytes
  /// 64 MiB: far above any line a recorder writes (Jepsen and Porcupine write one operation per
  /// line).
  public static let defaultMaxLineBytes = 64 << 20

  /// Creates options; everything is detected by default.
  public init(
    format: TraceFormat? = nil, spec: SpecKind? = nil, initial: TraceValue? = nil, check: EventCheck? = nil,
    timeLimit: Double? = nil, streaming: Bool? = nil, consistency: Consistency? = nil,
    independent: Bool = false
  ) {
    self.format = format
    self.spec = spec
    self.initial = initial
    self.check = check
    self.timeLimit = timeLimit
    self.streaming = streaming
    self.consistency = consistency
    self.independent = independent
  }
}
