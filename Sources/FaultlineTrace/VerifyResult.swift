import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// The outcome of verifying one trace file.
public struct VerifyResult: Sendable, Equatable {
  /// The file verified.
  public var file: String
  /// The format it was read as.
  public var format: TraceFormat
  /// Holds, violated (with witnesses) or incomplete.
  public var verdict: Verdict
  /// The events read.
  public var events: Int
  /// The client operations read.
  public var operations: Int
  /// The spec client operations were checked against, if any.
  public var spec: SpecKind?
  /// The condition they were checked for.
  public var consistency: Consistency = .linearizable
  /// The protocol checks run.
  public var checks: [EventCheck]
  /// Wall-clock seconds, reading included.
  public var seconds: Double
  /// For a transactional history: the model checked and every anomaly found.
  public var transactions: TransactionCheck? = nil

  package init(
    file: String, format: TraceFormat, verdict: Verdict, events: Int, operations: Int, spec: SpecKind? = nil,
    consistency: Consistency = .linearizable, checks: [EventCheck], seconds: Double
  ) {
    self.file = file
    self.format = format
    self.verdict = verdict
    self.events = events
    self.operations = operations
    self.spec = spec
    self.consistency = consistency
    self.checks = checks
    self.seconds = seconds
  }
}
