import Dispatch
import Synchronization

/// What one chunk of a round produced: its new states with their parent links, and what the
/// property checks found among them.
@usableFromInline
struct ChunkOutput<State> {
  @usableFromInline var states: [State] = []
  @usableFromInline var parents: [UInt32] = []
  @usableFromInline var choices: [UInt16] = []
  @usableFromInline var generated = 0
  @usableFromInline var widest = 0
  /// What the cache-warming reads found, kept so that they are not optimised away.
  @usableFromInline var touched: UInt64 = 0
  /// The first new state that violated `always` properties, by offset, with their names.
  @usableFromInline var violation: (offset: Int, properties: [String])? = nil
  /// For each `sometimes` property, the offset of the first new state reaching it.
  @usableFromInline var reached: [Int?] = []
  /// States the full table could not take; the coordinator inserts them after growing it.
  @usableFromInline var overflow: [(state: State, parent: UInt32, choice: UInt16)] = []

  @usableFromInline init() {}
}

/// Shared between the workers of one round: their outputs, one slot per chunk, and the
/// counters they coordinate with.
@usableFromInline
final class Round<State>: @unchecked Sendable {
  @usableFromInline let outputs: UnsafeMutableBufferPointer<ChunkOutput<State>>
  @usableFromInline let nextChunk = Atomic<Int>(0)
  @usableFromInline let stopped = Atomic<Bool>(false)

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

  /// Breadth-first search on `options.workers` threads. Levels are cut into rounds; between
  /// rounds one thread grows the table and appends the chunks' outputs in chunk order, so the
  /// frontier's order, the counts and the verdict do not depend on the number of workers.
  @inlinable
  func parallelBreadthFirst() throws(FaultlineError) -> Exploration<M> {
    var run = SearchRun(model: model, options: options, keepsLinks: true)
    var current = run.discoverInitialStates()
    if run.stop != nil { return try run.finish(exhaustive: false) }
    let workers = options.workers
    let roundSize = Self.chunkSize * 64 * workers
    var widest = 1
    var firstIndex = 0
    var depth = 0
    var next: [M.State] = []
    while !current.isEmpty && !run.isAtDepthBound(current, depth: depth) {
      next.removeAll(keepingCapacity: true)
      let nextFirstIndex = run.count
      var roundStart = 0
      while roundStart < current.count {
        let roundEnd = min(current.count, roundStart + roundSize)
        run.seen.reserve(additional: (roundEnd - roundStart) * widest)
        let round = explore(
          current[roundStart..<roundEnd], firstIndex: firstIndex + roundStart, table: run.seen,
          reached: run.reached.map { $0 != nil })
        for chunk in round.outputs {
          let base = run.parents.count
          run.generated += chunk.generated
          widest = max(widest, chunk.widest)
          next.append(contentsOf: chunk.states)
          run.parents.append(contentsOf: chunk.parents)
          run.choices.append(contentsOf: chunk.choices)
          run.seen.count += chunk.states.count
          if !chunk.states.isEmpty { run.maxDepth = depth + 1 }
          if run.violation == nil, let (offset, properties) = chunk.violation {
            run.violation = (properties, run.choices(to: base + offset))
            run.stop = .violation
          }
          for (i, offset) in chunk.reached.enumerated() where run.reached[i] == nil {
            if let offset {
              run.reached[i] = run.choices(to: base + offset)
              run.unreached -= 1
            }
          }
        }
        if run.stop != nil { return try run.finish(exhaustive: false) }
        for chunk in round.outputs {
          for item in chunk.overflow
          where run.discover(item.state, parent: Int(item.parent), choice: Int(item.choice), depth: depth + 1)
          {
            next.append(item.state)
          }
          if run.stop != nil { return try run.finish(exhaustive: false) }
        }
        if let limit = options.maxStates, run.count >= limit {
          run.stop = .limit("reached the limit of \(limit) distinct states (--max-states)")
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
  @inlinable
  func explore(_ states: ArraySlice<M.State>, firstIndex: Int, table: FingerprintSet, reached: [Bool])
    -> Round<M.State>
  {
    let chunkSize = Self.chunkSize
    let chunks = (states.count + chunkSize - 1) / chunkSize
    let round = Round<M.State>(chunks: chunks)
    let properties = model.properties
    let always = properties.filter { $0.expectation == .always }
    let sometimes = properties.filter { $0.expectation == .sometimes }
    DispatchQueue.concurrentPerform(iterations: min(options.workers, chunks)) { _ in
      var actions: [M.Action] = []
      var successors: [(state: M.State, choice: Int, fingerprint: UInt64)] = []
      while !round.stopped.load(ordering: .relaxed) {
        let chunk = round.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        if chunk >= chunks { break }
        var output = ChunkOutput<M.State>()
        output.reached = Array(repeating: nil, count: sometimes.count)
        let start = states.startIndex + chunk * chunkSize
        for position in start..<min(start + chunkSize, states.endIndex) {
          let state = states[position]
          let parent = UInt32(truncatingIfNeeded: firstIndex + position - states.startIndex)
          actions.removeAll(keepingCapacity: true)
          model.actions(from: state, into: &actions)
          output.widest = max(output.widest, actions.count)
          successors.removeAll(keepingCapacity: true)
          for choice in actions.indices {
            guard let successor = model.successor(of: state, via: actions[choice]) else { continue }
            output.generated += 1
            if successor == state { continue }
            let fingerprint = model.fingerprint(of: successor)
            output.touched &+= table.touch(fingerprint)
            successors.append((successor, choice, fingerprint))
          }
          for (successor, choice, fingerprint) in successors {
            switch table.insertConcurrently(fingerprint) {
            case .present: continue
            case .full:
              output.overflow.append((successor, parent, UInt16(truncatingIfNeeded: choice)))
              continue
            case .inserted: break
            }
            let offset = output.states.count
            output.states.append(successor)
            output.parents.append(parent)
            output.choices.append(UInt16(truncatingIfNeeded: choice))
            var failed: [String] = []
            for property in always where !property.condition(successor) { failed.append(property.name) }
            if !failed.isEmpty && output.violation == nil {
              output.violation = (offset, failed)
              round.stopped.store(true, ordering: .relaxed)
            }
            for (i, property) in sometimes.enumerated()
            where !reached[i] && output.reached[i] == nil && property.condition(successor) {
              output.reached[i] = offset
            }
          }
        }
        round.outputs[chunk] = output
      }
    }
    return round
  }
}
