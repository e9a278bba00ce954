/// How a client operation ended.
public enum OperationStatus: String, Sendable, Equatable {
  /// It completed and took effect.
  case ok
  /// It failed and did not take effect.
  case fail
  /// Its outcome is unknown (timed out, crashed, never returned): it may or may not have taken effect.
  case info
}

/// One client operation of a recorded run: an invocation and, usually, its completion.
public struct HistoryOperation: Sendable, Equatable {
  /// The client process that issued it.
  public var process: String
  /// The operation's name, for example `read`, `write`, `cas`, `get`, `enqueue`.
  public var function: String
  /// The key of a key-value operation.
  public var key: TraceValue?
  /// The arguments given at invocation (`[old, new]` for a CAS).
  public var arguments: [TraceValue]
  /// The value returned at completion; nil when the completion is unknown.
  public var result: TraceValue?
  /// How it ended.
  public var status: OperationStatus
  /// The position of the invocation among the trace's events (real-time order).
  public var call: Int
  /// The position of the completion; nil when the operation never returned (`info`).
  public var `return`: Int?
  /// The 1-based line of the invocation.
  public var callLine: Int
  /// The 1-based line of the completion, when there is one.
  public var returnLine: Int?

  /// Creates an operation.
  public init(
    process: String, function: String, key: TraceValue? = nil, arguments: [TraceValue] = [],
    result: TraceValue? = nil, status: OperationStatus = .ok, call: Int, return: Int?,
    callLine: Int = 0, returnLine: Int? = nil
  ) {
    self.process = process
    self.function = function
    self.key = key
    self.arguments = arguments
    self.result = result
    self.status = status
    self.call = call
    self.return = `return`
    self.callLine = callLine
    self.returnLine = returnLine
  }

  /// The operation for people: `p3 cas(1, 2) -> ok`, `p1 read() -> 3`.
  public var summary: String {
    var text = process + " " + function
    if let key { text += "[\(key.text)]" }
    text += "(" + arguments.map(\.description).joined(separator: ", ") + ")"
    switch status {
    case .ok: text += result.map { " -> \($0)" } ?? " -> ok"
    case .fail: text += " -> fail"
    case .info: text += " -> unknown"
    }
    return text
  }

  /// The interval in file lines: `lines 4-9`, or `line 4-` when it never returned.
  public var interval: String {
    if let returnLine { return "lines \(callLine)-\(returnLine)" }
    return "line \(callLine)-never returned"
  }
}

/// The client operations of a recorded run, in invocation order.
public struct History: Sendable, Equatable {
  /// The operations, ordered by invocation.
  public var operations: [HistoryOperation]

  /// Creates a history.
  public init(_ operations: [HistoryOperation]) {
    self.operations = operations
  }
}

extension History {
  /// The history with Jepsen's independent keys taken apart: every operation's value is a
  /// `[key value]` tuple (`jepsen.independent`), which becomes the operation's key and value, so
  /// that each key's object is checked on its own.
  public func splittingIndependentKeys(file: String) throws -> History {
    func tuple(_ value: TraceValue?, _ op: HistoryOperation, _ line: Int) throws -> (TraceValue, TraceValue) {
      guard case .list(let items)? = value, items.count == 2 else {
        throw FaultlineError.malformedInput(
          file: file, line: line, column: 1, expected: "a [key value] tuple as the value (--independent)",
          found: value?.description ?? "no value")
      }
      return (items[0], items[1])
    }
    return History(
      try operations.map { op in
        var split = op
        let (key, argument) = try tuple(op.arguments.count == 1 ? op.arguments[0] : nil, op, op.callLine)
        split.key = key
        split.arguments = argument == .null ? [] : [argument]
        if op.status == .ok, let result = op.result {
          let (resultKey, value) = try tuple(result, op, op.returnLine ?? op.callLine)
          guard resultKey == key else {
            throw FaultlineError.malformedInput(
              file: file, line: op.returnLine ?? op.callLine, column: 1,
              expected: "the key \(key) of the invocation on line \(op.callLine)",
              found: resultKey.description)
          }
          split.result = value
        } else if op.status != .ok {
          split.result = nil
        }
        return split
      })
  }
}

/// Where a decoder sends client events as it reads them, in file order.
protocol ClientEventSink {
  /// An invocation; a process may have one pending operation at a time.
  mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws
  /// A completion of the process's pending operation.
  mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int)
    throws
}

/// Pairs invocations with completions per process while a decoder reads events in order.
struct HistoryBuilder: ClientEventSink {
  private(set) var operations: [HistoryOperation] = []
  private var pending: [String: Int] = [:]
  private var position = 0
  let file: String

  init(file: String) { self.file = file }

  /// Records an invocation; a process may have one pending operation at a time.
  mutating func invoke(
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
  mutating func complete(
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
  func finish() -> History { History(operations) }
}
