import Faultline
import Testing

/// Decides linearizability of a tiny CAS-register history by trying every order of every subset
/// that contains all completed operations: independent of the WGL search and its spec types.
enum BruteForceOracle {
  static func linearizable(_ ops: [HistoryOperation]) -> Bool {
    let live = ops.filter { $0.status != .fail }
    let required = live.indices.filter { live[$0].status == .ok }
    let optional = live.indices.filter { live[$0].status == .info }
    for mask in 0..<(1 << optional.count) {
      let chosen = required + optional.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
      if permutations(chosen).contains(where: { legal($0, live) }) { return true }
    }
    return false
  }

  static func permutations(_ items: [Int]) -> [[Int]] {
    if items.count <= 1 { return [items] }
    var all: [[Int]] = []
    for (i, item) in items.enumerated() {
      var rest = items
      rest.remove(at: i)
      for tail in permutations(rest) { all.append([item] + tail) }
    }
    return all
  }

  static func legal(_ order: [Int], _ ops: [HistoryOperation]) -> Bool {
    // Real time: an operation that returned before another was invoked comes first.
    for (i, a) in order.enumerated() {
      for b in order[(i + 1)...] where (ops[b].return ?? Int.max) < ops[a].call && ops[b].status == .ok {
        return false
      }
    }
    var value = TraceValue.null
    for index in order {
      let op = ops[index]
      switch op.function {
      case "read": if op.status == .ok && op.result != value { return false }
      case "write": value = op.arguments[0]
      default:
        if value == op.arguments[0] {
          value = op.arguments[1]
        } else if op.status == .ok {
          return false
        }
      }
    }
    return true
  }
}

/// Random small histories: linearization points inside random intervals give real outputs, then
/// some outputs are corrupted, so both verdicts occur.
func randomHistory(_ rng: inout SplitMix64) -> [HistoryOperation] {
  let count = Int.random(in: 2...6, using: &rng)
  var times = Array(0..<(2 * count)).shuffled(using: &rng)
  var ops: [(call: Int, ret: Int, point: Double, op: HistoryOperation)] = []
  for index in 0..<count {
    let a = times.removeLast()
    let b = times.removeLast()
    let call = min(a, b)
    let ret = max(a, b)
    let kind = Int.random(in: 0..<3, using: &rng)
    let function = ["read", "write", "cas"][kind]
    let args: [TraceValue] =
      kind == 1
      ? [.int(Int.random(in: 0..<2, using: &rng))]
      : kind == 2 ? [.int(Int.random(in: 0..<2, using: &rng)), .int(Int.random(in: 0..<3, using: &rng))] : []
    let op = HistoryOperation(
      process: "p\(index)", function: function, arguments: args, call: call, return: ret, callLine: index + 1)
    ops.append((call, ret, Double.random(in: Double(call)...Double(ret), using: &rng), op))
  }
  var value = TraceValue.null
  for i in ops.indices.sorted(by: { ops[$0].point < ops[$1].point }) {
    switch ops[i].op.function {
    case "read": ops[i].op.result = value
    case "write": value = ops[i].op.arguments[0]
    default:
      if value == ops[i].op.arguments[0] {
        value = ops[i].op.arguments[1]
      } else {
        ops[i].op.status = .fail
      }
    }
  }
  for i in ops.indices {
    let roll = Int.random(in: 0..<10, using: &rng)
    if roll == 0 && ops[i].op.function == "read" {
      ops[i].op.result = [TraceValue.null, .int(0), .int(1), .int(2)].randomElement(using: &rng)
    } else if roll == 1 && ops[i].op.function == "cas" {
      ops[i].op.status = ops[i].op.status == .ok ? .fail : .ok
    } else if roll == 2 && ops[i].op.function != "read" {
      // Timed out: the outcome is unknown and the interval never closes.
      ops[i].op.status = .info
      ops[i].op.return = nil
    }
  }
  return ops.map(\.op).sorted { $0.call < $1.call }
}

@Suite("Linearizability against a brute-force oracle")
struct LinearizabilityOracleTests {
  @Test(
    "WGL agrees with permutation enumeration on random small CAS-register histories", arguments: [1, 2, 3])
  func randomHistories(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var verdicts: [String: Int] = [:]
    for _ in 0..<300 {
      let ops = randomHistory(&rng)
      let expected = BruteForceOracle.linearizable(ops)
      let verdict = try LinearizabilityChecker.check(History(ops), spec: .casRegister)
      #expect((verdict == .holds) == expected, "\(ops.map(\.summary)) \(ops.map { ($0.call, $0.return) })")
      verdicts[verdict.name, default: 0] += 1
    }
    // Both answers must occur, or the comparison proves little.
    #expect(verdicts["holds", default: 0] > 30)
    #expect(verdicts["violated", default: 0] > 30)
  }

  @Test("a time limit of zero gives incomplete on a history that needs search")
  func timeLimit() throws {
    // 40 concurrent writes and a final read: the search needs far more than 16k steps to refute
    // the impossible read of 99, and the deadline is already past.
    var ops: [HistoryOperation] = []
    for i in 0..<40 {
      ops.append(
        HistoryOperation(process: "p\(i)", function: "write", arguments: [.int(i)], call: i, return: 100 + i))
    }
    ops.append(HistoryOperation(process: "r", function: "read", result: .int(99), call: 50, return: 200))
    let verdict = try LinearizabilityChecker.check(History(ops), spec: .casRegister, timeLimit: 0)
    #expect(verdict.name == "incomplete")
  }
}
