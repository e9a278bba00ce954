import FaultlineCore

extension TransactionHistory {
  /// Where a malformed micro-operation is in the file: the line and column of micro-operation
  /// `micro` of history operation `operation`, from its completion (`completion` true) or its
  /// invocation. Decoders that know positions pass one; otherwise the operation's line is named.
  public typealias Locator =
    @Sendable (_ operation: Int, _ micro: Int, _ completion: Bool) -> (
      line: Int, column: Int
    )?

  /// The transactions of `history`, whose operations must all be `txn`s: each value is a list of
  /// micro-operations `[:append k v]`, `[:r k v]` or `[:w k v]`. With `spec` nil the spec is
  /// taken from the micro-operations (appends: list-append; writes: rw-register) and an error
  /// asks for `--spec` when they do not say.
  public init(
    _ history: History, spec: SpecKind?, file: String, locate: Locator? = nil
  ) throws {
    let reader = MicroOperationReader(file: file, locate: locate)
    var parsed: [(invoked: [ParsedMicro], completed: [ParsedMicro]?)] = []
    for (index, op) in history.operations.enumerated() {
      guard op.function == "txn" else {
        throw FaultlineError.malformedInput(
          file: file, line: op.callLine, column: 1,
          expected:
            ":f :txn (list-append, rw-register and the transactional --consistency models check transactions)",
          found: ":" + op.function)
      }
      let invoked = try reader.micros(op.arguments.first, op: index, line: op.callLine, completion: false)
      var completed: [ParsedMicro]? = nil
      if op.status == .ok, let result = op.result, result != .null {
        completed = try reader.micros(result, op: index, line: op.returnLine ?? op.callLine, completion: true)
      }
      parsed.append((invoked, completed))
    }
    let chosen = try spec ?? Self.guessSpec(parsed.flatMap { $0.completed ?? $0.invoked }, file: file)
    guard chosen == .listAppend || chosen == .rwRegister else {
      throw FaultlineError.usage(
        "\(file): transactions are checked against list-append or rw-register, not \(chosen.rawValue)")
    }
    var keyIDs: [TraceValue: Int] = [:]
    var keys: [TraceValue] = []
    var valueIDs: [TraceValue: Int] = [.null: 0]
    var values: [TraceValue] = [.null]
    func key(_ value: TraceValue) -> Int {
      if let id = keyIDs[value] { return id }
      keyIDs[value] = keys.count
      keys.append(value)
      return keys.count - 1
    }
    func value(_ value: TraceValue) -> Int {
      if let id = valueIDs[value] { return id }
      valueIDs[value] = values.count
      values.append(value)
      return values.count - 1
    }
    var transactions: [Transaction] = []
    for (index, op) in history.operations.enumerated() {
      let micros = parsed[index].completed ?? parsed[index].invoked
      let known = parsed[index].completed != nil
      var operations: [MicroOperation] = []
      for micro in micros {
        let k = key(micro.key)
        switch (micro.function, chosen) {
        case ("append", .listAppend): operations.append(.append(key: k, element: value(micro.value)))
        case ("w", .rwRegister): operations.append(.write(key: k, value: value(micro.value)))
        case ("r", .listAppend):
          guard known else {
            operations.append(.readList(key: k, elements: nil))
            continue
          }
          // Jepsen writes a key that was never appended to as nil.
          let elements: [Int]
          switch micro.value {
          case .null: elements = []
          case .list(let items): elements = items.map(value)
          default:
            throw reader.error(
              op: index, micro: micro.index, line: op.returnLine ?? op.callLine, completion: true,
              expected: "a list (or nil) as the value of a list-append read", found: micro.value.description)
          }
          operations.append(.readList(key: k, elements: elements))
        case ("r", .rwRegister):
          operations.append(.readRegister(key: k, value: known ? value(micro.value) : nil))
        default:
          let line = known ? (op.returnLine ?? op.callLine) : op.callLine
          let allowed = chosen == .listAppend ? "[:append k v] or [:r k v]" : "[:w k v] or [:r k v]"
          throw reader.error(
            op: index, micro: micro.index, line: line, completion: known,
            expected: "\(allowed) in a \(chosen.rawValue) transaction", found: ":" + micro.function)
        }
      }
      transactions.append(
        Transaction(
          process: op.process, operations: operations, status: op.status, call: op.call, return: op.return,
          callLine: op.callLine, returnLine: op.returnLine))
    }
    self.init(spec: chosen, transactions: transactions, keys: keys, values: values)
  }

  /// List-append when there are appends or list reads, rw-register when there are writes or
  /// scalar reads; an error when both or neither.
  static func guessSpec(_ micros: [ParsedMicro], file: String) throws -> SpecKind {
    var appends = false
    var writes = false
    for micro in micros {
      switch micro.function {
      case "append": appends = true
      case "w": writes = true
      default:
        if case .list = micro.value { appends = true } else if micro.value != .null { writes = true }
      }
    }
    if appends != writes { return appends ? .listAppend : .rwRegister }
    let why = appends ? "both appends and writes" : "neither appends nor writes"
    throw FaultlineError.usage(
      "\(file): the transactions have \(why); choose the object with --spec list-append|rw-register")
  }
}
