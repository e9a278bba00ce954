import Faultline
import Foundation
import Testing

/// One client event of a generated key-value history, in file order.
struct KeyValueEvent {
  var operation: Int
  var isInvoke: Bool
}

/// Decides linearizability of a tiny key-value history key by key, by trying every order of
/// every subset that contains all completed operations: independent of the segment search.
enum KeyValueBruteForce {
  static func linearizable(_ ops: [HistoryOperation]) -> Bool {
    let live = ops.filter { $0.status != .fail && !($0.status == .info && $0.function == "get") }
    let keys = Set(live.compactMap(\.key))
    return keys.allSatisfy { key in
      let mine = live.filter { $0.key == key }
      let required = mine.indices.filter { mine[$0].status == .ok }
      let optional = mine.indices.filter { mine[$0].status == .info }
      for mask in 0..<(1 << optional.count) {
        let chosen = required + optional.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
        if BruteForceOracle.permutations(chosen).contains(where: { legal($0, mine) }) { return true }
      }
      return false
    }
  }

  static func legal(_ order: [Int], _ ops: [HistoryOperation]) -> Bool {
    for (i, a) in order.enumerated() {
      for b in order[(i + 1)...] where (ops[b].return ?? Int.max) < ops[a].call { return false }
    }
    var value = ""
    for index in order {
      let op = ops[index]
      let argument: String = {
        if case .string(let text)? = op.arguments.first { return text }
        return ""
      }()
      switch op.function {
      case "get": if op.result != .string(value) { return false }
      case "put": value = argument
      default: value += argument
      }
    }
    return true
  }
}

/// A random history on two keys, in clusters of overlapping operations, so that a key is often
/// quiescent between clusters and the streaming check cuts there. Outputs come from real
/// linearization points; some are then corrupted, failed or made unknown, so both verdicts occur.
func randomKeyValueHistory(_ rng: inout SplitMix64) -> (ops: [HistoryOperation], events: [KeyValueEvent]) {
  var ops: [HistoryOperation] = []
  var points: [Double] = []
  var timeline: [(time: Int, event: KeyValueEvent)] = []
  var base = 0
  for _ in 0..<Int.random(in: 1...4, using: &rng) {
    let size = Int.random(in: 1...3, using: &rng)
    var slots = Array(base..<(base + 2 * size)).shuffled(using: &rng)
    for _ in 0..<size {
      let a = slots.removeLast()
      let b = slots.removeLast()
      let index = ops.count
      let kind = ["get", "put", "append"].randomElement(using: &rng) ?? "get"
      let value = kind == "put" ? ["a", "b"].randomElement(using: &rng) ?? "a" : "c"
      ops.append(
        HistoryOperation(
          process: "p\(index)", function: kind, key: .string(["x", "y"].randomElement(using: &rng) ?? "x"),
          arguments: kind == "get" ? [] : [.string(value)], call: min(a, b), return: max(a, b),
          callLine: index + 1))
      points.append(Double.random(in: Double(min(a, b))...Double(max(a, b)), using: &rng))
      timeline.append((min(a, b), KeyValueEvent(operation: index, isInvoke: true)))
      timeline.append((max(a, b), KeyValueEvent(operation: index, isInvoke: false)))
    }
    base += 2 * size
  }
  var store: [TraceValue: String] = [:]
  for i in ops.indices.sorted(by: { points[$0] < points[$1] }) {
    let key = ops[i].key ?? .null
    switch ops[i].function {
    case "get": ops[i].result = .string(store[key, default: ""])
    case "put": if case .string(let v)? = ops[i].arguments.first { store[key] = v }
    default: store[key, default: ""] += "c"
    }
  }
  for i in ops.indices {
    let roll = Int.random(in: 0..<12, using: &rng)
    if roll < 2 && ops[i].function == "get" {
      ops[i].result = .string(["", "a", "b", "ac", "c"].randomElement(using: &rng) ?? "")
    } else if roll == 2 && ops[i].function != "get" {
      ops[i].status = .fail
    } else if roll == 3 || roll == 4 {
      ops[i].status = .info
    }
  }
  // File order is time order; an unknown outcome's completion says nothing about when it ended.
  let events = timeline.sorted { $0.time < $1.time }.map(\.event)
  for i in ops.indices where ops[i].status == .info { ops[i].return = nil }
  return (ops, events)
}

/// Feeds the events to a streaming check that cuts whenever an operation is before its frontier.
func streamingVerdict(_ ops: [HistoryOperation], _ events: [KeyValueEvent]) throws -> Verdict {
  var check = StreamingKeyValueCheck(file: "<test>", initial: nil, timeLimit: nil)
  check.segmentLength = 1
  for (line, event) in events.enumerated() {
    let op = ops[event.operation]
    if event.isInvoke {
      try check.invoke(
        process: op.process, function: op.function, key: op.key, arguments: op.arguments, line: line + 1,
        column: 1)
    } else {
      try check.complete(process: op.process, status: op.status, result: op.result, line: line + 1, column: 1)
    }
  }
  return try check.finish()
}

/// A long random history of a few clients on one or two keys, mostly linearizable: a write
/// takes effect at its invocation or its completion, an unknown outcome sometimes never; a few
/// reads are corrupted. Long enough for values built by appends to be carried across many cuts.
func longKeyValueHistory(_ rng: inout SplitMix64) -> (ops: [HistoryOperation], events: [KeyValueEvent]) {
  let clients = Int.random(in: 2...4, using: &rng)
  let keys = Int.random(in: 1...2, using: &rng)
  var store: [String: String] = [:]
  var ops: [HistoryOperation] = []
  var events: [KeyValueEvent] = []
  var pending: [Int: (index: Int, applied: Bool)] = [:]
  var time = 0
  func apply(_ op: HistoryOperation) {
    guard case .string(let key)? = op.key, case .string(let argument)? = op.arguments.first else { return }
    store[key] = op.function == "put" ? argument : store[key, default: ""] + argument
  }
  while ops.count < 120 || !pending.isEmpty {
    let client = Int.random(in: 0..<clients, using: &rng)
    if let (index, applied) = pending.removeValue(forKey: client) {
      let roll = Int.random(in: 0..<100, using: &rng)
      if ops[index].function != "get" && roll < 12 {
        if !applied && roll < 6 { apply(ops[index]) }
        ops[index].status = .info
        ops[index].return = nil
      } else if ops[index].function == "get" {
        guard case .string(let key)? = ops[index].key else { continue }
        ops[index].result = .string(store[key, default: ""] + (roll < 2 ? "z" : ""))
        ops[index].return = time
      } else {
        if !applied { apply(ops[index]) }
        ops[index].return = time
      }
      events.append(KeyValueEvent(operation: index, isInvoke: false))
      time += 1
      continue
    }
    guard ops.count < 120 else { continue }
    let function = ["get", "get", "put", "append", "append"].randomElement(using: &rng) ?? "get"
    let argument = function == "put" ? ["", "a", "ab"].randomElement(using: &rng) ?? "" : "b"
    let op = HistoryOperation(
      process: "c\(client)-\(ops.count)", function: function,
      key: .string("k\(Int.random(in: 0..<keys, using: &rng))"),
      arguments: function == "get" ? [] : [.string(argument)], call: time, return: nil, callLine: time + 1)
    let applied = function != "get" && Int.random(in: 0..<10, using: &rng) < 3
    if applied { apply(op) }
    pending[client] = (ops.count, applied)
    ops.append(op)
    events.append(KeyValueEvent(operation: ops.count - 1, isInvoke: true))
    time += 1
  }
  return (ops, events)
}

@Suite("Streaming linearizability")
struct StreamingLinearizabilityTests {
  @Test(
    "long histories: cutting every few operations agrees with the whole-history check", arguments: [31, 32])
  func longHistories(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var verdicts: [String: Int] = [:]
    for _ in 0..<60 {
      let (ops, events) = longKeyValueHistory(&rng)
      let whole = try LinearizabilityChecker.check(History(ops), spec: .kv)
      let streamed = try streamingVerdict(ops, events)
      #expect((streamed == .holds) == (whole == .holds), "\(ops.map(\.summary))")
      verdicts[whole.name, default: 0] += 1
    }
    #expect(verdicts["holds", default: 0] > 10)
    #expect(verdicts["violated", default: 0] > 10)
  }

  @Test(
    "cutting at every frontier agrees with brute force and with the whole-history check",
    arguments: [11, 12, 13, 14])
  func randomHistories(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var verdicts: [String: Int] = [:]
    for _ in 0..<300 {
      let (ops, events) = randomKeyValueHistory(&rng)
      let expected = KeyValueBruteForce.linearizable(ops)
      let streamed = try streamingVerdict(ops, events)
      let whole = try LinearizabilityChecker.check(History(ops), spec: .kv)
      let shown = "\(ops.map(\.summary)) \(ops.map { ($0.call, $0.return) })"
      #expect((streamed == .holds) == expected, "streaming: \(shown)")
      #expect((whole == .holds) == expected, "whole: \(shown)")
      verdicts[streamed.name, default: 0] += 1
    }
    #expect(verdicts["holds", default: 0] > 30)
    #expect(verdicts["violated", default: 0] > 30)
  }

  /// The kv samples: streamed and read whole, the same verdict and witness.
  @Test("streaming gives the same verdict as reading whole", arguments: ["kv-ok", "kv-bad"])
  func samples(name: String) throws {
    let path = tracesDirectory + "/jsonl/\(name).jsonl"
    let streamed = try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: true))
    let whole = try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: false))
    #expect(streamed.verdict == whole.verdict)
    #expect(streamed.events == whole.events && streamed.operations == whole.operations)
  }

  /// The streaming reader on every truncation and on corruptions of every JSON Lines sample: it
  /// fails exactly when reading whole fails, with a line-numbered error, and otherwise agrees.
  @Test("streamed and whole agree on truncated and corrupted samples")
  func damagedSamples() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("t.jsonl").path
    var rng = SplitMix64(seed: 5)
    for file in try sampleFiles() where file.format == .jsonl {
      var variants = (0..<file.bytes.count).map { Array(file.bytes[0..<$0]) }
      for _ in 0..<20 {
        var bytes = file.bytes
        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        variants.append(bytes)
      }
      for bytes in variants {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let streamed = Result {
          try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: true))
        }
        let whole = Result { try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: false)) }
        switch (streamed, whole) {
        case (.success(let a), .success(let b)):
          #expect(a.verdict == b.verdict, "\(file.name): \(String(decoding: bytes, as: UTF8.self))")
        case (.failure(let error), .failure):
          var lineNumbered = false
          if case FaultlineError.malformedInput(_, let line, _, _, _)? = error as? FaultlineError {
            lineNumbered = line >= 1
          }
          if case FaultlineError.usage? = error as? FaultlineError { lineNumbered = true }
          #expect(lineNumbered, "\(file.name): \(error)")
        default:
          Issue.record("\(file.name): streamed \(streamed), whole \(whole)")
        }
      }
    }
  }
}
