import FaultlineCore

extension Linearizability {
  /// The most prefix operations a witness lists; longer prefixes show their end.
  @usableFromInline static let prefixShown = 40

  /// The verdict for a search's outcome over `count` operations, each shown as `item(index)`.
  @usableFromInline static func verdict<S: SequentialSpec>(
    _ outcome: LinearizationOutcome, _ spec: S, _ ops: [S.Operation], count: Int, item: (Int) -> Witness.Item,
    key: TraceValue? = nil, timeLimit: Double?, start: S.State? = nil, earlier: Int = 0,
    consistency: Consistency = .linearizable
  ) -> Verdict {
    // Sequential consistency orders each process's operations, not real time.
    let sequential = consistency == .sequential
    let adjective = sequential ? "sequentially consistent" : "linearizable"
    let order = sequential ? "its process's order" : "real-time order"
    switch outcome {
    case .linearizable: return .holds
    case .timedOut:
      // The search stops for time, or for memory (the shared budget says which).
      return .incomplete(
        reason: MemoryBudget.exceeded() ? MemoryBudget.reason : "time limit of \(timeLimit ?? 0) s reached")
    case .tooLarge: return .incomplete(reason: "too many ways to order the operations")
    case .violation(_, let prefix, let stuck):
      var state = start ?? spec.initialState
      for op in prefix { state = spec.apply(ops[op], to: state) ?? state }
      let shown = prefix.suffix(prefixShown)
      let prefixTitle =
        shown.count == prefix.count
        ? "longest \(adjective) prefix (\(prefix.count) operations)"
        : "longest \(adjective) prefix (\(prefix.count) operations, the last \(shown.count) shown)"
      let scope = key.map { "key \($0.text): " } ?? ""
      // A streaming check keeps only the operations since its last cut (and those carried over it).
      let before =
        earlier == 0
        ? "" : "the \(earlier) earlier operations on it linearize, and "
      let summary =
        scope + before
        + "after the longest \(adjective) prefix of \(prefix.count) of \(count) operations "
        + "(state \(spec.describe(state))), none of the \(stuck.count) pending operations can take "
        + "effect next without contradicting its output or \(order)"
      let witness = Witness(
        summary: summary,
        sections: [
          Witness.Section(title: prefixTitle, items: shown.map(item)),
          Witness.Section(title: "operations that cannot be placed after it", items: stuck.map(item)),
        ])
      return .violated([
        Violation(
          property: sequential ? "sequential consistency" : "linearizability",
          explanation: scope + "the history is not \(adjective)", witness: witness)
      ])
    }
  }
}

extension LinearizabilityChecker {
  /// The verdict for a search over recorded operations, shown with their processes and lines.
  static func verdict<S: SequentialSpec>(
    _ outcome: LinearizationOutcome, _ kept: [HistoryOperation], _ spec: S, _ ops: [S.Operation],
    key: TraceValue?, timeLimit: Double?, start: S.State? = nil, earlier: Int = 0,
    consistency: Consistency = .linearizable
  ) -> Verdict {
    Linearizability.verdict(
      outcome, spec, ops, count: kept.count,
      item: {
        Witness.Item(
          text: kept[$0].summary + ", " + kept[$0].interval, process: kept[$0].process,
          line: kept[$0].callLine)
      },
      key: key, timeLimit: timeLimit, start: start, earlier: earlier, consistency: consistency)
  }
}
