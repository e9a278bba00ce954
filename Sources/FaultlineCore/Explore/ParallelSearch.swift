import Dispatch
import Synchronization

/// What one chunk of a round produced: for each state it expanded, how many successors it
/// generated, and the successors that were not in the visited set when the round began.
@usableFromInline
struct ChunkOutput<State> {
  /// Successors not seen before the round, in the order the sequential search would meet them.
  @usableFromInline var candidates: [(state: State, fingerprint: UInt64, choice: Int, checked: UInt64)] = []
  /// For each expanded state, the successors it generated (as the sequential search counts).
  @usableFromInline var generated: [Int] = []
  /// For each expanded state, the end of its candidates in `candidates`.
  @usableFromInline var candidateEnds: [Int] = []
  @usableFromInline var widest = 0

  @usableFromInline init() {}
}

/// Shared between the workers of one round: their outputs, one slot per chunk, and the
/// counter they take chunks from.
@usableFromInline
final class Round<State>: @unchecked Sendable {
  @usableFromInline let outputs: UnsafeMutableBufferPointer<ChunkOutput<State>>
  @usableFromInline let nextChunk = Atomic<Int>(0)

  @usableFromInline init(chunks: Int) {
    outputs = .allocate(capacity: chunks)
    outputs.initialize(repeating: ChunkOutput())
  }

  deinit {
    outputs.deinitialize()
    outputs.deallocate()
  }
}

/// The fingerprints one worker produced in the chunk it is expanding: an open-addressing table
/// emptied in constant time by a generation stamp, cheaper than a `Set` in the hot loop.
@usableFromInline
struct ChunkFilter {
  /// A fingerprint and the generation that wrote it, side by side: one cache line a probe.
  @usableFromInline
  struct Entry {
    @usableFromInline var key: UInt64
    @usableFromInline var stamp: UInt32

    @inlinable init(key: UInt64, stamp: UInt32) {
      self.key = key
      self.stamp = stamp
    }
  }

  @usableFromInline var entries: [Entry]
  @usableFromInline var generation: UInt32 = 1
  @usableFromInline var count = 0

  @usableFromInline init(capacity: Int = 1 << 12) {
    entries = Array(repeating: Entry(key: 0, stamp: 0), count: capacity)
  }

  /// Empties the filter.
  @inlinable mutating func reset() {
    count = 0
    generation &+= 1
    if generation == 0 {
      for i in entries.indices { entries[i].stamp = 0 }
      generation = 1
    }
  }

  /// Adds `fingerprint`; false if the chunk already produced it.
  @inlinable @inline(__always) mutating func insert(_ fingerprint: UInt64) -> Bool {
    if count * 2 >= entries.count { grow() }
    let mask = entries.count - 1
    var index = Int(truncatingIfNeeded: fingerprint ^ (fingerprint >> 29)) & mask
    while entries[index].stamp == generation {
      if entries[index].key == fingerprint { return false }
      index = (index + 1) & mask
    }
    entries[index] = Entry(key: fingerprint, stamp: generation)
    count += 1
    return true
  }

  @usableFromInline mutating func grow() {
    let old = entries.filter { $0.stamp == generation }.map(\.key)
    self = ChunkFilter(capacity: entries.count * 2)
    for key in old { _ = insert(key) }
  }
}

/// One round's expansion running on the workers while the calling thread discovers the round
/// before it.
@usableFromInline
final class RoundInFlight<State>: @unchecked Sendable {
  @usableFromInline let group = DispatchGroup()
  @usableFromInline var round: Round<State>? = nil
  @usableFromInline var running = false

  @usableFromInline init() {}

  /// Starts `work` on another thread.
  @inlinable func launch(_ work: @escaping @Sendable () -> Round<State>) {
    running = true
    DispatchQueue.global().async(group: group) { self.round = work() }
  }

  /// Waits for the round started last, if any, and returns it.
  @inlinable @discardableResult func wait() -> Round<State>? {
    guard running else { return nil }
    group.wait()
    running = false
    defer { round = nil }
    return round
  }
}

extension Explorer {
  /// States a chunk hands to one worker at a time.
  @inlinable static var chunkSize: Int { 512 }

  /// Breadth-first search on `options.workers` threads.
  ///
  /// Levels are cut into rounds. In a round the workers expand the states (the costly part:
  /// actions, successors, fingerprints, property checks) and drop successors already visited,
  /// reading the table. Then one thread takes the remaining successors in frontier order and
  /// discovers them exactly as the sequential search does: the same insertions, the same
  /// parent links, the same property checks, the same stopping point. So states, counts, paths
  /// and verdicts are those of `--workers 1` for any number of workers, violated and limited
  /// runs included. The discovery of one round overlaps the expansion of the next: the table
  /// is grown beforehand so that it does not move while workers read it, and a successor that
  /// the workers let through because its first copy was still being discovered is dropped by
  /// the discovery as any duplicate is.
  @inlinable
  func parallelBreadthFirst() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: true)
    var current = run.discoverInitialStates()
    if run.stop != nil { return try run.finish(exhaustive: false) }
    let workers = options.workers
    // Rounds start small and grow while they are quick, so that a time limit or a signal is
    // honoured within a fraction of a second even where one state costs milliseconds.
    let largestRound = Self.chunkSize * 16 * workers
    var roundSize = workers
    var firstIndex = 0
    var depth = 0
    var next = Frontier(model: model)
    var widest = 1
    // One copy of the model per worker, kept across rounds, so that per-thread caches last.
    let models = (0..<workers).map { _ in model.worker() }
    let inFlight = RoundInFlight<M.State>()
    defer { inFlight.wait() }
    while !current.isEmpty && !run.isAtDepthBound(current, depth: depth) {
      next.removeAll()
      let nextFirstIndex = run.count
      let level = current
      let (table, always, sometimes) = (run.seen, run.always, run.sometimes)
      let launch: @Sendable (Int, Int, UInt64?) -> Round<M.State> = { start, end, wanted in
        let chunkSize = max(1, min(Self.chunkSize, (end - start) / (workers * 8)))
        return Self.expand(
          level, start..<end, models: models, table: table, chunkSize: chunkSize,
          properties: wanted.map { (always, sometimes, $0) })
      }
      var roundStart = 0
      var roundEnd = min(current.count, roundSize)
      var round = launch(roundStart, roundEnd, run.wantedMask)
      while true {
        let began = run.seconds
        // The next round expands while this one is discovered.
        let nextStart = roundEnd
        let nextEnd = min(current.count, nextStart + roundSize)
        if nextStart < nextEnd {
          run.seen.reserve(additional: round.outputs.reduce(0) { $0 + $1.candidates.count } + 1)
          let wanted = run.wantedMask
          inFlight.launch { launch(nextStart, nextEnd, wanted) }
        }
        let workersCheck = run.wantedMask != nil
        var parent = firstIndex + roundStart
        for chunk in round.outputs {
          widest = max(widest, chunk.widest)
          if nextStart >= nextEnd { run.seen.reserve(additional: chunk.candidates.count) }
          var begin = 0
          for (generated, end) in zip(chunk.generated, chunk.candidateEnds) {
            run.generated += generated
            for index in begin..<end {
              // Prefetch ahead, so that the cache misses of a large table overlap.
              if index + 8 < chunk.candidates.count {
                run.seen.prefetch(chunk.candidates[index + 8].fingerprint)
              }
              let candidate = chunk.candidates[index]
              if run.discover(
                candidate.state, parent: parent, choice: candidate.choice, depth: depth + 1,
                fingerprint: candidate.fingerprint, checked: workersCheck ? candidate.checked : nil)
              {
                next.append(candidate.state)
              }
              if run.stop != nil {
                inFlight.wait()
                return try run.finish(exhaustive: false)
              }
            }
            begin = end
            parent += 1
          }
        }
        let following = inFlight.wait()
        let roundSeconds = run.seconds - began
        if roundSeconds < 0.1 && roundSize < largestRound {
          roundSize *= 2
        } else if roundSeconds > 0.4 && roundSize > workers {
          roundSize /= 2
        }
        run.nextClockCheck = 0
        run.tick(depth: depth, frontier: current.count - roundEnd + next.count)
        if run.stop != nil { return try run.finish(exhaustive: false) }
        guard let following else { break }
        round = following
        roundStart = nextStart
        roundEnd = nextEnd
      }
      swap(&current, &next)
      firstIndex = nextFirstIndex
      depth += 1
    }
    return try run.finish(exhaustive: true)
  }

  /// Expands the states of `level` at `states` on the workers, each taking chunks in turn; returns every chunk's output.
  /// The workers only read `table`.
  @inlinable
  static func expand(
    _ level: Frontier<M>, _ states: Range<Int>, models: [M], table: FingerprintSet, chunkSize: Int,
    properties: (always: [Property<M.State>], sometimes: [Property<M.State>], wanted: UInt64)?
  ) -> Round<M.State> {
    let chunks = (states.count + chunkSize - 1) / chunkSize
    let round = Round<M.State>(chunks: chunks)
    DispatchQueue.concurrentPerform(iterations: min(models.count, chunks)) { worker in
      let model = models[worker]
      // The worker's own copies of the predicates, so that calling them touches no reference
      // count that another thread touches too.
      let own = properties.map { properties in
        (
          always: properties.always.map { property in
            Property(property.name, property.expectation) { property.condition($0) }
          },
          sometimes: properties.sometimes.map { property in
            Property(property.name, property.expectation) { property.condition($0) }
          },
          wanted: properties.wanted
        )
      }
      var actions: [M.Action] = []
      var successors: [(state: M.State, fingerprint: UInt64, choice: Int)] = []
      var pending: [(state: M.State, fingerprint: UInt64, choice: Int)] = []
      // Successors this chunk already produced: a later copy could only be a duplicate, so
      // dropping it here changes nothing the discovery would do, and saves its checks.
      var produced = ChunkFilter()
      while true {
        let chunk = round.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        if chunk >= chunks { break }
        produced.reset()
        var output = ChunkOutput<M.State>()
        let start = states.startIndex + chunk * chunkSize
        let end = min(start + chunkSize, states.endIndex)
        output.generated.reserveCapacity(end - start)
        output.candidateEnds.reserveCapacity(end - start)
        // A state's successors are looked up after the next state's are generated, so that
        // the table's slots for them, prefetched when they were generated, are in cache.
        var pendingGenerated = -1
        for position in start..<end {
          let state = level[position]
          successors.removeAll(keepingCapacity: true)
          var generated = 0
          let listed = model.forEachSuccessor(of: state, scratch: &actions) { choice, successor in
            generated += 1
            // A step back to the same state needs no lookup: the state is known.
            if successor == state { return }
            let fingerprint = model.fingerprint(of: successor)
            table.prefetch(fingerprint)
            successors.append((successor, fingerprint, choice))
          }
          output.widest = max(output.widest, listed)
          if pendingGenerated >= 0 {
            flush(pending, generated: pendingGenerated, table, &produced, own, into: &output)
          }
          swap(&pending, &successors)
          pendingGenerated = generated
        }
        if pendingGenerated >= 0 {
          flush(pending, generated: pendingGenerated, table, &produced, own, into: &output)
        }
        round.outputs[chunk] = output
      }
    }
    return round
  }

  /// Hands one state's successors to the discovery: those not in the table and not produced
  /// before by this chunk, with their property checks. A function of its own, not a local one:
  /// variables a local function captures get dynamic exclusivity checks on every access.
  @inlinable
  static func flush(
    _ pending: [(state: M.State, fingerprint: UInt64, choice: Int)], generated: Int, _ table: FingerprintSet,
    _ produced: inout ChunkFilter,
    _ own: (always: [Property<M.State>], sometimes: [Property<M.State>], wanted: UInt64)?,
    into output: inout ChunkOutput<M.State>
  ) {
    for (successor, fingerprint, choice) in pending {
      if table.contains(fingerprint) || !produced.insert(fingerprint) { continue }
      // Property checks are pure, so they run here, in parallel, not in the discovery.
      let checked =
        own.map {
          SearchRun<M>.propertyMask(
            of: successor, always: $0.always, sometimes: $0.sometimes, wanted: $0.wanted)
        } ?? 0
      output.candidates.append((successor, fingerprint, choice, checked))
    }
    output.generated.append(generated)
    output.candidateEnds.append(output.candidates.count)
  }
}
