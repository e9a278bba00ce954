import Faultline
import Foundation
import Testing

/// One client event of a small hand-written or generated history, in file order.
enum ClientStep: Sendable, CustomStringConvertible {
  case invoke(String, String, [TraceValue])
  case ok(String, TraceValue?)
  case fail(String)
  case info(String)

  var description: String {
    switch self {
    case .invoke(let p, let f, let args):
      return "\(p) \(f)(\(args.map(\.description).joined(separator: ",")))"
    case .ok(let p, let result): return "\(p) ok \(result?.description ?? "")"
    case .fail(let p): return "\(p) fail"
    case .info(let p): return "\(p) info"
    }
  }
}

/// Feeds steps to a history builder and to a streaming check alike.
func feed<Sink: ClientEventSink>(_ steps: [ClientStep], to sink: inout Sink) throws {
  for (index, step) in steps.enumerated() {
    let line = index + 1
    switch step {
    case .invoke(let p, let f, let args):
      try sink.invoke(process: p, function: f, key: nil, arguments: args, line: line, column: 1)
    case .ok(let p, let result):
      try sink.complete(process: p, status: .ok, result: result, line: line, column: 1)
    case .fail(let p): try sink.complete(process: p, status: .fail, result: nil, line: line, column: 1)
    case .info(let p): try sink.complete(process: p, status: .info, result: nil, line: line, column: 1)
    }
  }
}

/// The history the steps record, as reading the file whole builds it.
func wholeHistory(_ steps: [ClientStep]) throws -> History {
  var builder = HistoryBuilder(file: "<test>")
  try feed(steps, to: &builder)
  return builder.finish()
}

/// The streaming verdict, cutting as soon as `segmentLength` operations are before the frontier.
func streamedVerdict(
  _ steps: [ClientStep], spec: SpecKind, initial: TraceValue? = nil, segmentLength: Int = 1
)
  throws -> Verdict
{
  var check = try #require(
    AnyStreamingCheck(spec, file: "<test>", initial: initial, timeLimit: nil, segmentLength: segmentLength))
  try feed(steps, to: &check)
  return try check.finish()
}

/// A random history of one object recorded from a simulated atomic object whose clients always
/// overlap: each client invokes its next operation as soon as the last completes, and each
/// operation takes effect at one random moment in between, so outputs are real; then some are
/// corrupted, and some writes time out (half having taken effect), so both verdicts occur.
func overlappingHistory(_ spec: SpecKind, _ rng: inout SplitMix64, operations: Int = 14) -> [ClientStep] {
  let clients = Int.random(in: 2...4, using: &rng)
  var steps: [ClientStep] = []
  var register = TraceValue.null
  var queue: [Int] = []
  var set: Set<Int> = []
  var holder: Int?
  // Per client: function, arguments, whether it took effect, its output.
  var inflight: [Int: (f: String, args: [TraceValue], done: Bool, out: TraceValue?, failed: Bool)] = [:]
  var invoked = 0
  var serial = 0

  func pick(_ client: Int) -> (String, [TraceValue]) {
    let value = TraceValue.int(Int.random(in: 0..<3, using: &rng))
    let roll = Int.random(in: 0..<3, using: &rng)
    switch spec {
    case .register: return roll == 0 ? ("write", [value]) : ("read", [])
    case .casRegister:
      return roll == 0
        ? ("write", [value])
        : roll == 1 ? ("cas", [value, .int(Int.random(in: 0..<3, using: &rng))]) : ("read", [])
    case .queue:
      serial += 1
      // As many dequeues as enqueues, so that the queue, and the orders to try, stay short.
      return Bool.random(using: &rng) ? ("dequeue", []) : ("enqueue", [.int(serial)])
    case .set:
      serial += 1
      return roll == 0 ? ("read", []) : ("add", [.int(serial % 4)])
    default:
      return holder == client ? ("release", []) : ("acquire", [])
    }
  }
  /// Applies the client's operation now, if the object allows it now.
  func takeEffect(_ client: Int) {
    guard var op = inflight[client], !op.done else { return }
    switch op.f {
    case "read" where spec == .set: op.out = .list(set.sorted().map { .int($0) })
    case "read": op.out = register
    case "write": register = op.args[0]
    case "cas":
      op.failed = register != op.args[0]
      if !op.failed { register = op.args[1] }
    case "enqueue": if case .int(let v) = op.args[0] { queue.append(v) }
    case "dequeue": op.out = queue.isEmpty ? .null : .int(queue.removeFirst())
    case "add": if case .int(let v) = op.args[0] { set.insert(v) }
    case "acquire":
      guard holder == nil else { return }
      holder = client
    default: holder = nil
    }
    op.done = true
    inflight[client] = op
  }
  func invoke(_ client: Int) {
    let (f, args) = pick(client)
    inflight[client] = (f, args, false, nil, false)
    steps.append(.invoke("c\(client)", f, args))
    invoked += 1
  }
  for client in 0..<clients { invoke(client) }
  while !inflight.isEmpty {
    let client = Int.random(in: 0..<clients, using: &rng)
    guard let op = inflight[client] else { continue }
    if !op.done {
      takeEffect(client)
      // A waiting acquire sometimes returns anyway: a broken mutex.
      let broken = op.f == "acquire" && Int.random(in: 0..<50, using: &rng) == 0
      if !broken && (Int.random(in: 0..<2, using: &rng) == 0 || inflight[client]?.done != true) { continue }
    }
    guard let done = inflight.removeValue(forKey: client) else { continue }
    let roll = Int.random(in: 0..<20, using: &rng)
    if ["write", "cas", "enqueue", "add"].contains(done.f) && roll == 0 {
      steps.append(.info("c\(client)"))
    } else if done.failed {
      steps.append(.fail("c\(client)"))
    } else if roll == 1, let out = done.out {
      // A corrupted output.
      if case .list(let items) = out {
        steps.append(.ok("c\(client)", .list(items.isEmpty ? [.int(0)] : [])))
      } else {
        steps.append(.ok("c\(client)", out == .int(1) ? .int(2) : .int(1)))
      }
    } else {
      steps.append(.ok("c\(client)", done.out))
    }
    // A holder always releases, so that no acquire waits forever.
    if invoked < operations || (spec == .mutex && holder == client) { invoke(client) }
  }
  return steps
}
