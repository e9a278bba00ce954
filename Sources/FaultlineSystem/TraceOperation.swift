import FaultlineConsistency
import FaultlineCore

/// A client operation or result that knows its shape in Faultline's trace format, so that a
/// System model's counterexample can be written as a trace `faultline verify` checks for
/// linearizability (docs/trace-format.md).
public protocol TraceOperationConvertible {
  /// The object the operations act on: a `verify --spec` name and the initial value.
  static var traceObject: (spec: String, initial: TraceValue) { get }
  /// For an operation: its name and arguments (`write`, `[1]`); nil for a result.
  var traceOperation: (name: String, arguments: [TraceValue])? { get }
  /// For a result: the value returned, or nil when there is none to record (a write's `ok`).
  var traceResult: TraceValue? { get }
}
