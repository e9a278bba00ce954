import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Verifies recorded traces: linearizability of client operations and protocol event-log checks.
public enum TraceVerifier {
  /// Reads, decodes and checks the file at `path`. The time limit and cancellation cover the
  /// reading too: stopped while reading, the verdict is incomplete.
  public static func verify(path: String, options: VerifyOptions = VerifyOptions()) throws -> VerifyResult {
    try read(path: path, options: options, keepingTrace: false).result
  }

  /// Reads, decodes and checks the file at `path` whole, never streamed, and returns its trace
  /// too; the trace is nil when the time limit or cancellation stopped the reading.
  public static func decodeAndVerify(path: String, options: VerifyOptions = VerifyOptions()) throws -> (
    trace: Trace?, result: VerifyResult
  ) {
    try read(path: path, options: options, keepingTrace: true)
  }

  private static func read(path: String, options: VerifyOptions, keepingTrace: Bool) throws -> (
    trace: Trace?, result: VerifyResult
  ) {
    let start = DispatchTime.now().uptimeNanoseconds
    let stop = StopCondition(timeLimit: options.timeLimit, from: start, isCancelled: options.isCancelled)
    do {
      let source = try TraceSource(path: path, stop: stop, maxLineBytes: options.maxLineBytes)
      if !keepingTrace && options.streaming != false && !TransactionVerifier.isRequested(options),
        let result = try verifyStreaming(source, options: options, start: start)
      {
        return (nil, result)
      }
      let trace = try TraceDecoder.decode(
        bytes: source.readAll(), file: path, format: options.format, stop: stop)
      return (trace, try verify(trace, file: path, options: options, start: start))
    } catch let stopped as ReadingStopped {
      // What was read is not a history: nothing is judged on it.
      let format = options.format ?? (try? TraceDecoder.detect(bytes: stopped.start, file: path)) ?? .jsonl
      let result = VerifyResult(
        file: path, format: format, verdict: .incomplete(reason: stopped.reason), events: 0, operations: 0,
        checks: [], seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      return (nil, result)
    }
  }

  /// Checks an already decoded trace.
  public static func verify(
    _ trace: Trace, file: String, options: VerifyOptions = VerifyOptions(), start: UInt64? = nil
  ) throws -> VerifyResult {
    let began = start ?? DispatchTime.now().uptimeNanoseconds
    // The time limit counts from when the file began to be read.
    let stop = StopCondition(timeLimit: options.timeLimit, from: began, isCancelled: options.isCancelled)
    if TransactionVerifier.applies(to: trace, options: options) {
      return try TransactionVerifier.verify(trace, file: file, options: options, began: began)
    }
    var verdicts: [Verdict] = []
    var spec: SpecKind?
    let consistency = options.consistency ?? trace.declaredConsistency ?? .linearizable
    // Jepsen's independent tuples are taken apart when asked, or when every value is one.
    let independent = options.independent || trace.history.looksIndependent
    let history = independent ? try trace.history.splittingIndependentKeys(file: file) : trace.history
    let operations = history.operations
    if !operations.isEmpty || options.spec != nil {
      let chosen = try options.spec ?? trace.declaredSpec ?? defaultSpec(trace, file: file)
      spec = chosen
      verdicts.append(
        try LinearizabilityChecker.check(
          history, spec: chosen, initial: options.initial ?? trace.declaredInitial, file: file,
          consistency: consistency, stop: stop))
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
