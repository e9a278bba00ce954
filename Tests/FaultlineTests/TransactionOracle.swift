import Faultline

/// An independent judge of small transactional histories: tries every serial order of the
/// committed transactions, with every subset of the `:info` ones, and says whether one of them
/// explains every read. Shares nothing with the checker but the history's types.
enum TransactionOracle {
  /// Whether some serial order explains the history; with `realTime`, only orders in which a
  /// transaction that completed before another was invoked comes first.
  static func serializable(_ history: TransactionHistory, realTime: Bool = false) -> Bool {
    let txns = history.transactions
    let candidates = txns.indices.filter { txns[$0].status != .fail }
    let required = Set(candidates.filter { txns[$0].status == .ok })
    var placed: [Int] = []
    var used = Set<Int>()
    var lists: [Int: [Int]] = [:]
    var registers: [Int: Int] = [:]

    func mustPrecede(_ a: Int, _ b: Int) -> Bool {
      guard realTime, let end = txns[a].return else { return false }
      return end < txns[b].call
    }

    // Applies a transaction to the state if its reads agree; returns false (state unchanged) if not.
    func apply(_ t: Int) -> Bool {
      var newLists = lists
      var newRegisters = registers
      for op in txns[t].operations {
        switch op {
        case .append(let key, let element): newLists[key, default: []].append(element)
        case .write(let key, let value): newRegisters[key] = value
        case .readList(let key, let elements):
          if let elements, elements != newLists[key, default: []] { return false }
        case .readRegister(let key, let value):
          if let value, value != newRegisters[key, default: 0] { return false }
        }
      }
      lists = newLists
      registers = newRegisters
      return true
    }

    func search() -> Bool {
      if required.isSubset(of: used) { return true }
      for t in candidates where !used.contains(t) {
        // Everything that must come before t and is not placed yet must be optional and left
        // out for good; keep it simple: it must be placed already, or be an :info left out.
        let blocked = candidates.contains { other in
          other != t && !used.contains(other) && mustPrecede(other, t)
        }
        if blocked { continue }
        let savedLists = lists
        let savedRegisters = registers
        guard apply(t) else { continue }
        used.insert(t)
        placed.append(t)
        if search() { return true }
        placed.removeLast()
        used.remove(t)
        lists = savedLists
        registers = savedRegisters
      }
      return false
    }
    return search()
  }
}
