import Faultline
import Testing

/// Decides sequential consistency of a tiny history by trying every interleaving of the
/// processes' completed operations, each process in its own order, with each operation of unknown
/// outcome inserted at any point after its process's earlier operations, or never: independent
/// of the search.
enum SequentialBruteForce {
  static func consistent(
    _ ops: [HistoryOperation], step: (HistoryOperation, inout [TraceValue: TraceValue]) -> Bool
  ) -> Bool {
    let live = ops.filter { $0.status != .fail && !($0.status == .info && isRead($0)) }
    let processes = Array(Set(live.map(\.process)))
    let scripts = processes.map { p in
      live.filter { $0.process == p && $0.status == .ok }.sorted { $0.call < $1.call }
    }
    let unknown = live.filter { $0.status == .info }
    // How many of its process's completed operations must precede each unknown one.
    let after = unknown.map { op in
      scripts[processes.firstIndex(of: op.process) ?? 0].filter { $0.call < op.call }.count
    }
    func search(_ next: [Int], _ used: Set<Int>, _ state: [TraceValue: TraceValue]) -> Bool {
      if next.indices.allSatisfy({ next[$0] == scripts[$0].count }) { return true }
      for p in scripts.indices where next[p] < scripts[p].count {
        var advanced = next
        advanced[p] += 1
        var after = state
        if step(scripts[p][next[p]], &after) && search(advanced, used, after) { return true }
      }
      for (u, op) in unknown.enumerated() where !used.contains(u) {
        guard let p = processes.firstIndex(of: op.process), next[p] >= after[u] else { continue }
        var applied = state
        if step(op, &applied) && search(next, used.union([u]), applied) { return true }
      }
      return false
    }
    return search([Int](repeating: 0, count: scripts.count), [], [:])
  }

  static func isRead(_ op: HistoryOperation) -> Bool { op.function == "read" || op.function == "get" }

  /// A CAS register under key nil.
  static func register(_ op: HistoryOperation, _ state: inout [TraceValue: TraceValue]) -> Bool {
    let value = state[.null] ?? .null
    switch op.function {
    case "read": return op.result == value
    case "write": state[.null] = op.arguments[0]
    default:
      guard value == op.arguments[0] else { return op.status == .info }
      state[.null] = op.arguments[1]
    }
    return true
  }

  /// A key-value store of strings.
  static func store(_ op: HistoryOperation, _ state: inout [TraceValue: TraceValue]) -> Bool {
    let key = op.key ?? .null
    guard case .string(let value) = state[key] ?? .string("") else { return false }
    guard case .string(let argument) = op.arguments.first ?? .string("") else { return false }
    switch op.function {
    case "get": return op.result == .string(value)
    case "put": state[key] = .string(argument)
    default: state[key] = .string(value + argument)
    }
    return true
  }
}

/// A random history of 2–3 processes, each running 1–3 operations one after another, interleaved
/// at random. Outputs come from a random order that keeps each process's order (so the history is
/// sequentially consistent before corruption, and often not linearizable); then some outputs are
/// corrupted, failed or made unknown.
func randomProcessHistory(_ rng: inout SplitMix64, keyValue: Bool) -> [HistoryOperation] {
  let processes = Int.random(in: 2...3, using: &rng)
  var scripts: [[HistoryOperation]] = []
  for p in 0..<processes {
    scripts.append(
      (0..<Int.random(in: 1...3, using: &rng)).map { _ in
        if keyValue {
          let function = ["get", "put", "append"].randomElement(using: &rng) ?? "get"
          return HistoryOperation(
            process: "p\(p)", function: function, key: .string(["x", "y"].randomElement(using: &rng) ?? "x"),
            arguments: function == "get" ? [] : [.string(function == "put" ? "a" : "b")], call: 0, return: nil
          )
        }
        let function = ["read", "write", "cas"].randomElement(using: &rng) ?? "read"
        let args: [TraceValue] =
          function == "write"
          ? [.int(Int.random(in: 0..<2, using: &rng))]
          : function == "cas"
            ? [.int(Int.random(in: 0..<2, using: &rng)), .int(Int.random(in: 0..<2, using: &rng))] : []
        return HistoryOperation(process: "p\(p)", function: function, arguments: args, call: 0, return: nil)
      })
  }
  // Real time: interleave invocations and completions, one pending operation per process.
  var ops: [HistoryOperation] = []
  var next = [Int](repeating: 0, count: processes)
  var pending = [Int?](repeating: nil, count: processes)
  var time = 0
  while next.indices.contains(where: { next[$0] < scripts[$0].count || pending[$0] != nil }) {
    let p = Int.random(in: 0..<processes, using: &rng)
    if let open = pending[p] {
      ops[open].return = time
      pending[p] = nil
    } else if next[p] < scripts[p].count {
      var op = scripts[p][next[p]]
      op.call = time
      op.callLine = time + 1
      pending[p] = ops.count
      ops.append(op)
      next[p] += 1
    } else {
      continue
    }
    time += 1
  }
  // Outputs from a random order that keeps each process's order.
  var order: [Int] = []
  var cursor = [Int](repeating: 0, count: processes)
  let byProcess = (0..<processes).map { p in ops.indices.filter { ops[$0].process == "p\(p)" } }
  while order.count < ops.count {
    let p = Int.random(in: 0..<processes, using: &rng)
    guard cursor[p] < byProcess[p].count else { continue }
    order.append(byProcess[p][cursor[p]])
    cursor[p] += 1
  }
  var state: [TraceValue: TraceValue] = [:]
  for i in order {
    let key = ops[i].key ?? .null
    switch ops[i].function {
    case "read": ops[i].result = state[key] ?? .null
    case "get": ops[i].result = state[key] ?? .string("")
    case "write", "put": state[key] = ops[i].arguments[0]
    case "append":
      if case .string(let v) = state[key] ?? .string(""), case .string(let a) = ops[i].arguments[0] {
        state[key] = .string(v + a)
      }
    default:
      if (state[key] ?? .null) == ops[i].arguments[0] {
        state[key] = ops[i].arguments[1]
      } else {
        ops[i].status = .fail
      }
    }
  }
  for i in ops.indices {
    let roll = Int.random(in: 0..<10, using: &rng)
    if roll == 0 && SequentialBruteForce.isRead(ops[i]) {
      ops[i].result = keyValue ? .string(["", "a", "ab", "b"].randomElement(using: &rng) ?? "") : .int(1)
    } else if roll == 1 && !SequentialBruteForce.isRead(ops[i]) {
      ops[i].status = ops[i].status == .fail ? .ok : .info
      if ops[i].status == .info { ops[i].return = nil }
    }
  }
  return ops
}

@Suite("Sequential consistency")
struct SequentialConsistencyTests {
  @Test(
    "the search agrees with brute force over process orders, and linearizable implies consistent",
    arguments: [(SpecKind.casRegister, UInt64(21)), (.casRegister, 22), (.kv, 23), (.kv, 24)])
  func randomHistories(spec: SpecKind, seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var counts: [String: Int] = [:]
    for _ in 0..<300 {
      let ops = randomProcessHistory(&rng, keyValue: spec == .kv)
      let expected = SequentialBruteForce.consistent(
        ops, step: spec == .kv ? SequentialBruteForce.store : SequentialBruteForce.register)
      let sequential = try LinearizabilityChecker.check(History(ops), spec: spec, consistency: .sequential)
      let linearizable = try LinearizabilityChecker.check(History(ops), spec: spec)
      let shown = "\(ops.map(\.summary)) \(ops.map { ($0.call, $0.return) })"
      #expect((sequential == .holds) == expected, "\(shown)")
      if linearizable == .holds { #expect(sequential == .holds, "linearizable but not consistent: \(shown)") }
      counts[sequential.name + "/" + linearizable.name, default: 0] += 1
    }
    // All three combinations occur: consistent and linearizable, consistent only, neither.
    #expect(counts["holds/holds", default: 0] > 20)
    #expect(counts["holds/violated", default: 0] > 20)
    #expect(counts["violated/violated", default: 0] > 20)
  }
}
