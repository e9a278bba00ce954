import Faultline

/// An independent judge of snapshot isolation for tiny histories: tries every interleaving of
/// the transactions' starts and commits. A transaction reads the state committed before it
/// started, plus its own writes; it may not commit if a transaction that committed after it
/// started wrote a key it writes (first committer wins). `:info` transactions may be left out.
enum SnapshotIsolationOracle {
  private struct Store {
    var lists: [Int: [Int]] = [:]
    var registers: [Int: Int] = [:]
  }

  static func allows(_ history: TransactionHistory) -> Bool {
    let txns = history.transactions
    let candidates = txns.indices.filter { txns[$0].status != .fail }
    let required = Set(candidates.filter { txns[$0].status == .ok })
    var store = Store()
    // Per transaction: its snapshot and how many commits there were when it started.
    var started: [Int: (snapshot: Store, commits: Int)] = [:]
    var committed: [Int] = []

    func writes(_ t: Int) -> Set<Int> { Set(txns[t].operations.filter(\.writes).map(\.key)) }

    // Runs t on its snapshot: nil if a read disagrees, else the store with its writes applied.
    func commit(_ t: Int, onto base: Store, snapshot: Store) -> Store? {
      var view = snapshot
      var next = base
      for op in txns[t].operations {
        switch op {
        case .append(let key, let element):
          view.lists[key, default: []].append(element)
          next.lists[key, default: []].append(element)
        case .write(let key, let value):
          view.registers[key] = value
          next.registers[key] = value
        case .readList(let key, let elements):
          if let elements, elements != view.lists[key, default: []] { return nil }
        case .readRegister(let key, let value):
          if let value, value != view.registers[key, default: 0] { return nil }
        }
      }
      return next
    }

    func search() -> Bool {
      if required.isSubset(of: Set(committed)) { return true }
      for t in candidates where !committed.contains(t) {
        if let start = started[t] {
          // Commit t: first committer wins, and its reads must fit its snapshot.
          let since = committed[start.commits...]
          if since.contains(where: { !writes($0).isDisjoint(with: writes(t)) }) { continue }
          guard let next = commit(t, onto: store, snapshot: start.snapshot) else { continue }
          let saved = store
          store = next
          committed.append(t)
          started[t] = nil
          if search() { return true }
          started[t] = start
          committed.removeLast()
          store = saved
        } else {
          started[t] = (store, committed.count)
          if search() { return true }
          started[t] = nil
        }
      }
      return false
    }
    return search()
  }
}

extension MicroOperation {
  /// Whether the step writes its key (for the oracle's first-committer-wins rule).
  fileprivate var writes: Bool {
    switch self {
    case .append, .write: return true
    case .readList, .readRegister: return false
    }
  }
}
