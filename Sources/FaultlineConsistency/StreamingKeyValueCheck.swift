import Dispatch
import FaultlineCore

/// Checks a key-value history for linearizability while it is read, in memory bounded by the
/// number of keys and the longest stretch of a key's history without a quiescent point, not by
/// the history's length.
///
/// Each key's operations collect in a segment. When none of the key's operations is pending and
/// the segment is long enough, the segment is cut: every way it can be linearized from the
/// configurations carried so far is listed (a state, and which operations of unknown outcome
/// have not taken effect yet), and only those configurations are kept. The key's history is
/// linearizable exactly when the last segment linearizes from one of them (see `Linearizer`).
/// Interned values no longer in any configuration or segment are dropped as the table grows.
///
/// A key whose cut would list too many configurations (many operations of unknown outcome, or
/// heavy concurrency) is no longer cut: its segment grows until the end, and is checked then.
package struct StreamingKeyValueCheck: ClientEventSink {
  /// One key's part of the check.
  private struct KeyStream {
    /// Operations of unknown outcome from earlier segments that may still take effect.
    var carried: [HistoryOperation] = []
    /// The ways the earlier segments can have been linearized: bits over `carried`, and a state.
    var configurations: [SegmentConfiguration<Int>]
    /// The operations since the last cut, in invocation order.
    var segment: [HistoryOperation] = []
    /// The segment's operations that have not completed.
    var pending = 0
    /// The operations checked in earlier segments.
    var earlier = 0
    /// Whether cutting gave up for this key.
    var uncut = false
  }

  let file: String
  let stop: StopCondition
  let timeLimit: Double?
  /// Cut a key's segment once it holds this many operations and none is pending.
  package var segmentLength = 32
  /// The most configurations a cut may explore before the key stops being cut.
  var configurationLimit = 1 << 14

  private var table = KeyValueTable()
  private var spec: KeyValueSpec
  private var keys: [TraceValue: KeyStream] = [:]
  private var keyOrder: [TraceValue] = []
  /// Each process's operation in flight: its key, its index in the key's segment (-1 when not
  /// kept) and its line.
  private var pending: [String: (key: TraceValue, index: Int, line: Int)] = [:]
  /// The first operation the kv spec cannot take, raised by `finish`.
  private var deferredError: Error?
  private var position = 0
  private var liveValues = 0
  /// The first violation or time-out. After a violation the rest is still read, for its errors
  /// and counts; after a time-out the reader stops.
  package var verdict: Verdict?
  /// The client operations read.
  package var operations = 0

  /// A check of the trace `file`; `timeLimit` counts from `began` (uptime nanoseconds; now by
  /// default).
  package init(
    file: String, initial: TraceValue?, timeLimit: Double?,
    began: UInt64 = DispatchTime.now().uptimeNanoseconds, isCancelled: (@Sendable () -> Bool)? = nil
  ) {
    self.file = file
    self.timeLimit = timeLimit
    stop = StopCondition(timeLimit: timeLimit, from: began, isCancelled: isCancelled)
    spec = KeyValueSpec(
      initial: table.id(KeyValueText(initial.map(LinearizabilityChecker.text) ?? "")), table: table)
  }

  package mutating func invoke(
    process: String, function: String, key: TraceValue?, arguments: [TraceValue], line: Int, column: Int
  ) throws {
    if let open = pending[process] {
      throw HistoryBuilder.secondInvocation(process, invokedOn: open.line, file, line, column)
    }
    let operation = HistoryOperation(
      process: process, function: function, key: key, arguments: arguments, status: .info, call: position,
      return: nil, callLine: line)
    position += 1
    operations += 1
    // Checked now, in file order, as the whole-history check would; but raised at the end, as
    // that check only runs once the whole file has decoded.
    if deferredError == nil {
      do {
        guard key != nil else {
          throw LinearizabilityChecker.malformed(
            operation, file, expected: "a key for a kv operation", found: "no key")
        }
        switch function {
        case "get", "read": break
        case "put", "write", "append": _ = try LinearizabilityChecker.argument(operation, file)
        default: throw LinearizabilityChecker.unknownFunction(operation, .kv, file)
        }
      } catch {
        deferredError = error
      }
    }
    guard let key, !stopped else {
      // The answer is known: operations are only paired, not kept, so memory stays bounded.
      pending[process] = (key ?? .null, -1, line)
      return
    }
    if keys[key] == nil {
      keys[key] = KeyStream(configurations: [SegmentConfiguration(bits: [], state: spec.initialState)])
      keyOrder.append(key)
    }
    keys[key]?.pending += 1
    pending[process] = (key, keys[key]?.segment.count ?? 0, line)
    keys[key]?.segment.append(operation)
  }

  package mutating func complete(
    process: String, status: OperationStatus, result: TraceValue?, line: Int, column: Int
  ) throws {
    guard let open = pending.removeValue(forKey: process) else {
      throw HistoryBuilder.unpairedCompletion(process, file, line, column)
    }
    position += 1
    guard open.index >= 0, var stream = keys.removeValue(forKey: open.key) else { return }
    stream.segment[open.index].status = status
    stream.segment[open.index].returnLine = line
    if status == .ok { stream.segment[open.index].result = result }
    // An unknown outcome leaves the interval open to the end: it no longer blocks a cut.
    if status != .info { stream.segment[open.index].return = position - 1 }
    stream.pending -= 1
    if !stopped, stop.reached() {
      verdict = .incomplete(reason: stop.reason(timeLimit: timeLimit) + " at line \(line)")
    }
    if stopped {
      if stream.pending == 0 { stream.segment = [] }
    } else if stream.pending == 0 && stream.segment.count >= segmentLength && !stream.uncut {
      try cut(&stream, key: open.key, final: false)
    }
    keys[open.key] = stream
    if table.count > 4096 + 2 * max(liveValues, keyOrder.count) { compact() }
  }

  /// Whether the answer is known (a violation, a time-out or a malformed operation).
  private var stopped: Bool { verdict != nil || deferredError != nil }

  /// Whether the time limit passed: reading can stop.
  package var timedOut: Bool {
    if case .incomplete? = verdict { return true }
    return false
  }

  /// Checks what is left of every key: the verdict for the whole history.
  package mutating func finish() throws -> Verdict {
    if let deferredError { throw deferredError }
    for key in keyOrder where verdict == nil {
      guard var stream = keys[key] else { continue }
      try cut(&stream, key: key, final: true)
    }
    return verdict ?? .holds
  }

  /// Checks the key's segment from its configurations; keeps the ends, or records a violation.
  private mutating func cut(_ stream: inout KeyStream, key: TraceValue, final: Bool) throws {
    // Appends remembered from earlier segments may name values that have since been interned
    // again as read values (the carried states): forget them, as `KeyValueTable` requires.
    table.forgetAppends()
    // The carried operations first: the configurations' bits are over them. None is a read (an
    // unknown read observes nothing and is dropped), so none is dropped here.
    var kept: [HistoryOperation] = []
    var ops: [KeyValueOperation] = []
    for operation in stream.carried + stream.segment where operation.status != .fail {
      guard let op = try LinearizabilityChecker.keyValueOperation(operation, file, table) else { continue }
      ops.append(op)
      kept.append(operation)
    }
    let unknown = kept.map { $0.status == .info }
    var search = Linearizer(
      spec: spec, operations: ops, required: unknown.map { !$0 },
      order: RealTimeOrder(
        calls: kept.indices.map { $0 < stream.carried.count ? -1 : kept[$0].call },
        returns: kept.map { $0.status == .info ? Int.max : ($0.return ?? Int.max) }),
      starts: stream.configurations, enumerate: !final, limit: final ? Int.max : configurationLimit)
    let outcome = search.run(stop: stop)
    switch outcome {
    case .linearizable where final:
      stream.segment = []
    case .linearizable:
      let ends = search.ends
      // Carry the operations of unknown outcome that some end has not linearized.
      let open = kept.indices.filter { op in unknown[op] && ends.contains { !Self.has($0.bits, op) } }
      var next: [SegmentConfiguration<Int>] = []
      var seen = Set<SegmentConfiguration<Int>>()
      for end in ends {
        // As a value read from the history, so that reads in later segments, interned after it
        // was made, compare equal to it (see `KeyValueTable`).
        let state = table.id(table.value(end.state))
        var bits = [UInt64](repeating: 0, count: (open.count + 63) / 64)
        for (slot, op) in open.enumerated() where Self.has(end.bits, op) {
          bits[slot >> 6] |= 1 << UInt64(slot & 63)
        }
        let configuration = SegmentConfiguration(bits: bits, state: state)
        if seen.insert(configuration).inserted { next.append(configuration) }
      }
      if next.count > 256 {
        stream.uncut = true
        return
      }
      stream.earlier += stream.segment.count
      stream.carried = open.map { kept[$0] }
      stream.configurations = next
      stream.segment = []
    case .tooLarge:
      stream.uncut = true
    case .timedOut:
      verdict = .incomplete(reason: stop.reason(timeLimit: timeLimit) + " at event \(position)")
    case .violation(let start, _, _):
      // The carried operations the start configuration had linearized are not part of the prefix
      // shown: they took effect in an earlier segment.
      verdict = LinearizabilityChecker.verdict(
        outcome, kept, spec, ops, key: key, timeLimit: timeLimit,
        start: stream.configurations[start].state, earlier: stream.earlier)
    }
  }

  private static func has(_ bits: [UInt64], _ op: Int) -> Bool {
    op >> 6 < bits.count && bits[op >> 6] & (1 << UInt64(op & 63)) != 0
  }

  /// Rebuilds the value table with only the values the carried configurations still use; the
  /// segments hold values as text and are interned again when they are cut.
  private mutating func compact() {
    let fresh = KeyValueTable()
    let old = table
    let initial = fresh.id(old.value(spec.initialState))
    for key in keyOrder {
      guard var stream = keys[key] else { continue }
      for index in stream.configurations.indices {
        stream.configurations[index].state = fresh.id(old.value(stream.configurations[index].state))
      }
      keys[key] = stream
    }
    table = fresh
    spec = KeyValueSpec(initial: initial, table: fresh)
    liveValues = fresh.count
  }
}
