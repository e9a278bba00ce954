import FaultlineCore

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
  /// Whether this looks like a history of Jepsen's independent keys (`jepsen.independent`), to
  /// be checked key by key without `--independent`: no operation names a key; every invocation's
  /// value is a `[key value]` tuple (a read's `[key nil]`); some operation is not a CAS (whose
  /// own `[old new]` is a pair too); and every completed operation's value, when it has one, is a
  /// tuple with its invocation's key.
  public var looksIndependent: Bool {
    func pair(_ value: TraceValue?) -> [TraceValue]? {
      guard case .list(let items)? = value, items.count == 2 else { return nil }
      return items
    }
    guard operations.contains(where: { $0.function != "cas" }) else { return false }
    return operations.allSatisfy { op in
      guard op.key == nil, op.arguments.count == 1, let invoked = pair(op.arguments[0]) else { return false }
      guard op.status == .ok, let result = op.result else { return true }
      return pair(result)?.first == invoked.first
    }
  }

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
