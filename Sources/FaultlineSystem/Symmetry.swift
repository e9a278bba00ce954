import FaultlineConsistency
import FaultlineCore

extension System {
  /// The state's fingerprint; with symmetry on, the smallest fingerprint of any renaming of its
  /// interchangeable processes, so every state of one orbit gets the same fingerprint.
  ///
  /// The explorer keeps concrete states in its frontier and compares only fingerprints, so
  /// this alone makes it count orbits while its paths remain concrete, replayable steps.
  @inlinable
  public func fingerprint(of state: State) -> UInt64 {
    var best = Self.plainFingerprint(state)
    guard symmetries.count > 1 else { return best }
    for permutation in symmetries.dropFirst() {
      let candidate = Self.plainFingerprint(permuted(state, by: permutation))
      if candidate < best { best = candidate }
    }
    return best
  }

  @inlinable
  static func plainFingerprint(_ state: State) -> UInt64 {
    var hasher = Fingerprinter()
    state.fingerprint(into: &hasher)
    return hasher.finalize()
  }

  /// The state with every process renamed by `permutation`, in canonical form.
  ///
  /// Process `i`'s parts move to slot `permutation[i]`, and the process renames the numbers
  /// inside its local state, messages, values and stable storage (`SystemProcess.permute`).
  /// Timers must not name processes.
  @inlinable
  public func permuted(_ state: State, by permutation: ProcessPermutation) -> State {
    var result = state
    for old in 0..<state.processCount {
      let new = permutation[old]
      let process = processes[old]
      result.locals[new] = process.permute(state: state.locals[old], by: permutation)
      result.stable[new] = state.stable[old].map { process.permute(stable: $0, by: permutation) }
      result.timers[new] = state.timers[old]
      result.suspected[new] = state.suspected[old].permuted(by: permutation)
      result.cutLinks[new] = state.cutLinks[old].permuted(by: permutation)
      result.outputs[new] = state.outputs[old].map { output in
        switch output {
        case .decide(let value): return .decide(process.permute(value: value, by: permutation))
        case .broadcast(let value): return .broadcast(process.permute(value: value, by: permutation))
        case .deliver(let value): return .deliver(process.permute(value: value, by: permutation))
        case .install(let view, let members):
          return .install(view: view, members: members.permuted(by: permutation))
        }
      }
    }
    result.crashed = state.crashed.permuted(by: permutation)
    result.history = state.history.map { event in
      HistoryEvent(
        client: permutation[event.client], isInvocation: event.isInvocation,
        value: processes[event.client].permute(value: event.value, by: permutation))
    }
    let renamed = state.network.map { envelope in
      Envelope(
        from: permutation[envelope.from], to: permutation[envelope.to],
        message: processes[envelope.from].permute(message: envelope.message, by: permutation))
    }
    switch network.delivery {
    case .fifo:
      // Channels move as wholes; within a channel the order sent is kept.
      result.network = renamed.enumerated().sorted { a, b in
        if a.element.from != b.element.from { return a.element.from < b.element.from }
        if a.element.to != b.element.to { return a.element.to < b.element.to }
        return a.offset < b.offset
      }.map(\.element)
    case .unordered, .duplicating:
      result.network = renamed.sorted()
    }
    return result
  }
}
