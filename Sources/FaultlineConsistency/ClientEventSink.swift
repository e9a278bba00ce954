import FaultlineCore

/// Where a decoder sends client events as it reads them, in file order.
package protocol ClientEventSink {
  /// An invocation; a process may have one pending operation at a time.
  mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws
  /// A completion of the process's pending operation.
  mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int)
    throws
}
