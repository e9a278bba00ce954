import Dispatch
import FaultlineCore

/// What the Wing–Gong–Lowe search found for one (sub)history.
enum LinearizationOutcome: Equatable {
  /// Some order of the operations, respecting real time, is allowed by the spec.
  case linearizable
  /// No order is: the longest prefix that could be linearized, and the operations that could not
  /// be placed after it (indices into the operations given).
  case violation(prefix: [Int], stuck: [Int])
  /// The deadline passed first.
  case timedOut
}

/// Wing and Gong's search with Lowe's memoisation, as Porcupine implements it: the call and
/// return events in a doubly linked list, lifting a call and its return out when the operation is
/// linearized, and a cache of (linearized set, state) so that no configuration is explored twice.
///
/// The search can be run in slices (`run(budget:stop:)`), so that the keys of a partitioned
/// history are explored side by side and a violation in any key is found as soon as the cheapest
/// one is, instead of after every harder key before it.
struct Linearizer<Spec: SequentialSpec> {
  let spec: Spec
  let operations: [Spec.Operation]
  /// Invocation positions.
  let calls: [Int]
  /// Completion positions; `Int.max` for an operation that never returned.
  let returns: [Int]

  private var next: [Int]
  private var prev: [Int]
  private var opOf: [Int]
  private var isCall: [Bool]
  private var returnNode: [Int]
  private var bits: [UInt64]
  private var zobrist: [UInt64]
  private var bitsHash: UInt64 = 0
  private var cache: LinearizationCache<Spec.State>
  private var stack: [(node: Int, state: Spec.State)] = []
  private var state: Spec.State
  private var bestPrefix: [Int] = []
  private var entry: Int
  /// The answer, once known.
  private(set) var outcome: LinearizationOutcome?

  init(spec: Spec, operations: [Spec.Operation], calls: [Int], returns: [Int]) {
    self.spec = spec
    self.operations = operations
    self.calls = calls
    self.returns = returns
    let n = operations.count
    // Nodes 1...2n: the events sorted by time, calls first on ties; node 0 is the list head.
    var events: [(time: Int, isReturn: Bool, op: Int)] = []
    events.reserveCapacity(2 * n)
    for op in 0..<n {
      events.append((calls[op], false, op))
      events.append((returns[op], true, op))
    }
    events.sort { $0.time != $1.time ? $0.time < $1.time : (!$0.isReturn && $1.isReturn) }
    next = [Int](repeating: -1, count: 2 * n + 1)
    prev = [Int](repeating: -1, count: 2 * n + 1)
    opOf = [Int](repeating: 0, count: 2 * n + 1)
    isCall = [Bool](repeating: false, count: 2 * n + 1)
    returnNode = [Int](repeating: 0, count: n)
    for (index, event) in events.enumerated() {
      let node = index + 1
      opOf[node] = event.op
      isCall[node] = !event.isReturn
      if event.isReturn { returnNode[event.op] = node }
      prev[node] = node - 1
      next[node - 1] = node
    }
    let width = (n + 63) / 64
    bits = [UInt64](repeating: 0, count: width)
    zobrist = [UInt64](repeating: 0, count: n)
    var seed: UInt64 = 0x853C_49E6_748F_EA9B
    for op in 0..<n {
      // splitmix64: a fixed sequence, so runs are reproducible.
      seed &+= 0x9E37_79B9_7F4A_7C15
      var z = seed
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      zobrist[op] = z ^ (z >> 31)
    }
    // Small at first: a linearizable history needs about one entry per operation, and keys
    // explored side by side must not each reserve room for a hard search up front.
    cache = LinearizationCache<Spec.State>(width: width, capacity: min(4 * n, 256))
    stack.reserveCapacity(n)
    state = spec.initialState
    entry = next[0]
    if n == 0 { outcome = .linearizable }
  }

  /// Runs the whole search.
  mutating func run(stop: StopCondition) -> LinearizationOutcome {
    while outcome == nil { run(budget: Int.max, stop: stop) }
    return outcome ?? .timedOut
  }

  /// Runs at most `budget` steps of the search; `outcome` is set once the answer is known.
  mutating func run(budget: Int, stop: StopCondition) {
    guard outcome == nil else { return }
    var steps = 0
    while next[0] != -1 {
      steps &+= 1
      if steps & 0x3FFF == 0, stop.reached() {
        outcome = .timedOut
        return
      }
      if steps > budget { return }
      guard entry != -1 else { break }
      let op = opOf[entry]
      if isCall[entry] {
        if let newState = spec.apply(operations[op], to: state) {
          bits[op >> 6] |= 1 << UInt64(op & 63)
          bitsHash ^= zobrist[op]
          if cache.insert(bits: bits, bitsHash: bitsHash, state: newState) {
            stack.append((entry, state))
            state = newState
            // Lift the call and its return out of the list.
            let ret = returnNode[op]
            next[prev[entry]] = next[entry]
            prev[next[entry]] = prev[entry]
            next[prev[ret]] = next[ret]
            if next[ret] != -1 { prev[next[ret]] = prev[ret] }
            entry = next[0]
            continue
          }
          bits[op >> 6] &= ~(1 << UInt64(op & 63))
          bitsHash ^= zobrist[op]
        }
        entry = next[entry]
      } else {
        // A return reached before its call was linearized: backtrack.
        if stack.count > bestPrefix.count { bestPrefix = stack.map { opOf[$0.node] } }
        guard let top = stack.popLast() else {
          outcome = .violation(prefix: bestPrefix, stuck: stuckOperations(after: bestPrefix))
          return
        }
        state = top.state
        let undone = opOf[top.node]
        bits[undone >> 6] &= ~(1 << UInt64(undone & 63))
        bitsHash ^= zobrist[undone]
        // Unlift: the return first, then the call, exactly where they were.
        let ret = returnNode[undone]
        if next[ret] != -1 { prev[next[ret]] = ret }
        next[prev[ret]] = ret
        prev[next[top.node]] = top.node
        next[prev[top.node]] = top.node
        entry = next[top.node]
      }
    }
    outcome = .linearizable
  }

  /// The operations that were candidates after the prefix: every remaining one invoked before the
  /// first remaining return.
  private func stuckOperations(after prefix: [Int]) -> [Int] {
    var done = [Bool](repeating: false, count: operations.count)
    for op in prefix { done[op] = true }
    var firstReturn = Int.max
    for op in operations.indices where !done[op] { firstReturn = min(firstReturn, returns[op]) }
    return operations.indices.filter { !done[$0] && calls[$0] < firstReturn }
  }
}
