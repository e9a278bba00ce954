import FaultlineCore

/// Reads a transaction's value, a list of `[f k v]` micro-operations, with errors that name the
/// micro-operation's place in the file.
struct MicroOperationReader {
  let file: String
  let locate: TransactionHistory.Locator?

  func error(op: Int, micro: Int, line: Int, completion: Bool, expected: String, found: String)
    -> FaultlineError
  {
    let place = locate?(op, micro, completion)
    return .malformedInput(
      file: file, line: place?.line ?? line, column: place?.column ?? 1,
      expected: expected + " (micro-operation \(micro + 1) of the transaction)", found: found)
  }

  func micros(_ value: TraceValue?, op: Int, line: Int, completion: Bool) throws -> [ParsedMicro] {
    guard case .list(let items)? = value else {
      let place = locate?(op, -1, completion)
      throw FaultlineError.malformedInput(
        file: file, line: place?.line ?? line, column: place?.column ?? 1,
        expected: "a transaction value: a list of micro-operations such as [[:append 5 1] [:r 5 nil]]",
        found: value?.description ?? "no value")
    }
    return try items.enumerated().map { index, item in
      guard case .list(let parts) = item, parts.count == 3 else {
        throw error(
          op: op, micro: index, line: line, completion: completion,
          expected: "a micro-operation [:append k v], [:r k v] or [:w k v]", found: item.description)
      }
      let function: String
      switch parts[0] {
      case .keyword(let name), .string(let name): function = name
      default: function = parts[0].description
      }
      guard ["append", "r", "w"].contains(function) else {
        throw error(
          op: op, micro: index, line: line, completion: completion,
          expected: "a micro-operation :append, :r or :w", found: parts[0].description)
      }
      return ParsedMicro(function: function, key: parts[1], value: parts[2], index: index)
    }
  }
}
