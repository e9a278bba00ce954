import Dispatch

/// Searches a model's behaviours for one that explains a recorded log (trace validation, as in
/// Cirstea, Kuppe, Merz et al., "Validating Traces of Distributed Programs Against TLA+
/// Specifications", 2024).
///
/// A configuration is a model state and, for each process of the log, how many of its events
/// are explained. A step of the model is allowed when each event it emits that the log can
/// record (`ConformanceLog`) is the next unexplained event of its process, and every event its
/// vector clock (if the log records one) says happened before it is explained; a step that emits
/// none is hidden (a delivery or an internal step the log does not show). Processes' logs are
/// merged in any order the model and the clocks allow, which keeps each process's own order, and
/// a receive after its send, since the model only receives what was sent.
///
/// The search goes breadth-first by the number of events explained, one layer at a time: each
/// layer's hidden steps are closed over first (a visited set per layer, so the closure ends in
/// any finite model), and only the layers not yet searched are kept, so memory follows the
/// width of the search, not the length of the log (but for the parent links that rebuild the
/// closest behaviour: eight bytes per configuration). With no bound on hidden steps the answer is
/// exact; with one, a log the bound cut off is reported incomplete, never "does not conform".
public struct ConformanceSearch<M: Model> {
  /// One configuration of the search.
  @usableFromInline struct Configuration {
    @usableFromInline var state: M.State
    @usableFromInline var positions: [Int32]
    @usableFromInline var hidden: Int32
    @usableFromInline var trail: Int32

    @inlinable init(state: M.State, positions: [Int32], hidden: Int32, trail: Int32) {
      self.state = state
      self.positions = positions
      self.hidden = hidden
      self.trail = trail
    }
  }

  @usableFromInline let model: M
  @usableFromInline let log: ConformanceLog
  @usableFromInline let options: ExplorerOptions
  /// The most hidden steps between two explained events; nil for no bound.
  @usableFromInline let hiddenStepLimit: Int?

  /// A search of `model`'s behaviours for `log`, within `options`' time and state limits.
  @inlinable public init(
    model: M, log: ConformanceLog, options: ExplorerOptions = ExplorerOptions(), hiddenStepLimit: Int? = nil
  ) {
    self.model = model
    self.log = log
    self.options = options
    self.hiddenStepLimit = hiddenStepLimit
  }

  /// Runs the search: first over the file's order of events, when the log has several processes
  /// and that order keeps its vector clocks (one merge, so the search stays as narrow as one
  /// process's log), then, if that order is not a behaviour, over every merge.
  @inlinable public func run() -> ConformanceResult {
    let began = DispatchTime.now().uptimeNanoseconds
    guard log.streams.count > 1, let ordered = log.inFileOrder else { return search(began: began) }
    var first = ConformanceSearch(
      model: model, log: ordered, options: options, hiddenStepLimit: hiddenStepLimit
    )
    .search(began: began)
    first.inFileOrder = true
    guard first.outcome == .doesNotConform else { return first }
    var second = search(began: began)
    second.configurations += first.configurations
    return second
  }

  /// Searches every merge of the processes' logs that the model and the clocks allow.
  @inlinable func search(began: UInt64) -> ConformanceResult {
    let stop = StopCondition(timeLimit: options.timeLimit, from: began, isCancelled: options.isCancelled)
    let total = log.events.count
    var layers: [Int: [Configuration]] = [:]
    var visited: [Int: Set<UInt64>] = [:]
    // Parent links: the configuration a step came from, and the step's index among the enabled
    // actions (for an initial state, -1 and its index), as `Path.replay` takes them.
    var parents: [Int32] = []
    var choices: [UInt32] = []
    var configurations = 0
    var hiddenBoundReached = false
    let start = [Int32](repeating: 0, count: log.streams.count)
    for (index, state) in model.initialStates.enumerated()
    where visited[0, default: []].insert(key(state, start)).inserted {
      parents.append(-1)
      choices.append(UInt32(index))
      layers[0, default: []].append(
        Configuration(state: state, positions: start, hidden: 0, trail: Int32(parents.count - 1)))
    }
    var last: [Configuration] = []
    // In the layer being searched, the step that explained most of its events before one it
    // could not: how many, and that event.
    var partial: (matched: Int, event: Int, from: Configuration)?
    var explained = 0
    var actions: [M.Action] = []
    func finish(_ outcome: ConformanceResult.Outcome) -> ConformanceResult {
      var result = report(
        last, explained: explained, outcome: outcome, partial: partial.map { ($0.event, $0.from) },
        parents: parents, choices: choices)
      result.configurations = configurations
      result.seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
      return result
    }
    var layer = 0
    while layer <= total {
      guard var queue = layers.removeValue(forKey: layer) else {
        layer += 1
        continue
      }
      explained = layer
      if layer == total {
        last = queue
        return finish(.conforms)
      }
      var index = 0
      partial = nil
      while index < queue.count {
        if configurations & 255 == 0 && stop.reached() {
          last = queue
          return finish(.incomplete(reason: stop.reason))
        }
        if let limit = options.maxStates, configurations >= limit {
          last = queue
          return finish(.incomplete(reason: "state limit of \(limit) reached"))
        }
        let configuration = queue[index]
        index += 1
        actions.removeAll(keepingCapacity: true)
        model.actions(from: configuration.state, into: &actions)
        for (choice, action) in actions.enumerated() {
          guard let next = model.successor(of: configuration.state, via: action) else { continue }
          let positions: [Int32]
          switch explain(action, from: configuration.state, to: next, after: configuration.positions) {
          case .explains(let advanced):
            positions = advanced
          case .mismatch(let matched, let event):
            // A step that explains some of its events and not the next one points at the event
            // the log has where the model has another.
            if matched > 0 && event >= 0 && matched > (partial?.matched ?? 0) {
              partial = (matched, event, configuration)
            }
            continue
          }
          let advanced = Int(positions.reduce(0, +)) - layer
          if advanced == 0, let hiddenStepLimit, configuration.hidden >= hiddenStepLimit {
            hiddenBoundReached = true
            continue
          }
          guard visited[layer + advanced, default: []].insert(key(next, positions)).inserted else { continue }
          configurations += 1
          parents.append(configuration.trail)
          choices.append(UInt32(choice))
          let child = Configuration(
            state: next, positions: positions, hidden: advanced == 0 ? configuration.hidden + 1 : 0,
            trail: Int32(parents.count - 1))
          if advanced == 0 {
            queue.append(child)
          } else {
            layers[layer + advanced, default: []].append(child)
          }
        }
      }
      visited[layer] = nil
      last = queue
      layer += 1
    }
    if hiddenBoundReached {
      return finish(
        .incomplete(
          reason: "the bound of \(hiddenStepLimit ?? 0) hidden steps between logged events was reached"))
    }
    return finish(.doesNotConform)
  }

  /// What a step does to a configuration.
  @usableFromInline enum Explanation {
    /// It explains its observable events: the positions after them.
    case explains([Int32])
    /// It explains `matched` of its events, and the next is not the log's `event` (an index into
    /// the log's events; -1 when that process's log has ended).
    case mismatch(matched: Int, event: Int)
  }

  /// Whether `action` explains its observable events in order, each its process's next
  /// unexplained event.
  @inlinable func explain(
    _ action: M.Action, from before: M.State, to after: M.State, after positions: [Int32]
  )
    -> Explanation
  {
    let description = model.describe(action, from: before, to: after)
    var positions = positions
    var matched = 0
    for event in description.events where log.observedTypes.contains(event.type) {
      let json = event.json(process: description.process ?? "environment")
      let process: String
      if case .string(let name)? = json["process"] { process = name } else { process = "" }
      guard let stream = log.streamIndex[process] else { continue }
      let position = Int(positions[stream])
      let events = log.streams[stream]
      guard position < events.count else { return .mismatch(matched: matched, event: -1) }
      let logged = events[position]
      guard ConformanceLog.matches(json, log.events[logged].fields),
        log.requirements[logged].allSatisfy({ positions[$0.stream] >= $0.count })
      else {
        return .mismatch(matched: matched, event: logged)
      }
      positions[stream] += 1
      matched += 1
    }
    return .explains(positions)
  }

  /// The key of a configuration in its layer's visited set: the state's fingerprint mixed with
  /// how far each process's log is explained.
  @inlinable func key(_ state: M.State, _ positions: [Int32]) -> UInt64 {
    var hash = model.fingerprint(of: state)
    for position in positions {
      hash = (hash ^ UInt64(UInt32(bitPattern: position))) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 29
    }
    return hash
  }

  /// The result from the last layer searched: its first configuration's behaviour, and the
  /// event it could not explain.
  @inlinable func report(
    _ last: [Configuration], explained: Int, outcome: ConformanceResult.Outcome,
    partial: (event: Int, from: Configuration)?,
    parents: [Int32], choices: [UInt32]
  ) -> ConformanceResult {
    var result = ConformanceResult(outcome: outcome, events: log.events.count, explained: explained)
    // The configuration whose earliest unexplained event comes first in the file.
    func earliest(_ configuration: Configuration) -> Int? {
      var best: Int?
      for (stream, events) in log.streams.enumerated()
      where Int(configuration.positions[stream]) < events.count {
        let event = events[Int(configuration.positions[stream])]
        if best.map({ event < $0 }) ?? true { best = event }
      }
      return best
    }
    guard
      let chosen = partial?.from ?? last.min(by: { (earliest($0) ?? Int.max) < (earliest($1) ?? Int.max) })
    else { return result }
    var trail: [Int] = []
    var link = Int(chosen.trail)
    while link >= 0 {
      trail.append(Int(choices[link]))
      link = Int(parents[link])
    }
    result.choices = trail.reversed()
    guard outcome != .conforms, let event = partial?.event ?? earliest(chosen) else { return result }
    result.firstUnexplained = log.events[event]
    var seen = Set<UInt64>()
    for configuration in last where configuration.positions == chosen.positions {
      guard seen.insert(model.fingerprint(of: configuration.state)).inserted else { continue }
      if result.statesBefore.count < 3 { result.statesBefore.append(model.describe(configuration.state)) }
    }
    result.possibleStates = seen.count
    return result
  }
}
