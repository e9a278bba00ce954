import Dispatch

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
  /// Every operation's value is a Jepsen independent `[key value]` tuple: check each key's
  /// object on its own.
  public var independent = false
  /// Give up, incomplete, after this many seconds.
  public var timeLimit: Double?
  /// Check a JSON Lines key-value trace as it is read, in memory that does not grow with its
  /// length; nil streams files of at least `TraceVerifier.streamingThreshold` bytes. Other traces
  /// are read whole either way.
  public var streaming: Bool?

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
}

/// Verifies recorded traces: linearizability of client operations and protocol event-log checks.
public enum TraceVerifier {
  /// Reads, decodes and checks the file at `path`.
  public static func verify(path: String, options: VerifyOptions = VerifyOptions()) throws -> VerifyResult {
    let start = DispatchTime.now().uptimeNanoseconds
    if options.streaming != false,
      let result = try verifyStreaming(path: path, options: options, start: start)
    {
      return result
    }
    let trace = try TraceDecoder.decode(path: path, format: options.format)
    return try verify(trace, file: path, options: options, start: start)
  }

  /// Checks an already decoded trace.
  public static func verify(
    _ trace: Trace, file: String, options: VerifyOptions = VerifyOptions(), start: UInt64? = nil
  ) throws -> VerifyResult {
    let began = start ?? DispatchTime.now().uptimeNanoseconds
    let remaining = { () -> Double? in
      options.timeLimit.map { $0 - Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 }
    }
    var verdicts: [Verdict] = []
    var spec: SpecKind?
    let consistency = options.consistency ?? trace.declaredConsistency ?? .linearizable
    let history = options.independent ? try trace.history.splittingIndependentKeys(file: file) : trace.history
    let operations = history.operations
    if !operations.isEmpty || options.spec != nil {
      let chosen = try options.spec ?? trace.declaredSpec ?? defaultSpec(trace, file: file)
      spec = chosen
      verdicts.append(
        try LinearizabilityChecker.check(
          history, spec: chosen, initial: options.initial ?? trace.declaredInitial, file: file,
          timeLimit: remaining(), consistency: consistency))
    }
    let checks = options.check.map { [$0] } ?? EventCheck.implied(by: trace.protocolEvents)
    for check in checks { verdicts.append(check.run(trace.protocolEvents)) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    return VerifyResult(
      file: file, format: trace.format, verdict: combine(verdicts), events: trace.events,
      operations: operations.count, spec: spec, consistency: consistency, checks: checks,
      seconds: seconds)
  }

  private static func defaultSpec(_ trace: Trace, file: String) throws -> SpecKind {
    switch trace.format {
    case .porcupineKV: return .kv
    case .jepsenLog: return .casRegister
    case .jsonl, .jepsenEDN:
      if let guess = SpecKind.guess(for: trace.history) { return guess }
      let names = Set(trace.history.operations.map(\.function)).sorted().joined(separator: ", ")
      throw FaultlineError.usage(
        "\(file): no spec has all of the operations \(names); choose one with --spec "
          + SpecKind.allCases.map(\.rawValue).joined(separator: "|"))
    }
  }

  /// Violations from every check; otherwise incomplete if any check was; otherwise holds.
  static func combine(_ verdicts: [Verdict]) -> Verdict {
    let violations = verdicts.flatMap(\.violations)
    if !violations.isEmpty { return .violated(violations) }
    for case .incomplete(let reason) in verdicts { return .incomplete(reason: reason) }
    return .holds
  }
}
