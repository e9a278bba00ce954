import FaultlineCore

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
