import FaultlineCore

/// Pairs invocations with completions per process while a decoder reads events in order.
package struct HistoryBuilder: ClientEventSink {
  private(set) var operations: [HistoryOperation] = []
  private var pending: [String: Int] = [:]
  private var position = 0
  let file: String

  package init(file: String) { self.file = file }

  /// Records an invocation; a process may have one pending operation at a time.
  package mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    if let open = pending[process] {
      throw Self.secondInvocation(process, invokedOn: operations[open].callLine, file, line, column)
    }
    pending[process] = operations.count
    operations.append(
      HistoryOperation(
        process: process, function: function, key: key, arguments: arguments, status: .info,
        call: position, return: nil, callLine: line))
    position += 1
  }

  /// Records a completion of the process's pending operation.
  package mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  ) throws {
    guard let open = pending.removeValue(forKey: process) else {
      throw Self.unpairedCompletion(process, file, line, column)
    }
    operations[open].status = status
    operations[open].returnLine = line
    switch status {
    case .ok:
      operations[open].result = result
      operations[open].return = position
    case .fail:
      operations[open].return = position
    case .info:
      // An info completion says nothing about when, or whether, it took effect: the
      // interval stays open until the end of the history.
      break
    }
    position += 1
  }

  /// The error for an invocation while the process's previous operation is still pending.
  static func secondInvocation(_ process: String, invokedOn: Int, _ file: String, _ line: Int, _ column: Int)
    -> FaultlineError
  {
    .malformedInput(
      file: file, line: line, column: column,
      expected: "a completion of process \(process)'s operation invoked on line \(invokedOn)",
      found: "another invocation")
  }

  /// The error for a completion with no pending invocation.
  static func unpairedCompletion(_ process: String, _ file: String, _ line: Int, _ column: Int)
    -> FaultlineError
  {
    .malformedInput(
      file: file, line: line, column: column,
      expected: "an invocation by process \(process) before its completion", found: "a completion")
  }

  /// The history; operations still pending at the end never returned.
  package func finish() -> History { History(operations) }
}
