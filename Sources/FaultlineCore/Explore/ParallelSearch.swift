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

extension Explorer {
  /// States a chunk hands to one worker at a time.
  @usableFromInline static var chunkSize: Int { 512 }

  /// Breadth-first search on `options.workers` threads.
  ///
  /// Levels are cut into rounds. In a round the workers expand the states (the costly part:
  /// actions, successors, fingerprints) and drop successors already visited, reading the table
  /// that nobody writes meanwhile. Then one thread takes the remaining successors in frontier
  /// order and discovers them exactly as the sequential search does: the same insertions, the
  /// same parent links, the same property checks, the same stopping point. So states, counts,
  /// paths and verdicts are those of `--workers 1` for any number of workers, violated and
  /// limited runs included.
  @inlinable
  func parallelBreadthFirst() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: true)
    var current = run.discoverInitialStates()
    if run.stop != nil { return try run.finish(exhaustive: false) }
    let workers = options.workers
    // Rounds start small and grow while they are quick, so that a time limit or a signal is
    // honoured within a fraction of a second even where one state costs milliseconds.
    let largestRound = Self.chunkSize * 64 * workers
    var roundSize = workers
    var firstIndex = 0
    var depth = 0
    var next: [M.State] = []
    var widest = 1
    var touched: UInt64 = 0
    // Workers check the properties too, unless there are too many `sometimes` ones for a mask.
    let workersCheck = run.wantedMask != nil
    // One copy of the model per worker, kept across rounds, so that per-thread caches last.
    let models = (0..<workers).map { _ in model.worker() }
    defer { run.seen.touched = touched }
    while !current.isEmpty && !run.isAtDepthBound(current, depth: depth) {
      next.removeAll(keepingCapacity: true)
      let nextFirstIndex = run.count
      var roundStart = 0
      while roundStart < current.count {
        let roundEnd = min(current.count, roundStart + roundSize)
        let roundBegan = run.seconds
        let chunkSize = max(1, min(Self.chunkSize, roundSize / (workers * 8)))
        let round = expand(
          current[roundStart..<roundEnd], models: models, table: run.seen, chunkSize: chunkSize,
          properties: run.wantedMask.map { (run.always, run.sometimes, $0) })
        var parent = firstIndex + roundStart
        for chunk in round.outputs {
          widest = max(widest, chunk.widest)
          run.seen.reserve(additional: chunk.candidates.count)
          var begin = 0
          for (generated, end) in zip(chunk.generated, chunk.candidateEnds) {
            run.generated += generated
            for index in begin..<end {
              // Read ahead, so that the cache misses of a large table overlap.
              if index + 8 < chunk.candidates.count {
                touched &+= run.seen.touch(chunk.candidates[index + 8].fingerprint)
              }
              let candidate = chunk.candidates[index]
              if run.discover(
                candidate.state, parent: parent, choice: candidate.choice, depth: depth + 1,
                fingerprint: candidate.fingerprint, checked: workersCheck ? candidate.checked : nil)
              {
                next.append(candidate.state)
              }
              if run.stop != nil { return try run.finish(exhaustive: false) }
            }
            begin = end
            parent += 1
          }
        }
        let roundSeconds = run.seconds - roundBegan
        if roundSeconds < 0.1 && roundSize < largestRound {
          roundSize *= 2
        } else if roundSeconds > 0.4 && roundSize > workers {
          roundSize /= 2
        }
        run.nextClockCheck = 0
        run.tick(depth: depth, frontier: current.count - roundEnd + next.count)
        if run.stop != nil { return try run.finish(exhaustive: false) }
        roundStart = roundEnd
      }
      swap(&current, &next)
      firstIndex = nextFirstIndex
      depth += 1
    }
    return try run.finish(exhaustive: true)
  }

  /// Expands `states` on the workers, each taking chunks in turn; returns every chunk's output.
  /// The workers only read `table`.
  @inlinable
  func expand(
    _ states: ArraySlice<M.State>, models: [M], table: FingerprintSet, chunkSize: Int,
    properties: (always: [Property<M.State>], sometimes: [Property<M.State>], wanted: UInt64)?
  ) -> Round<M.State> {
    let chunks = (states.count + chunkSize - 1) / chunkSize
    let round = Round<M.State>(chunks: chunks)
    DispatchQueue.concurrentPerform(iterations: min(models.count, chunks)) { worker in
      let model = models[worker]
      var actions: [M.Action] = []
      // Successors this chunk already produced: a later copy could only be a duplicate, so
      // dropping it here changes nothing the discovery would do, and saves its checks.
      var produced = Set<UInt64>()
      while true {
        let chunk = round.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        if chunk >= chunks { break }
        produced.removeAll(keepingCapacity: true)
        var output = ChunkOutput<M.State>()
        let start = states.startIndex + chunk * chunkSize
        let end = min(start + chunkSize, states.endIndex)
        output.generated.reserveCapacity(end - start)
        output.candidateEnds.reserveCapacity(end - start)
        for position in start..<end {
          let state = states[position]
          actions.removeAll(keepingCapacity: true)
          model.actions(from: state, into: &actions)
          output.widest = max(output.widest, actions.count)
          var generated = 0
          for choice in actions.indices {
            guard let successor = model.successor(of: state, via: actions[choice]) else { continue }
            generated += 1
            // A step back to the same state needs no lookup: the state is known.
            if successor == state { continue }
            let fingerprint = model.fingerprint(of: successor)
            if table.contains(fingerprint) || !produced.insert(fingerprint).inserted { continue }
            // Property checks are pure, so they run here, in parallel, not in the discovery.
            let checked =
              properties.map {
                SearchRun<M>.propertyMask(
                  of: successor, always: $0.always, sometimes: $0.sometimes, wanted: $0.wanted)
              } ?? 0
            output.candidates.append((successor, fingerprint, choice, checked))
          }
          output.generated.append(generated)
          output.candidateEnds.append(output.candidates.count)
        }
        round.outputs[chunk] = output
      }
    }
    return round
  }
}
