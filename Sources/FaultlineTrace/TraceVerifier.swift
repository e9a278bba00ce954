import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

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
