import Dispatch
import FaultlineCore

/// What the search found.
@usableFromInline
enum LinearizationOutcome: Equatable {
  /// Some order of the operations allowed by the consistency condition's order is allowed by the
  /// spec (when enumerating, the ends are the searcher's `ends`).
  case linearizable
  /// No order is: the start configuration and the longest prefix that could be linearized from
  /// it, and the operations that could not be placed after it (indices into the operations).
  case violation(start: Int, prefix: [Int], stuck: [Int])
  /// The deadline passed first.
  case timedOut
  /// Listing the ends would explore more configurations than the limit allows.
  case tooLarge
}

/// The one search behind every consistency check: Wing and Gong's depth-first search over
/// linearization prefixes with Lowe's memoisation of (linearized set, spec state), as Porcupine
/// implements it, over an order that says which operations may go next (`RealTimeOrder` for
/// linearizability, `ProgramOrder` for sequential consistency).
///
/// Operations that are not required (of unknown outcome, or still pending at a streaming check's
/// cut) may take effect or not: a configuration in which every required operation has taken
/// effect ends the search. A search can start from several configurations (a streaming check's
/// cut) and list every end instead of stopping at the first: every configuration reached by
/// linearizing the last required operation, not extended further. And it can run in slices (`run(budget:stop:)`), so that the keys of
/// a partitioned history are explored side by side and a violation in any key is found as soon as
/// the cheapest one is.
@usableFromInline
struct Linearizer<Spec: SequentialSpec, Order: LinearizationOrder> {
  @usableFromInline let spec: Spec
  @usableFromInline let operations: [Spec.Operation]
  @usableFromInline let required: [Bool]
  @usableFromInline let initialOrder: Order
  @usableFromInline let starts: [SegmentConfiguration<Spec.State>]
  @usableFromInline let enumerate: Bool
  @usableFromInline let limit: Int

  @usableFromInline var order: Order
  @usableFromInline var bits: [UInt64]
  @usableFromInline let zobrist: [UInt64]
  @usableFromInline var bitsHash: UInt64 = 0
  @usableFromInline var cache: LinearizationCache<Spec.State>
  @usableFromInline var stack: [(op: Int, state: Spec.State)] = []
  @usableFromInline var state: Spec.State
  @usableFromInline var cursor = -1
  /// Required operations not yet linearized.
  @usableFromInline var remaining = 0
  /// The start being searched, and whether it is.
  @usableFromInline var start = 0
  @usableFromInline var searching = false
  @usableFromInline var best: (start: Int, prefix: [Int]) = (0, [])
  /// When enumerating, every configuration with all required operations linearized.
  @usableFromInline var ends: [SegmentConfiguration<Spec.State>] = []
  /// The answer, once known.
  @usableFromInline var outcome: LinearizationOutcome?

  /// A search over `operations` in `order`, from `starts` (the initial state with nothing
  /// linearized, by default); `enumerate` lists every end, and more than `limit` configurations
  /// give up as too large.
  @inlinable
  @usableFromInline init(
    spec: Spec, operations: [Spec.Operation], required: [Bool], order: Order,
    starts: [SegmentConfiguration<Spec.State>]? = nil, enumerate: Bool = false, limit: Int = Int.max
  ) {
    self.spec = spec
    self.operations = operations
    self.required = required
    self.initialOrder = order
    self.order = order
    self.starts = starts ?? [SegmentConfiguration(bits: [], state: spec.initialState)]
    self.enumerate = enumerate
    self.limit = limit
    let n = operations.count
    let width = max(1, (n + 63) / 64)
    bits = [UInt64](repeating: 0, count: width)
    var zobrist = [UInt64](repeating: 0, count: n)
    var seed: UInt64 = 0x853C_49E6_748F_EA9B
    for op in 0..<n {
      // splitmix64: a fixed sequence, so runs are reproducible.
      seed &+= 0x9E37_79B9_7F4A_7C15
      var z = seed
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      zobrist[op] = z ^ (z >> 31)
    }
    self.zobrist = zobrist
    // Small at first: a linearizable history needs about one entry per operation, and keys
    // explored side by side must not each reserve room for a hard search up front. A search from
    // many starts (a streaming cut) visits at least each of them.
    cache = LinearizationCache<Spec.State>(
      width: width, capacity: max(min(4 * n, 256), 4 * (starts?.count ?? 0)))
    stack.reserveCapacity(n)
    state = spec.initialState
  }

  /// Runs the whole search.
  @inlinable
  @usableFromInline mutating func run(stop: StopCondition) -> LinearizationOutcome {
    while outcome == nil { run(budget: Int.max, stop: stop) }
    return outcome ?? .timedOut
  }

  /// Runs at most `budget` steps of the search; `outcome` is set once the answer is known.
  @inlinable
  @usableFromInline mutating func run(budget: Int, stop: StopCondition) {
    var steps = 0
    while outcome == nil {
      guard searching else {
        guard start < starts.count else {
          outcome =
            ends.isEmpty ? .violation(start: best.start, prefix: best.prefix, stuck: stuck()) : .linearizable
          return
        }
        begin()
        continue
      }
      steps &+= 1
      if steps & 0x3FFF == 0, stop.reached() {
        outcome = .timedOut
        return
      }
      if steps > budget { return }
      // When listing ends, an end is not extended: what else may take effect after it is left to
      // the next search, which starts from it (see `StreamingCheck`).
      if !(enumerate && remaining == 0), let op = order.nextCandidate(&cursor) {
        guard let newState = spec.apply(operations[op], to: state) else { continue }
        bits[op >> 6] |= 1 << UInt64(op & 63)
        bitsHash ^= zobrist[op]
        guard cache.insert(bits: bits, bitsHash: bitsHash, state: newState) else {
          bits[op >> 6] &= ~(1 << UInt64(op & 63))
          bitsHash ^= zobrist[op]
          continue
        }
        if cache.count > limit {
          outcome = .tooLarge
          return
        }
        stack.append((op, state))
        state = newState
        order.remove(op)
        if required[op] { remaining -= 1 }
        cursor = order.first
        if remaining == 0 { reachedEnd() }
      } else {
        // Nothing more can go next here: backtrack.
        if stack.count > best.prefix.count { best = (start, stack.map { $0.op }) }
        guard let top = stack.popLast() else {
          searching = false
          start += 1
          continue
        }
        state = top.state
        bits[top.op >> 6] &= ~(1 << UInt64(top.op & 63))
        bitsHash ^= zobrist[top.op]
        order.restore(top.op)
        if required[top.op] { remaining += 1 }
        cursor = order.cursor(after: top.op)
      }
    }
  }

  /// Sets up the search from the current start, unless an earlier start reached it.
  @inlinable
  @usableFromInline mutating func begin() {
    let configuration = starts[start]
    order = initialOrder
    for word in bits.indices { bits[word] = word < configuration.bits.count ? configuration.bits[word] : 0 }
    bitsHash = 0
    remaining = 0
    for op in operations.indices {
      if Self.has(bits, op) {
        bitsHash ^= zobrist[op]
        order.remove(op)
      } else if required[op] {
        remaining += 1
      }
    }
    state = configuration.state
    stack.removeAll(keepingCapacity: true)
    guard cache.insert(bits: bits, bitsHash: bitsHash, state: state) else {
      start += 1
      return
    }
    searching = true
    cursor = order.first
    if remaining == 0 { reachedEnd() }
  }

  @inlinable
  @usableFromInline mutating func reachedEnd() {
    if enumerate {
      ends.append(SegmentConfiguration(bits: bits, state: state))
    } else {
      outcome = .linearizable
    }
  }

  /// The operations that were candidates after the best prefix, from its start: those the order
  /// allowed next, none of which the spec did.
  @inlinable
  @usableFromInline func stuck() -> [Int] {
    var order = initialOrder
    let startBits = starts.indices.contains(best.start) ? starts[best.start].bits : []
    for op in operations.indices where Self.has(startBits, op) { order.remove(op) }
    for op in best.prefix { order.remove(op) }
    var cursor = order.first
    var candidates: [Int] = []
    while let op = order.nextCandidate(&cursor) { candidates.append(op) }
    return candidates.sorted()
  }

  @inlinable
  @usableFromInline static func has(_ bits: [UInt64], _ op: Int) -> Bool {
    op >> 6 < bits.count && bits[op >> 6] & (1 << UInt64(op & 63)) != 0
  }
}
