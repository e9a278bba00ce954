import FaultlineConsistency
import FaultlineCore

/// The orderings of reliable broadcast (Hadzilacos and Toueg, 1994), read from the outputs
/// alone: who broadcast each value (`Context.broadcastRequest`), and in what order each process
/// broadcast and delivered. Each broadcast value is assumed distinct; a value broadcast twice
/// counts as its first broadcast.
extension SystemProperties {
  /// FIFO order: a process delivers a sender's broadcasts only in the order it made them, so
  /// it delivers none before every earlier one of the same sender.
  @inlinable public static func fifoOrder<P>() -> Property<SystemState<P>> {
    .always("FIFO order") { state in BroadcastHistory(state).isFIFO(state) }
  }

  /// Causal order: if the broadcast of m happened before the broadcast of m' (the same process
  /// broadcast m first, or the broadcaster of m' had delivered m, or a chain of these), no process
  /// delivers m' before it has delivered m. The happens-before relation is the run's own.
  @inlinable public static func causalOrder<P>() -> Property<SystemState<P>> {
    .always("causal order") { state in BroadcastHistory(state).isCausal(state) }
  }
}

/// The broadcasts of a state's run: each broadcast value numbered, with its broadcaster and its
/// index among that broadcaster's broadcasts.
@usableFromInline struct BroadcastHistory<P: SystemProcess> {
  /// The number of each broadcast value, in the order the processes' outputs list them.
  @usableFromInline var number: [P.Value: Int] = [:]
  /// For each numbered value, its broadcaster and its index among that process's broadcasts.
  @usableFromInline var origin: [(process: Int, index: Int)] = []

  @inlinable init(_ state: SystemState<P>) {
    for process in 0..<state.processCount {
      state.withOutputs(of: process) { outputs in
        var index = 0
        for case .broadcast(let value) in outputs where number[value] == nil {
          number[value] = origin.count
          origin.append((process, index))
          index += 1
        }
      }
    }
  }

  /// Whether each process delivers each sender's values in the order the sender broadcast them.
  @inlinable func isFIFO(_ state: SystemState<P>) -> Bool {
    var next = [Int](repeating: 0, count: state.processCount)
    for process in 0..<state.processCount {
      for sender in next.indices { next[sender] = 0 }
      let ordered = state.withOutputs(of: process) { outputs -> Bool in
        for case .deliver(let value) in outputs {
          // A value never broadcast is the integrity properties' concern.
          guard let m = number[value] else { continue }
          let (sender, index) = origin[m]
          // A second delivery of an earlier value (index below next) is integrity's concern too.
          if index > next[sender] { return false }
          if index == next[sender] { next[sender] += 1 }
        }
        return true
      }
      if !ordered { return false }
    }
    return true
  }

  /// Whether every delivery of every process comes after the deliveries of all the values whose
  /// broadcast happened before the delivered one's.
  ///
  /// Only the direct predecessors are looked at: what m's broadcaster had itself broadcast or
  /// delivered before broadcasting m. That is enough. If every delivery of a process follows
  /// those of its direct predecessors, then by induction over the process's deliveries it
  /// follows those of their predecessors too, so the first delivery that breaks causal order
  /// always misses a direct predecessor.
  @inlinable func isCausal(_ state: SystemState<P>) -> Bool {
    let count = origin.count
    guard count > 1 else { return true }
    let words = (count + 63) / 64
    // before[m * words ..< (m + 1) * words]: what m's broadcaster had broadcast or delivered
    // before broadcasting m.
    var before = [UInt64](repeating: 0, count: count * words)
    var seen = [UInt64](repeating: 0, count: words)
    for process in 0..<state.processCount {
      for word in seen.indices { seen[word] = 0 }
      state.withOutputs(of: process) { outputs in
        for output in outputs {
          switch output {
          case .broadcast(let value):
            guard let m = number[value] else { continue }
            if origin[m].process == process {
              for word in 0..<words { before[m * words + word] = seen[word] }
            }
            seen[m / 64] |= 1 << UInt64(m % 64)
          case .deliver(let value):
            guard let m = number[value] else { continue }
            seen[m / 64] |= 1 << UInt64(m % 64)
          case .decide, .install:
            continue
          }
        }
      }
    }
    var delivered = [UInt64](repeating: 0, count: words)
    for process in 0..<state.processCount {
      for word in delivered.indices { delivered[word] = 0 }
      let ordered = state.withOutputs(of: process) { outputs -> Bool in
        for case .deliver(let value) in outputs {
          guard let m = number[value] else { continue }
          for word in 0..<words where before[m * words + word] & ~delivered[word] != 0 { return false }
          delivered[m / 64] |= 1 << UInt64(m % 64)
        }
        return true
      }
      if !ordered { return false }
    }
    return true
  }
}
