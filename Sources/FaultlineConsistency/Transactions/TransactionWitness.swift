import FaultlineCore

/// The evidence for people: each anomaly as a section, its transactions and edges with the lines
/// of the file they come from.
enum TransactionWitness {
  static func witness(
    _ anomalies: [Anomaly], model: IsolationLevel, counts: [AnomalyKind: Int], history: TransactionHistory
  ) -> Witness {
    let kinds = counts.keys.sorted()
    let summary =
      "anomalies found: "
      + kinds.map { kind in
        let rules = kind.weakestForbidding.rawValue
        return "\(kind.rawValue) ×\(counts[kind, default: 0]) (rules out \(rules) and stronger)"
      }.joined(separator: "; ")
    // The forbidden ones first: they are why the verdict is what it is.
    let ordered = anomalies.filter { model.forbids($0.kind) } + anomalies.filter { !model.forbids($0.kind) }
    let sections = ordered.map { anomaly in
      let allowed = model.forbids(anomaly.kind) ? "" : " (allowed by \(model.rawValue))"
      var items: [Witness.Item] = []
      var listed = Set<Int>()
      for t in anomaly.transactions where listed.insert(t).inserted {
        let txn = history.transactions[t]
        items.append(
          Witness.Item(
            text: "T\(t + 1) " + describe(txn, history), process: txn.process, line: txn.line))
      }
      for edge in anomaly.cycle {
        // The line of the transaction whose read or write the edge is about.
        let about = edge.kind == .rw ? edge.from : edge.to
        items.append(Witness.Item(text: describe(edge, history), line: history.transactions[about].line))
      }
      return Witness.Section(
        title: "\(anomaly.kind.rawValue)\(allowed): \(anomaly.explanation)", items: items)
    }
    return Witness(summary: summary, sections: sections)
  }

  /// `process 0, ok: [:append 5 1] [:r 5 [1]]`.
  static func describe(_ txn: Transaction, _ history: TransactionHistory) -> String {
    let ops = txn.operations.map { op -> String in
      switch op {
      case .append(let key, let element):
        return "[:append \(history.keyText(key)) \(history.valueText(element))]"
      case .write(let key, let value): return "[:w \(history.keyText(key)) \(history.valueText(value))]"
      case .readList(let key, let elements):
        return "[:r \(history.keyText(key)) \(elements.map(history.listText) ?? "?")]"
      case .readRegister(let key, let value):
        return "[:r \(history.keyText(key)) \(value.map(history.valueText) ?? "?")]"
      }
    }
    let status = txn.status == .info ? "info (may or may not have happened)" : txn.status.rawValue
    return "(process \(txn.process), \(status)): " + ops.joined(separator: " ")
  }

  /// One edge and its reason: `T2 read key 5 = [1 2] after T1 appended 2 (wr)`.
  static func describe(_ edge: DependencyEdge, _ history: TransactionHistory) -> String {
    let from = "T\(edge.from + 1)"
    let to = "T\(edge.to + 1)"
    guard let key = edge.key else {
      if edge.kind == .process {
        return "\(from), then \(to), on process \(history.transactions[edge.to].process) (process)"
      }
      let end = history.transactions[edge.from].line
      let begin = history.transactions[edge.to].callLine
      return "\(from) completed on line \(end) before \(to) was invoked on line \(begin) (realtime)"
    }
    let k = history.keyText(key)
    let list = history.spec == .listAppend
    let wrote = list ? "appended" : "wrote"
    func lastWrite(_ t: Int) -> String {
      written(history.transactions[t], key).last.map(history.valueText) ?? "?"
    }
    func firstWrite(_ t: Int) -> String {
      written(history.transactions[t], key).first.map(history.valueText) ?? "?"
    }
    func read(_ t: Int) -> String {
      for op in history.transactions[t].operations {
        switch op {
        case .readList(key, let elements?): return history.listText(elements)
        case .readRegister(key, let value?): return history.valueText(value)
        default: continue
        }
      }
      return "?"
    }
    switch edge.kind {
    case .ww:
      return
        "\(to) \(wrote) \(firstWrite(edge.to)) to key \(k) after \(from) \(wrote) \(lastWrite(edge.from)) (ww)"
    case .wr:
      return "\(to) read key \(k) = \(read(edge.to)) after \(from) \(wrote) \(lastWrite(edge.from)) (wr)"
    case .rw:
      return "\(from) read key \(k) = \(read(edge.from)) before \(to) \(wrote) \(firstWrite(edge.to)) (rw)"
    case .process, .realtime: return "\(from) before \(to) (\(edge.kind.rawValue))"
    }
  }

  private static func written(_ txn: Transaction, _ key: Int) -> [Int] {
    txn.operations.compactMap { op in
      switch op {
      case .append(key, let element): return element
      case .write(key, let value): return value
      default: return nil
      }
    }
  }
}
