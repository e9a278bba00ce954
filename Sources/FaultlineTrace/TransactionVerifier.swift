import Dispatch
import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Verifies traces of transactions (Elle's list-append and rw-register) for a transactional
/// consistency model, where `TraceVerifier` would check single objects for linearizability.
enum TransactionVerifier {
  /// Whether the options ask for a transactional check, so the trace must be read whole.
  static func isRequested(_ options: VerifyOptions) -> Bool {
    options.isolation != nil || options.spec?.isTransactional == true
  }

  /// Whether the trace is checked as transactions: asked for, declared, or every operation a `txn`.
  static func applies(to trace: Trace, options: VerifyOptions) -> Bool {
    if isRequested(options) || trace.declaredIsolation != nil { return true }
    if let spec = options.spec ?? trace.declaredSpec { return spec.isTransactional }
    let operations = trace.history.operations
    return !operations.isEmpty && operations.allSatisfy { $0.function == "txn" }
  }

  /// Checks the trace's transactions; `began` is when reading started, which the time limit counts from.
  static func verify(_ trace: Trace, file: String, options: VerifyOptions, began: UInt64) throws
    -> VerifyResult
  {
    let stop = StopCondition(timeLimit: options.timeLimit, from: began, isCancelled: options.isCancelled)
    if let single = options.consistency {
      throw FaultlineError.usage(
        "\(file): --consistency \(single.rawValue) checks single objects; transactions are checked for "
          + IsolationLevel.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let requested = options.spec ?? trace.declaredSpec
    if let requested, !requested.isTransactional {
      throw FaultlineError.usage(
        "\(file): --consistency \(options.isolation?.rawValue ?? "") checks transactions; "
          + "use --spec list-append or rw-register, not \(requested.rawValue)")
    }
    let history: TransactionHistory
    do {
      history = try TransactionHistory(trace.history, spec: requested, file: file)
    } catch FaultlineError.malformedInput {
      // Again, with the file searched for the micro-operation's column.
      let operations = trace.history.operations
      let locator = try? TraceSource(path: file, stop: StopCondition(), maxLineBytes: options.maxLineBytes)
        .readAll()
      let found = locator.map(MicroOperationLocator.init)
      history = try TransactionHistory(trace.history, spec: requested, file: file) { op, micro, completion in
        guard let found, op < operations.count else { return nil }
        let line =
          completion ? (operations[op].returnLine ?? operations[op].callLine) : operations[op].callLine
        return found.locate(line: line, micro: micro)
      }
    }
    let model = options.isolation ?? trace.declaredIsolation ?? .default
    let check = try TransactionChecker.check(history, model: model, file: file, stop: stop)
    var result = VerifyResult(
      file: file, format: trace.format, verdict: check.verdict, events: trace.events,
      operations: history.transactions.count, spec: history.spec, checks: [],
      seconds: Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
    result.transactions = check
    return result
  }
}
