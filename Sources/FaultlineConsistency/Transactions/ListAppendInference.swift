import FaultlineCore

/// Elle's inference for list-append: each key's version order is its longest read, every other
/// read must be a prefix of it, and each read sits at a known place in that order, which gives
/// write-write, write-read and read-write edges.
struct ListAppendInference {
  let history: TransactionHistory
  let file: String
  var graph: DependencyGraph
  var anomalies = AnomalyCollector()

  /// Who appended each element of each key, and whether it was that transaction's last append
  /// to the key.
  private var writer: [Pair: (txn: Int, final: Bool)] = [:]
  /// The transactions known to have happened.
  private var happened = Set<Int>()
  /// Each key's appends, in history order.
  private var appends: [Int: [(txn: Int, element: Int)]] = [:]

  struct Pair: Hashable {
    var key: Int
    var element: Int
  }

  init(_ history: TransactionHistory, file: String) throws {
    self.history = history
    self.file = file
    graph = DependencyGraph(count: history.transactions.count)
    try indexWriters()
  }

  private func name(_ txn: Int) -> String { "T\(txn + 1)" }

  /// Elle needs every appended element to be unique per key, or a read cannot say whose append
  /// it saw.
  private mutating func indexWriters() throws {
    for (t, txn) in history.transactions.enumerated() {
      var last: [Int: Int] = [:]
      for case .append(let key, let element) in txn.operations {
        let pair = Pair(key: key, element: element)
        if let other = writer[pair] {
          let first = history.transactions[other.txn]
          throw FaultlineError.malformedInput(
            file: file, line: txn.callLine, column: 1,
            expected:
              "list-append elements unique per key (\(history.valueText(element)) was appended to key "
              + "\(history.keyText(key)) on line \(first.callLine) too)",
            found: "a second [:append \(history.keyText(key)) \(history.valueText(element))]")
        }
        writer[pair] = (t, false)
        appends[key, default: []].append((t, element))
        last[key] = element
      }
      for (key, element) in last { writer[Pair(key: key, element: element)]?.final = true }
    }
  }

  /// The reads of a transaction that completed, with whether each came before any of its own
  /// appends to the key (an external read, which says what other transactions did).
  /// One read: whose, what it returned, whether it shows the state other transactions left
  /// (external), and whether it was derived from a later read rather than made.
  struct Read {
    var txn: Int
    var elements: [Int]
    var external: Bool
    var derived = false
  }

  /// A transaction's reads. Its first read of a key after its own appends to it, ending with
  /// those appends, also shows what the key held before them: an external read, derived.
  private func reads(_ t: Int) -> [(key: Int, read: Read)] {
    let txn = history.transactions[t]
    guard txn.status == .ok else { return [] }
    var own: [Int: [Int]] = [:]
    var out: [(Int, Read)] = []
    var readBefore = Set<Int>()
    for op in txn.operations {
      switch op {
      case .append(let key, let element): own[key, default: []].append(element)
      case .readList(let key, let elements?):
        let first = readBefore.insert(key).inserted
        let appended = own[key] ?? []
        out.append((key, Read(txn: t, elements: elements, external: first && appended.isEmpty)))
        if first && !appended.isEmpty && elements.count >= appended.count
          && elements.suffix(appended.count).elementsEqual(appended)
        {
          let before = Array(elements.dropLast(appended.count))
          out.append((key, Read(txn: t, elements: before, external: true, derived: true)))
        }
      default: break
      }
    }
    return out
  }

  mutating func run() {
    var readsByKey: [Int: [Read]] = [:]
    for t in history.transactions.indices {
      for (key, read) in reads(t) { readsByKey[key, default: []].append(read) }
    }
    // Committed transactions happened, and so did any whose append some read shows.
    happened = Set(history.transactions.indices.filter { history.transactions[$0].status == .ok })
    for (key, reads) in readsByKey {
      for read in reads {
        for element in read.elements {
          if let w = writer[Pair(key: key, element: element)] { happened.insert(w.txn) }
        }
      }
    }
    for key in readsByKey.keys.sorted() {
      infer(key: key, reads: readsByKey[key] ?? [])
    }
  }

  private mutating func infer(key: Int, reads: [Read]) {
    let k = history.keyText(key)
    var longest: [Int] = []
    var longestReader = -1
    for read in reads where read.elements.count > longest.count {
      longest = read.elements
      longestReader = read.txn
    }
    for read in reads where !read.derived {
      checkElements(key: key, read.txn, read.elements)
      if !read.elements.elementsEqual(longest.prefix(read.elements.count)) {
        anomalies.add(
          .incompatibleOrder, [read.txn, longestReader],
          "\(name(read.txn)) read key \(k) = \(history.listText(read.elements)) and \(name(longestReader)) "
            + "read \(history.listText(longest)): neither is a prefix of the other")
      }
    }
    var position: [Int: Int] = [:]
    for (i, element) in longest.enumerated() where position[element] == nil { position[element] = i }
    // The version order: consecutive elements by different transactions are write-write edges.
    var abortedBefore: Int? = nil
    for (i, element) in longest.enumerated() {
      guard let w = writer[Pair(key: key, element: element)] else { continue }
      let failed = history.transactions[w.txn].status == .fail
      if failed {
        abortedBefore = abortedBefore ?? element
      } else if let aborted = abortedBefore {
        anomalies.add(
          .dirtyUpdate, [w.txn],
          "key \(k) = \(history.listText(longest)): \(name(w.txn)) appended \(history.valueText(element)) after "
            + "\(history.valueText(aborted)), which a failed transaction appended")
        abortedBefore = nil
      }
      guard i > 0, let previous = writer[Pair(key: key, element: longest[i - 1])], !failed,
        history.transactions[previous.txn].status != .fail
      else { continue }
      graph.add(previous.txn, w.txn, .ww, key: key)
    }
    // An append no read shows has no place in the order, but it comes after every
    // read of the key: had it come before one, that read would show it.
    var unseen: [Int] = []
    for append in appends[key] ?? [] where position[append.element] == nil {
      // An :info one counts only if it happened: some read shows another of its appends.
      let txn = append.txn
      if happened.contains(txn) && history.transactions[txn].status != .fail && unseen.last != txn {
        unseen.append(txn)
      }
    }
    var lostUpdate: [[Int]: [Int]] = [:]
    for read in reads where read.external && read.elements.elementsEqual(longest.prefix(read.elements.count))
    {
      let reader = read.txn
      if let last = read.elements.last, let w = writer[Pair(key: key, element: last)], w.txn != reader,
        history.transactions[w.txn].status != .fail
      {
        if !w.final {
          anomalies.add(
            .g1b, [reader, w.txn],
            "\(name(reader)) read key \(k) = \(history.listText(read.elements)), ending in "
              + "\(history.valueText(last)), which \(name(w.txn)) appended before appending to key \(k) again"
          )
        }
        graph.add(w.txn, reader, .wr, key: key)
      }
      if read.elements.count < longest.count,
        let w = writer[Pair(key: key, element: longest[read.elements.count])],
        history.transactions[w.txn].status != .fail
      {
        graph.add(reader, w.txn, .rw, key: key)
      }
      for w in unseen { graph.add(reader, w, .rw, key: key) }
      let txn = history.transactions[reader]
      if txn.operations.contains(where: { if case .append(key, _) = $0 { return true } else { return false } }
      ) {
        lostUpdate[read.elements, default: []].append(reader)
      }
    }
    for (prefix, txns) in lostUpdate.sorted(by: { $0.key.count < $1.key.count }) where txns.count > 1 {
      anomalies.add(
        .lostUpdate, txns,
        txns.map(name).joined(separator: " and ") + " all read key \(k) = \(history.listText(prefix)) "
          + "and appended to it: each overwrote a state the others read")
    }
  }

  /// G1a, garbage reads and duplicates: what a single read shows by itself.
  private mutating func checkElements(key: Int, _ reader: Int, _ elements: [Int]) {
    let k = history.keyText(key)
    var seen = Set<Int>()
    var reported = Set<Int>()
    for element in elements {
      if !seen.insert(element).inserted {
        anomalies.add(
          .duplicateElements, [reader],
          "\(name(reader)) read key \(k) = \(history.listText(elements)), which holds "
            + "\(history.valueText(element)) twice")
      }
      guard let w = writer[Pair(key: key, element: element)] else {
        anomalies.add(
          .garbageRead, [reader],
          "\(name(reader)) read key \(k) = \(history.listText(elements)), but no transaction appended "
            + "\(history.valueText(element)) to it")
        continue
      }
      if history.transactions[w.txn].status == .fail && reported.insert(w.txn).inserted {
        anomalies.add(
          .g1a, [reader, w.txn],
          "\(name(reader)) read key \(k) = \(history.listText(elements)), with \(history.valueText(element)) "
            + "appended by \(name(w.txn)), which failed (line \(history.transactions[w.txn].line))")
      }
    }
  }
}
