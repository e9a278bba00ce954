import Dispatch
import FaultlineCore

/// One way a stretch of history can have been linearized so far: which of its operations have
/// taken effect (a bit per operation) and the object's state after them.
struct SegmentConfiguration<State: Hashable>: Hashable {
  var bits: [UInt64]
  var state: State
}

/// A linearizability search over one segment of a history, from several possible start
/// configurations, that can list every configuration the segment may end in.
///
/// A streaming check cuts a key's history where none of its operations is pending: every
/// operation before the cut returned before any after it was invoked, so the history is
/// linearizable exactly when some way of linearizing the part before the cut ends in a state
/// from which the part after it linearizes. Operations whose outcome is unknown never return;
/// they are carried across cuts, still free to take effect later, or never.
///
/// The search is Wing and Gong's with Lowe's memoisation: a depth-first walk over (set of
/// linearized operations, state), where an operation may go next if it was invoked before every
/// remaining operation's return.
struct SegmentSearch<Spec: SequentialSpec> {
  /// What the search found.
  enum Outcome {
    /// The configurations the segment can end in, with every required operation linearized.
    case ends([SegmentConfiguration<Spec.State>])
    /// Some end exists (when only existence was asked).
    case linearizable
    /// No start configuration leads to an end: the deepest path found, from which start, and
    /// the operations that could not follow it.
    case violation(start: Int, prefix: [Int], stuck: [Int])
    /// Listing the ends would explore more than the limit allows.
    case tooLarge
    /// The deadline passed.
    case timedOut
  }

  let spec: Spec
  let operations: [Spec.Operation]
  /// Invocation positions; carried operations were invoked before the segment (-1).
  let calls: [Int]
  /// Completion positions; `Int.max` for operations whose outcome is unknown.
  let returns: [Int]
  /// Whether each operation must be linearized by the end of the segment (false for unknown
  /// outcomes, which may never take effect).
  let required: [Bool]
  /// For sequential consistency: each process's operations, in invocation order. Then only
  /// program order constrains the search, not real time: an operation may go next when every
  /// earlier required operation of its process has. An operation of unknown outcome may take
  /// effect at any point after that, also after its process's later operations, as its interval
  /// never closes; so a linearizable history is always sequentially consistent.
  private let programOrder: [[Int]]?
  /// Each operation's process (an index into `programOrder`) and its place in that process.
  private let place: [(process: Int, index: Int)]

  /// A search over `operations`; `processes` (one per operation, in invocation order) asks for
  /// sequential consistency instead of linearizability.
  init(
    spec: Spec, operations: [Spec.Operation], calls: [Int], returns: [Int], required: [Bool],
    processes: [String]? = nil
  ) {
    self.spec = spec
    self.operations = operations
    self.calls = calls
    self.returns = returns
    self.required = required
    guard let processes else {
      programOrder = nil
      place = []
      return
    }
    var numbers: [String: Int] = [:]
    var orders: [[Int]] = []
    var place: [(process: Int, index: Int)] = []
    for (op, process) in processes.enumerated() {
      let number = numbers[process] ?? orders.count
      if number == orders.count {
        numbers[process] = number
        orders.append([])
      }
      place.append((number, orders[number].count))
      orders[number].append(op)
    }
    programOrder = orders
    self.place = place
  }

  /// Searches from `starts`; lists every end configuration when `enumerate`, else stops at the
  /// first. Gives up with `tooLarge` after `limit` configurations.
  func run(
    from starts: [SegmentConfiguration<Spec.State>], enumerate: Bool, limit: Int, stop: StopCondition
  ) -> Outcome {
    let n = operations.count
    let width = max(1, (n + 63) / 64)
    var seen = Set<SegmentConfiguration<Spec.State>>()
    var ends: [SegmentConfiguration<Spec.State>] = []
    var best: (start: Int, prefix: [Int]) = (0, [])
    var steps = 0
    // One frame per linearized operation: the configuration and the next candidate to try.
    var stack: [(config: SegmentConfiguration<Spec.State>, next: Int)] = []
    var path: [Int] = []
    for (startIndex, start) in starts.enumerated() {
      var first = start
      if first.bits.count != width { first.bits += [UInt64](repeating: 0, count: width - first.bits.count) }
      guard seen.insert(first).inserted else { continue }
      stack = [(first, 0)]
      path = []
      while let top = stack.last {
        steps &+= 1
        if steps & 0xFFF == 0, stop.reached() {
          return .timedOut
        }
        if top.next == 0 && isEnd(top.config.bits) {
          if !enumerate { return .linearizable }
          ends.append(top.config)
        }
        let bits = top.config.bits
        let horizon = firstReturn(bits)
        var candidate = top.next
        var advanced = false
        while candidate < n {
          defer { candidate += 1 }
          if bits[candidate >> 6] & (1 << UInt64(candidate & 63)) != 0 || !mayGoNext(candidate, bits, horizon)
          {
            continue
          }
          guard let state = spec.apply(operations[candidate], to: top.config.state) else { continue }
          var nextBits = bits
          nextBits[candidate >> 6] |= 1 << UInt64(candidate & 63)
          let config = SegmentConfiguration(bits: nextBits, state: state)
          guard seen.insert(config).inserted else { continue }
          if seen.count > limit { return .tooLarge }
          stack[stack.count - 1].next = candidate + 1
          stack.append((config, 0))
          path.append(candidate)
          if path.count > best.prefix.count { best = (startIndex, path) }
          advanced = true
          break
        }
        if !advanced {
          stack.removeLast()
          if !path.isEmpty && stack.count == path.count { path.removeLast() }
        }
      }
    }
    if !ends.isEmpty { return .ends(ends) }
    let startBits = starts.isEmpty ? [] : starts[best.start].bits
    return .violation(start: best.start, prefix: best.prefix, stuck: stuck(startBits, best.prefix))
  }

  /// Whether `op` may take effect next: invoked before the first pending return (real time), or
  /// next in its process's order (sequential consistency).
  private func mayGoNext(_ op: Int, _ bits: [UInt64], _ horizon: Int) -> Bool {
    guard let programOrder else { return calls[op] < horizon }
    let (process, index) = place[op]
    let order = programOrder[process]
    for earlier in order[..<index] where required[earlier] && !Self.has(bits, earlier) { return false }
    return true
  }

  private static func has(_ bits: [UInt64], _ op: Int) -> Bool {
    bits[op >> 6] & (1 << UInt64(op & 63)) != 0
  }

  /// Whether every required operation is linearized.
  private func isEnd(_ bits: [UInt64]) -> Bool {
    for op in operations.indices where required[op] && bits[op >> 6] & (1 << UInt64(op & 63)) == 0 {
      return false
    }
    return true
  }

  /// The earliest completion among the operations not yet linearized.
  private func firstReturn(_ bits: [UInt64]) -> Int {
    var horizon = Int.max
    for op in operations.indices where bits[op >> 6] & (1 << UInt64(op & 63)) == 0 {
      horizon = min(horizon, returns[op])
    }
    return horizon
  }

  /// The operations that were candidates after the prefix, from the start's linearized set.
  private func stuck(_ startBits: [UInt64], _ prefix: [Int]) -> [Int] {
    var bits =
      startBits + [UInt64](repeating: 0, count: max(0, (operations.count + 63) / 64 - startBits.count))
    for op in prefix { bits[op >> 6] |= 1 << UInt64(op & 63) }
    let horizon = firstReturn(bits)
    return operations.indices.filter { !Self.has(bits, $0) && mayGoNext($0, bits, horizon) }
  }
}
