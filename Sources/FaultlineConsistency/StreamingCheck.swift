import Dispatch
import FaultlineCore

/// Checks a history for linearizability while it is read, in memory bounded by the number of
/// keys, the clients and the configurations carried (states × operations that may or may not
/// have taken effect yet), not by the history's length. One stream per key (a key-value store,
/// or Jepsen's independent keys); a single object is the stream of key nil.
///
/// Each stream's operations collect in a segment, in invocation order. Its *frontier* is the
/// invocation of its oldest operation that has not completed (an `info` completion counts: the
/// outcome is known to be unknown). Every operation invoked before the frontier has completed,
/// so the prefix before it can be searched with every output known, though clients always
/// overlap: the search (`Linearizer`, from every configuration carried so far) must linearize
/// the operations that returned before the frontier and may linearize the others it holds; it
/// lists the configurations in which the last of the required ones has just taken effect
/// ("just in time", as in Lowe, *Testing for linearizability*, 2017). Those are kept, with the
/// operations some of them have not linearized yet (still running at the frontier, or of
/// unknown outcome), and the rest of the prefix is dropped. Any linearization of the whole
/// history passes through one of them: up to its last required operation it holds only
/// operations invoked before the frontier. So the history is linearizable exactly when the
/// last segment linearizes from one of the configurations carried to it.
///
/// A cut that would explore more than `configurationLimit` configurations, or carry more than
/// `carriedLimit`, is tried again before half as many operations. When even one operation is too
/// many, the stream is no longer cut: its segment grows to the end and is searched whole then,
/// with no limit but the time and memory limits (incomplete, never holds, when one runs out).
package struct StreamingCheck<Object: StreamedObject>: ClientEventSink {
  /// One key's part of the check.
  private struct Stream {
    /// Operations from earlier segments that may still take effect (running at the last cut, or
    /// of unknown outcome), all completed.
    var carried: [HistoryOperation] = []
    /// The ways the earlier segments can have been linearized: bits over `carried`, and a state.
    var configurations: [SegmentConfiguration<Object.Spec.State>]
    /// The operations since the last cut, in invocation order.
    var segment: [HistoryOperation] = []
    /// Operations removed from the front of the segment: an operation's number less this is its
    /// index in the segment.
    var removed = 0
    /// The index in the segment of the first operation that has not completed: the frontier.
    var frontier = 0
    /// The operations of the key no longer shown in a witness.
    var earlier = 0
    /// Whether cutting gave up for this key.
    var uncut = false
    /// The most operations the next cut takes: halved when a cut was too large, so that the
    /// next ones do not fail the same way first, and doubled back when one succeeds.
    var cutLength = Int.max
  }

  let file: String
  let stop: StopCondition
  let timeLimit: Double?
  /// Cut a stream once this many operations are before its frontier.
  package var segmentLength = 32
  /// The most configurations a cut may explore; a cut before one operation that explores more
  /// stops the stream being cut.
  package var configurationLimit = 1 << 16
  /// The most configurations a cut may carry; likewise.
  package var carriedLimit = 1 << 12

  private var object: Object
  private var streams: [TraceValue: Stream] = [:]
  private var keyOrder: [TraceValue] = []
  /// Whether any operation named a key: witnesses then name it.
  private var keyed = false
  /// Each process's operation in flight: its key, its number in the key's stream (-1 when not
  /// kept), and the operation itself.
  private var pending: [String: (key: TraceValue, number: Int, operation: HistoryOperation)] = [:]
  /// The error of the first operation (by invocation) the spec cannot take, raised by `finish`.
  private var deferredError: (call: Int, error: Error)?
  private var position = 0
  /// The first violation or time-out. After a violation the rest is still read, for its errors
  /// and counts; after a time-out the reader stops.
  package var verdict: Verdict?
  /// The client operations read.
  package var operations = 0

  /// A check of the trace `file` against `object`; `timeLimit` counts from `began` (uptime
  /// nanoseconds; now by default).
  package init(
    object: Object, file: String, timeLimit: Double?, began: UInt64 = DispatchTime.now().uptimeNanoseconds,
    isCancelled: (@Sendable () -> Bool)? = nil
  ) {
    self.object = object
    self.file = file
    self.timeLimit = timeLimit
    stop = StopCondition(timeLimit: timeLimit, from: began, isCancelled: isCancelled)
  }

  package mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    if let open = pending[process] {
      throw HistoryBuilder.secondInvocation(process, invokedOn: open.operation.callLine, file, line, column)
    }
    let operation = HistoryOperation(
      process: process, function: function, key: key, arguments: arguments, status: .info, call: position,
      return: nil, callLine: line)
    position += 1
    operations += 1
    // Checked now, in file order, as the whole-history check would; but raised at the end, as
    // that check only runs once the whole file has decoded.
    validate(operation)
    if key != nil { keyed = true }
    let stream = key ?? .null
    guard !stopped, key != nil || !Object.needsKey else {
      // The answer is known: operations are only paired, not kept, so memory stays bounded.
      pending[process] = (stream, -1, operation)
      return
    }
    if streams[stream] == nil {
      streams[stream] = Stream(configurations: [
        SegmentConfiguration(bits: [], state: object.spec.initialState)
      ])
      keyOrder.append(stream)
    }
    let number = (streams[stream]?.removed ?? 0) + (streams[stream]?.segment.count ?? 0)
    pending[process] = (stream, number, operation)
    streams[stream]?.segment.append(operation)
  }

  package mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  ) throws {
    guard let open = pending.removeValue(forKey: process) else {
      throw HistoryBuilder.unpairedCompletion(process, file, line, column)
    }
    position += 1
    var operation = open.operation
    operation.status = status
    operation.returnLine = line
    if status == .ok { operation.result = result }
    // An unknown outcome leaves the interval open to the end.
    if status != .info { operation.return = position - 1 }
    validate(operation)
    guard open.number >= 0, var stream = streams.removeValue(forKey: open.key) else { return }
    stream.segment[open.number - stream.removed] = operation
    while stream.frontier < stream.segment.count && stream.segment[stream.frontier].returnLine != nil {
      stream.frontier += 1
    }
    if !stopped, stop.reached() {
      verdict = .incomplete(reason: stop.reason(timeLimit: timeLimit) + " at line \(line)")
    }
    if stopped {
      stream.segment.removeFirst(stream.frontier)
      stream.removed += stream.frontier
      stream.frontier = 0
    } else if stream.frontier >= segmentLength && !stream.uncut {
      try cut(&stream, key: open.key, final: false)
    }
    streams[open.key] = stream
    if object.needsCompaction(streams: keyOrder.count) { compact() }
  }

  /// Records the operation's error unless an earlier-invoked one's is already recorded.
  private mutating func validate(_ operation: HistoryOperation) {
    if let deferredError, deferredError.call <= operation.call { return }
    do {
      try object.validate(operation, file: file)
    } catch {
      deferredError = (operation.call, error)
    }
  }

  /// Whether the answer is known (a violation, a time-out or a malformed operation).
  private var stopped: Bool { verdict != nil || deferredError != nil }

  /// Whether the time limit passed: reading can stop.
  package var timedOut: Bool {
    if case .incomplete? = verdict { return true }
    return false
  }

  /// Checks what is left of every stream: the verdict for the whole history.
  package mutating func finish() throws -> Verdict {
    if let deferredError { throw deferredError.error }
    for key in keyOrder where verdict == nil {
      guard var stream = streams[key] else { continue }
      try cut(&stream, key: key, final: true)
      streams[key] = stream
    }
    return verdict ?? .holds
  }

  /// Searches the stream's operations before its frontier (all of them when `final`) from its
  /// configurations; keeps the ends, or records a violation.
  private mutating func cut(_ stream: inout Stream, key: TraceValue, final: Bool) throws {
    var count = final ? stream.segment.count : min(stream.frontier, stream.cutLength)
    // A cut too large to list is tried again before fewer operations: any point before the
    // frontier will do, and fewer operations leave fewer ways.
    while try !cut(&stream, key: key, count: count, final: final) {
      guard count > 1 else {
        stream.uncut = true
        return
      }
      count /= 2
      stream.cutLength = count
    }
    if stream.cutLength < Int.max / 2 && count == stream.cutLength { stream.cutLength *= 2 }
  }

  /// Searches the first `count` operations of the segment; false when that would explore or keep
  /// too many configurations.
  private mutating func cut(_ stream: inout Stream, key: TraceValue, count: Int, final: Bool) throws -> Bool {
    object.prepareSearch()
    // Operations that returned before the cut must have taken effect by it; the cut is just
    // before the first operation left in the segment.
    let frontier = final ? Int.max : count < stream.segment.count ? stream.segment[count].call : position
    // The carried operations first: the configurations' bits are over them. None is dropped
    // here: they were kept by the same conversion before.
    var kept: [HistoryOperation] = []
    var ops: [Object.Spec.Operation] = []
    for operation in stream.carried + stream.segment[0..<count] where operation.status != .fail {
      guard let op = try object.operation(operation, file: file) else { continue }
      ops.append(op)
      kept.append(operation)
    }
    let required = kept.map { $0.status == .ok && ($0.return ?? Int.max) < frontier }
    var search = Linearizer(
      spec: object.spec, operations: ops, required: required,
      order: RealTimeOrder(
        calls: kept.indices.map { $0 < stream.carried.count ? -1 : kept[$0].call },
        returns: kept.map(LinearizabilityChecker.returnPosition)),
      starts: stream.configurations, enumerate: !final, limit: final ? Int.max : configurationLimit)
    let outcome = search.run(stop: stop)
    switch outcome {
    case .linearizable where final:
      stream.segment = []
    case .linearizable:
      let ends = Self.undominated(search.ends, unknown: kept.indices.filter { kept[$0].status == .info })
      // Carry what some end has not linearized: it may still take effect.
      let open = kept.indices.filter { op in !required[op] && ends.contains { !Self.has($0.bits, op) } }
      var next: [SegmentConfiguration<Object.Spec.State>] = []
      var seen = Set<SegmentConfiguration<Object.Spec.State>>()
      for end in ends {
        var bits = [UInt64](repeating: 0, count: (open.count + 63) / 64)
        for (slot, op) in open.enumerated() where Self.has(end.bits, op) {
          bits[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        let configuration = SegmentConfiguration(bits: bits, state: object.carry(end.state))
        if seen.insert(configuration).inserted { next.append(configuration) }
      }
      if next.count > carriedLimit { return false }
      stream.earlier += stream.carried.count + count - open.count
      stream.carried = open.map { kept[$0] }
      stream.configurations = next
      stream.segment.removeFirst(count)
      stream.removed += count
      stream.frontier -= count
    case .tooLarge:
      return false
    case .timedOut:
      verdict = .incomplete(reason: stop.reason(timeLimit: timeLimit) + " at event \(position)")
    case .violation(let start, _, _):
      // The carried operations the start configuration had linearized are not part of the prefix
      // shown: they took effect in an earlier segment.
      verdict = LinearizabilityChecker.verdict(
        outcome, kept, object.spec, ops, key: keyed ? key : nil, timeLimit: timeLimit,
        start: stream.configurations[start].state, earlier: stream.earlier)
    }
    return true
  }

  /// The ends less those another end makes redundant: one with the same state and the same
  /// operations linearized except for some of unknown outcome (`unknown`) left out. Leaving one
  /// of those out is always allowed, so whatever can follow the larger end can follow the other.
  private static func undominated(
    _ ends: [SegmentConfiguration<Object.Spec.State>], unknown: [Int]
  ) -> [SegmentConfiguration<Object.Spec.State>] {
    guard !unknown.isEmpty, ends.count > 1 else { return ends }
    var mask = [UInt64](repeating: 0, count: ends[0].bits.count)
    for op in unknown where op >> 6 < mask.count { mask[op >> 6] |= 1 << UInt64(op & 63) }
    // Grouped by state and the known operations linearized; within a group, an end whose
    // unknown operations include another's is dropped.
    var groups: [SegmentConfiguration<Object.Spec.State>: [Int]] = [:]
    for (index, end) in ends.enumerated() {
      let known = SegmentConfiguration(bits: zip(end.bits, mask).map { $0 & ~$1 }, state: end.state)
      groups[known, default: []].append(index)
    }
    var kept = [Bool](repeating: true, count: ends.count)
    for members in groups.values where members.count > 1 {
      for a in members {
        for b in members where a != b && kept[b] {
          // b's unknown operations are a subset of a's (a tie keeps the first).
          let subset = zip(ends[a].bits, ends[b].bits).allSatisfy { $1 & ~$0 == 0 }
          if subset && (ends[a].bits != ends[b].bits || b < a) {
            kept[a] = false
            break
          }
        }
      }
    }
    return ends.indices.filter { kept[$0] }.map { ends[$0] }
  }

  private static func has(_ bits: [UInt64], _ op: Int) -> Bool {
    op >> 6 < bits.count && bits[op >> 6] & (1 << UInt64(op & 63)) != 0
  }

  /// Rebuilds the object's interned values with only those the carried configurations use.
  private mutating func compact() {
    var states: [Object.Spec.State] = []
    for key in keyOrder { states += streams[key]?.configurations.map(\.state) ?? [] }
    object.compact(&states)
    var index = 0
    for key in keyOrder {
      guard var stream = streams[key] else { continue }
      for slot in stream.configurations.indices {
        stream.configurations[slot].state = states[index]
        index += 1
      }
      streams[key] = stream
    }
  }
}
