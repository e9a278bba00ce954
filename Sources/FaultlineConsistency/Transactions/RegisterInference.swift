import FaultlineCore

/// Elle's inference for rw-register, where writes are unique per key: a read names its writer
/// (write-read); the initial nil comes before every write; and a transaction that read a version
/// and then wrote the key installed the version right after it (write-write, and read-write from
/// every other reader of the version it replaced). Version orders are partial, so this finds
/// fewer cycles than exist, never more.
struct RegisterInference {
  let history: TransactionHistory
  let file: String
  var graph: DependencyGraph
  var anomalies = AnomalyCollector()

  private var writer: [Pair: (txn: Int, final: Bool)] = [:]

  struct Pair: Hashable {
    var key: Int
    var value: Int
  }

  init(_ history: TransactionHistory, file: String) throws {
    self.history = history
    self.file = file
    graph = DependencyGraph(count: history.transactions.count)
    try indexWriters()
  }

  private func name(_ txn: Int) -> String { "T\(txn + 1)" }

  private mutating func indexWriters() throws {
    for (t, txn) in history.transactions.enumerated() {
      var last: [Int: Int] = [:]
      for case .write(let key, let value) in txn.operations {
        let k = history.keyText(key)
        guard value != 0 else {
          throw FaultlineError.malformedInput(
            file: file, line: txn.callLine, column: 1,
            expected: "a non-nil value in [:w \(k) v] (a read of nil means the initial state)",
            found: "[:w \(k) nil]")
        }
        let pair = Pair(key: key, value: value)
        if let other = writer[pair] {
          throw FaultlineError.malformedInput(
            file: file, line: txn.callLine, column: 1,
            expected:
              "rw-register writes unique per key (\(history.valueText(value)) was written to key \(k) on line "
              + "\(history.transactions[other.txn].callLine) too)",
            found: "a second [:w \(k) \(history.valueText(value))]")
        }
        writer[pair] = (t, false)
        last[key] = value
      }
      for (key, value) in last { writer[Pair(key: key, value: value)]?.final = true }
    }
  }

  /// A transaction's external reads (before it wrote the key), and its final write per key.
  private func shape(_ txn: Transaction) -> (reads: [(key: Int, value: Int)], finalWrites: [Int: Int]) {
    var reads: [(Int, Int)] = []
    var touched = Set<Int>()
    var finals: [Int: Int] = [:]
    for op in txn.operations {
      switch op {
      case .write(let key, let value):
        touched.insert(key)
        finals[key] = value
      case .readRegister(let key, let value?):
        if touched.insert(key).inserted && txn.status == .ok { reads.append((key, value)) }
      default: break
      }
    }
    return (reads, finals)
  }

  mutating func run() {
    let shapes = history.transactions.map(shape)
    // Readers of each version, and which transactions are known to have happened.
    var readers: [Pair: [Int]] = [:]
    var happened = Set<Int>()
    for (t, txn) in history.transactions.enumerated() {
      if txn.status == .ok { happened.insert(t) }
      for read in shapes[t].reads {
        readers[Pair(key: read.key, value: read.value), default: []].append(t)
        if let w = writer[Pair(key: read.key, value: read.value)] { happened.insert(w.txn) }
      }
    }
    var writersByKey: [Int: [Int]] = [:]
    for (t, txn) in history.transactions.enumerated() where txn.status != .fail && happened.contains(t) {
      for key in shapes[t].finalWrites.keys { writersByKey[key, default: []].append(t) }
    }
    for (t, _) in history.transactions.enumerated() {
      for read in shapes[t].reads {
        infer(reader: t, key: read.key, value: read.value, shapes, readers, writersByKey)
      }
    }
    var lost: [Pair: [Int]] = [:]
    for (t, txn) in history.transactions.enumerated() where txn.status == .ok {
      for read in shapes[t].reads where shapes[t].finalWrites[read.key] != nil {
        lost[Pair(key: read.key, value: read.value), default: []].append(t)
      }
    }
    for (pair, txns) in lost.sorted(by: { ($0.key.key, $0.key.value) < ($1.key.key, $1.key.value) })
    where txns.count > 1 {
      anomalies.add(
        .lostUpdate, txns,
        txns.map(name).joined(separator: " and ") + " all read key \(history.keyText(pair.key)) = "
          + "\(history.valueText(pair.value)) and wrote it: each overwrote a version the others read")
    }
  }

  private mutating func infer(
    reader: Int, key: Int, value: Int, _ shapes: [(reads: [(key: Int, value: Int)], finalWrites: [Int: Int])],
    _ readers: [Pair: [Int]], _ writersByKey: [Int: [Int]]
  ) {
    let k = history.keyText(key)
    let v = history.valueText(value)
    let overwrites = shapes[reader].finalWrites[key] != nil
    if value == 0 {
      // Nothing comes before the initial state: every write of the key comes after this read.
      for w in writersByKey[key] ?? [] { graph.add(reader, w, .rw, key: key) }
      return
    }
    guard let w = writer[Pair(key: key, value: value)] else {
      anomalies.add(
        .garbageRead, [reader], "\(name(reader)) read key \(k) = \(v), but no transaction wrote \(v) to it")
      return
    }
    if history.transactions[w.txn].status == .fail {
      anomalies.add(
        .g1a, [reader, w.txn],
        "\(name(reader)) read key \(k) = \(v), written by \(name(w.txn)), which failed "
          + "(line \(history.transactions[w.txn].line))")
      return
    }
    guard w.txn != reader else { return }
    if !w.final {
      anomalies.add(
        .g1b, [reader, w.txn],
        "\(name(reader)) read key \(k) = \(v), which \(name(w.txn)) wrote and then overwrote in the same transaction"
      )
    }
    graph.add(w.txn, reader, .wr, key: key)
    if overwrites {
      // The reader installed the version after `value`: its writer comes before, and so does
      // every other transaction that read `value`.
      graph.add(w.txn, reader, .ww, key: key)
      for other in readers[Pair(key: key, value: value)] ?? [] where other != reader {
        graph.add(other, reader, .rw, key: key)
      }
    }
  }
}
