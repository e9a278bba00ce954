import FaultlineCore

/// One transaction of a recorded run: its micro-operations, who ran it, and how it ended.
public struct Transaction: Sendable, Equatable {
  /// The process that ran it.
  public var process: String
  /// Its steps, in the order the transaction ran them; reads carry what they returned when the
  /// transaction completed `ok`.
  public var operations: [MicroOperation]
  /// `ok` committed, `fail` did not happen, `info` may or may not have happened.
  public var status: OperationStatus
  /// The position of the invocation among the trace's events (real-time order).
  public var call: Int
  /// The position of the completion; nil when it never returned.
  public var `return`: Int?
  /// The 1-based line of the invocation.
  public var callLine: Int
  /// The 1-based line of the completion, when there is one.
  public var returnLine: Int?

  /// Creates a transaction.
  public init(
    process: String, operations: [MicroOperation], status: OperationStatus = .ok, call: Int, return: Int?,
    callLine: Int = 0, returnLine: Int? = nil
  ) {
    self.process = process
    self.operations = operations
    self.status = status
    self.call = call
    self.return = `return`
    self.callLine = callLine
    self.returnLine = returnLine
  }

  /// The line people look at: the completion's, where the reads' results are.
  public var line: Int { returnLine ?? callLine }
}
