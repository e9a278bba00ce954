import Faultline

/// Random small transactional histories: a true serial execution with intervals around each
/// transaction's point in it, then some reads replaced by stale or wrong ones.
enum RandomTransactions {
  static func history(_ rng: inout SplitMix64, spec: SpecKind, count: Int) -> TransactionHistory {
    let keys = 2
    var next = 1
    var lists: [[Int]] = Array(repeating: [], count: keys)
    var registers: [Int] = Array(repeating: 0, count: keys)
    var written: [[Int]] = Array(repeating: [], count: keys)
    var txns: [Transaction] = []
    for i in 0..<count {
      let roll = Int.random(in: 0..<10, using: &rng)
      let status: OperationStatus = roll == 0 ? .fail : roll == 1 ? .info : .ok
      let applied = status == .ok || (status == .info && Bool.random(using: &rng))
      var ops: [MicroOperation] = []
      var localLists = lists
      var localRegisters = registers
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        let key = Int.random(in: 0..<keys, using: &rng)
        if Bool.random(using: &rng) {
          let value = next
          next += 1
          written[key].append(value)
          if spec == .listAppend {
            ops.append(.append(key: key, element: value))
            localLists[key].append(value)
          } else {
            ops.append(.write(key: key, value: value))
            localRegisters[key] = value
          }
        } else if spec == .listAppend {
          ops.append(.readList(key: key, elements: status == .ok ? localLists[key] : nil))
        } else {
          ops.append(.readRegister(key: key, value: status == .ok ? localRegisters[key] : nil))
        }
      }
      if applied {
        lists = localLists
        registers = localRegisters
      }
      // Its point in the execution is 40 i; it was invoked before and completed after. Calls are
      // even and completions odd, so no completion shares a position with an invocation.
      let call = 40 * i - 2 * Int.random(in: 0..<15, using: &rng)
      let end = status == .info ? nil : 40 * i + 2 * Int.random(in: 0..<15, using: &rng) + 1
      txns.append(Transaction(process: "p\(i)", operations: ops, status: status, call: call, return: end))
    }
    // Now lie in some reads: a stale prefix of what was finally there, or another value written.
    for t in txns.indices where txns[t].status == .ok {
      for o in txns[t].operations.indices where Int.random(in: 0..<4, using: &rng) == 0 {
        switch txns[t].operations[o] {
        case .readList(let key, _?):
          let final = lists[key] + written[key].filter { !lists[key].contains($0) }.prefix(1)
          let length = Int.random(in: 0...final.count, using: &rng)
          txns[t].operations[o] = .readList(key: key, elements: Array(final.prefix(length)))
        case .readRegister(let key, _?):
          let choices = [0] + written[key]
          txns[t].operations[o] = .readRegister(key: key, value: choices.randomElement(using: &rng) ?? 0)
        default: break
        }
      }
    }
    txns.sort { $0.call < $1.call }
    return TransactionHistory(
      spec: spec, transactions: txns, keys: (0..<keys).map { .int($0) }, values: (0..<next).map { .int($0) })
  }
}

extension RandomTransactions {
  /// A longer history that is strictly serializable by construction: up to `concurrency`
  /// transactions in flight, each taking effect at its completion, completions in random order.
  static func concurrent(_ rng: inout SplitMix64, spec: SpecKind, count: Int, concurrency: Int)
    -> TransactionHistory
  {
    let keys = 8
    var lists: [[Int]] = Array(repeating: [], count: keys)
    var registers: [Int] = Array(repeating: 0, count: keys)
    var next = 1
    var position = 0
    var txns: [Transaction] = []
    var inFlight: [Int] = []
    while txns.count < count || !inFlight.isEmpty {
      if txns.count < count && inFlight.count < concurrency && (inFlight.isEmpty || Bool.random(using: &rng))
      {
        var ops: [MicroOperation] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          let key = Int.random(in: 0..<keys, using: &rng)
          if Bool.random(using: &rng) {
            ops.append(spec == .listAppend ? .append(key: key, element: next) : .write(key: key, value: next))
            next += 1
          } else {
            ops.append(
              spec == .listAppend ? .readList(key: key, elements: nil) : .readRegister(key: key, value: nil))
          }
        }
        inFlight.append(txns.count)
        txns.append(Transaction(process: "p\(txns.count)", operations: ops, call: position, return: nil))
      } else {
        let t = inFlight.remove(at: Int.random(in: 0..<inFlight.count, using: &rng))
        txns[t].operations = txns[t].operations.map { op in
          switch op {
          case .append(let key, let element):
            lists[key].append(element)
            return op
          case .write(let key, let value):
            registers[key] = value
            return op
          case .readList(let key, _): return .readList(key: key, elements: lists[key])
          case .readRegister(let key, _): return .readRegister(key: key, value: registers[key])
          }
        }
        txns[t].return = position
      }
      position += 1
    }
    return TransactionHistory(
      spec: spec, transactions: txns, keys: (0..<keys).map { .int($0) }, values: (0..<next).map { .int($0) })
  }
}
