import Faultline
import Foundation
import Testing

/// A small history of one object, the verdict reasoned out by hand, and why.
struct StreamingCase: Sendable, CustomTestStringConvertible {
  var name: String
  var spec: SpecKind
  var steps: [ClientStep]
  var holds: Bool
  var initial: TraceValue? = nil

  var testDescription: String { name }
}

private func w(_ p: String, _ v: Int) -> ClientStep { .invoke(p, "write", [.int(v)]) }
private func r(_ p: String) -> ClientStep { .invoke(p, "read", []) }
private func ok(_ p: String, _ v: Int? = nil) -> ClientStep { .ok(p, v.map { .int($0) }) }

let streamingCases: [StreamingCase] = [
  // c1 writes 1, 2, 3 in turn while c2 reads all along: never quiescent.
  StreamingCase(
    name: "register: a writer and a reader always overlapping, reads follow the writes", spec: .register,
    steps: [
      w("c1", 1), r("c2"), ok("c1"), w("c1", 2), ok("c2", 1), r("c2"), ok("c1"), w("c1", 3), ok("c2", 2),
      r("c2"),
      ok("c1"), ok("c2", 3),
    ], holds: true),
  // The last read began after write(2) returned, so it cannot see 1.
  StreamingCase(
    name: "register: always overlapping, a read goes back to an overwritten value", spec: .register,
    steps: [
      w("c1", 1), r("c2"), ok("c1"), w("c1", 2), ok("c2", 1), r("c2"), ok("c1"), w("c1", 3), ok("c2", 2),
      r("c2"),
      ok("c1"), ok("c2", 1),
    ], holds: false),
  // c2's read returned 2 before c1's read began, so c1's read must see 2 too (write(1) returned
  // before write(2) began).
  StreamingCase(
    name: "register: a read returns 2, a later read 1", spec: .register,
    steps: [w("c1", 1), r("c2"), ok("c1"), w("c3", 2), ok("c2", 2), r("c1"), ok("c3"), ok("c1", 1)],
    holds: false),
  // A write of unknown outcome may take effect long after: after a later write returned.
  StreamingCase(
    name: "register: a timed-out write takes effect late", spec: .register,
    steps: [
      w("c1", 1), .info("c1"), r("c2"), r("c3"), ok("c2"), w("c4", 2), ok("c3"), ok("c4"), r("c2"),
      ok("c2", 1),
    ],
    holds: true),
  // Once 1 was read, the register holds 1 or later values; nil again is impossible.
  StreamingCase(
    name: "register: after a timed-out write was seen, nil again", spec: .register,
    steps: [w("c1", 1), .info("c1"), r("c2"), ok("c2"), r("c3"), ok("c3", 1), r("c4"), ok("c4")],
    holds: false),
  // Knossos's rule with an initial value: a read of nil says nothing.
  StreamingCase(
    name: "register from 0: a read of nil is unknown", spec: .register,
    steps: [w("c1", 1), ok("c1"), r("c2"), ok("c2"), r("c3"), ok("c3", 1)], holds: true, initial: .int(0)),
  // Two CASes from 0 overlap: one succeeds, the other fails.
  StreamingCase(
    name: "cas-register: one of two overlapping CASes succeeds", spec: .casRegister,
    steps: [
      w("c1", 0), ok("c1"), .invoke("c2", "cas", [.int(0), .int(1)]),
      .invoke("c3", "cas", [.int(0), .int(2)]),
      ok("c2"), .fail("c3"), r("c4"), ok("c4", 1),
    ], holds: true),
  StreamingCase(
    name: "cas-register: both of two CASes from 0 succeed", spec: .casRegister,
    steps: [
      w("c1", 0), ok("c1"), .invoke("c2", "cas", [.int(0), .int(1)]),
      .invoke("c3", "cas", [.int(0), .int(2)]),
      ok("c2"), ok("c3"), r("c4"), ok("c4", 2),
    ], holds: false),
  // A CAS of unknown outcome that did take effect explains the read of 5.
  StreamingCase(
    name: "cas-register: a timed-out CAS took effect", spec: .casRegister,
    steps: [
      w("c1", 3), ok("c1"), .invoke("c2", "cas", [.int(3), .int(5)]), r("c3"), .info("c2"), ok("c3", 5),
    ],
    holds: true),
  // Concurrent enqueues may take effect in either order.
  StreamingCase(
    name: "queue: overlapping enqueues, dequeued in the other order", spec: .queue,
    steps: [
      .invoke("c1", "enqueue", [.int(1)]), .invoke("c2", "enqueue", [.int(2)]), ok("c1"), ok("c2"),
      .invoke("c3", "dequeue", []), ok("c3", 2), .invoke("c3", "dequeue", []), ok("c3", 1),
    ], holds: true),
  StreamingCase(
    name: "queue: sequential enqueues dequeued out of order", spec: .queue,
    steps: [
      .invoke("c1", "enqueue", [.int(1)]), ok("c1"), .invoke("c2", "enqueue", [.int(2)]), ok("c2"),
      .invoke("c3", "dequeue", []), ok("c3", 2),
    ], holds: false),
  StreamingCase(
    name: "set: an element read, then gone", spec: .set,
    steps: [
      .invoke("c1", "add", [.int(1)]), r("c2"), .ok("c2", .list([.int(1)])), ok("c1"), r("c2"),
      .ok("c2", .list([])),
    ], holds: false),
  StreamingCase(
    name: "set: a read overlapping an add sees it or not", spec: .set,
    steps: [
      .invoke("c1", "add", [.int(1)]), r("c2"), .ok("c2", .list([])), r("c3"), ok("c1"),
      .ok("c3", .list([.int(1)])),
    ], holds: true),
  StreamingCase(
    name: "mutex: overlapping acquires, one after the other's release", spec: .mutex,
    steps: [
      .invoke("c1", "acquire", []), .invoke("c2", "acquire", []), ok("c1"), .invoke("c1", "release", []),
      ok("c1"),
      ok("c2"), .invoke("c2", "release", []), ok("c2"),
    ], holds: true),
  StreamingCase(
    name: "mutex: two holders at once", spec: .mutex,
    steps: [.invoke("c1", "acquire", []), ok("c1"), .invoke("c2", "acquire", []), ok("c2")], holds: false),
]

@Suite("Streaming every object kind")
struct StreamingObjectTests {
  /// The hand-reasoned verdicts: the whole-history search and the streaming check, cutting at
  /// every chance and only at the end, all agree with them.
  @Test("small histories of every kind: streamed as read whole, as reasoned", arguments: streamingCases)
  func smallHistories(_ example: StreamingCase) throws {
    let whole = try LinearizabilityChecker.check(
      wholeHistory(example.steps), spec: example.spec, initial: example.initial)
    #expect((whole == .holds) == example.holds, "whole: \(whole)")
    for length in [1, 2, 1000] {
      let streamed = try streamedVerdict(
        example.steps, spec: example.spec, initial: example.initial, segmentLength: length)
      #expect(streamed.name == whole.name, "cut every \(length): \(streamed)")
    }
  }

  /// Random always-overlapping histories of each kind: the streaming check, cutting at every
  /// chance and every few operations, agrees with the whole-history search; and for small CAS
  /// register histories with brute force as well.
  @Test(
    "random always-overlapping histories: streamed agrees with the whole search",
    arguments: SpecKind.allCases.filter { $0 != .kv && !$0.isTransactional })
  func randomHistories(spec: SpecKind) throws {
    var rng = SplitMix64(seed: 16 + UInt64(SpecKind.allCases.firstIndex(of: spec) ?? 0))
    var verdicts: [String: Int] = [:]
    for round in 0..<150 {
      let steps = overlappingHistory(spec, &rng, operations: round % 3 == 0 ? 6 : 24)
      let history = try wholeHistory(steps)
      let whole = try LinearizabilityChecker.check(history, spec: spec)
      if spec == .casRegister && history.operations.count <= 6 {
        #expect((whole == .holds) == BruteForceOracle.linearizable(history.operations), "\(steps)")
      }
      for length in [1, 3] {
        let streamed = try streamedVerdict(steps, spec: spec, segmentLength: length)
        #expect(streamed.name == whole.name, "cut every \(length): \(steps)")
      }
      verdicts[whole.name, default: 0] += 1
    }
    #expect(verdicts["holds", default: 0] >= 10, "\(verdicts)")
    #expect(verdicts["violated", default: 0] >= 10, "\(verdicts)")
  }

  /// Thousands of distinct values: the interned values are rebuilt from the carried states as
  /// they go (past 4096), and a stale read at the end is still told from a fresh one.
  @Test("many distinct values: compacted as they go, verdicts kept", arguments: [5999, 5000])
  func manyValues(lastRead: Int) throws {
    var steps: [ClientStep] = []
    for value in 0..<6000 {
      // The read overlaps the write, so it sees the new value (or, equally well, the old one).
      steps += [w("c1", value), r("c2"), ok("c1"), ok("c2", value)]
    }
    steps += [r("c2"), ok("c2", lastRead)]
    let streamed = try streamedVerdict(steps, spec: .register, segmentLength: 32)
    #expect(streamed.name == (lastRead == 5999 ? "holds" : "violated"), "\(streamed)")
  }

  /// A violation found after many cuts still names the operations that cannot be placed.
  @Test("a streamed violation has a witness naming the stuck operations")
  func witness() throws {
    var steps: [ClientStep] = []
    for round in 0..<50 {
      steps += [w("c1", round), r("c2"), ok("c1"), ok("c2", round)]
    }
    steps += [r("c2"), w("c1", 99), ok("c1"), ok("c2", 7)]
    let verdict = try streamedVerdict(steps, spec: .register, segmentLength: 4)
    let witness = try #require(verdict.violations.first?.witness)
    #expect(witness.summary.contains("earlier operations on it linearize"), "\(witness.summary)")
    let stuck = witness.sections.last?.items.map(\.text) ?? []
    #expect(stuck.contains { $0.contains("read() -> 7") }, "\(stuck)")
  }

  /// Streamed, the spec is chosen as reading whole chooses it from all the names, though the
  /// check starts before they are all read; where they disagree, both fail alike.
  @Test(
    "streamed and whole choose the same spec",
    arguments: [
      // Reads first, then an add: a set.
      #"{"type":"invoke","process":"a","op":"read"}\#n{"type":"ok","process":"a","op":"read","result":[]}\#n"#
        + #"{"type":"invoke","process":"a","op":"add","args":[1]}\#n{"type":"ok","process":"a","op":"add"}"#,
      // Reads alone: a register.
      #"{"type":"invoke","process":"a","op":"read"}\#n{"type":"ok","process":"a","op":"read","result":null}"#,
      // A write, then an add: no spec has both (a usage error).
      #"{"type":"invoke","process":"a","op":"write","args":[1]}\#n{"type":"ok","process":"a","op":"write"}\#n"#
        + #"{"type":"invoke","process":"a","op":"add","args":[1]}\#n{"type":"ok","process":"a","op":"add"}"#,
      // Independent tuples in JSON Lines: read whole, where the rule runs.
      #"{"type":"invoke","process":"a","op":"write","args":[[1,3]]}\#n{"type":"ok","process":"a","op":"write","result":[1,3]}\#n"#
        + #"{"type":"invoke","process":"b","op":"read","args":[[2,null]]}\#n{"type":"ok","process":"b","op":"read","result":[2,null]}"#,
    ])
  func specChoice(text: String) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spec-\(UUID().uuidString).jsonl"
    ).path
    try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let streamed = Result { try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: true)) }
    let whole = Result { try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: false)) }
    switch (streamed, whole) {
    case (.success(let a), .success(let b)):
      #expect(a.spec == b.spec && a.verdict == b.verdict, "\(a.spec as Any) \(b.spec as Any)")
    case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)")
    default: Issue.record("streamed \(streamed), whole \(whole)")
    }
  }

  /// Jepsen independent histories are taken apart by themselves, without `--independent`.
  @Test(
    "independent histories are detected",
    arguments: [("independent-cas-ok", "holds"), ("independent-cas-bad", "violated")])
  func independent(name: String, expected: String) throws {
    let result = try TraceVerifier.verify(path: tracesDirectory + "/jepsen-edn/\(name).edn")
    #expect(result.verdict.name == expected)
  }

  /// The rule: every value a tuple, a non-CAS among them, completions with the same key.
  @Test(
    "the independent rule",
    arguments: [
      (
        [
          ClientStep.invoke("a", "write", [.list([.int(1), .int(3)])]), .ok("a", .list([.int(1), .int(3)])),
        ], true
      ),
      ([.invoke("a", "read", [.list([.int(1), .null])]), .ok("a", .list([.int(1), .int(3)]))], true),
      ([.invoke("a", "read", [.list([.int(1), .null])]), .ok("a", .list([.int(2), .int(3)]))], false),
      ([.invoke("a", "cas", [.list([.int(1), .int(3)])]), .ok("a", nil)], false),
      ([.invoke("a", "write", [.int(1)]), .ok("a", nil)], false),
      ([.invoke("a", "read", []), .ok("a", .list([.int(1), .int(3)]))], false),
    ])
  func independentRule(steps: [ClientStep], expected: Bool) throws {
    #expect(try wholeHistory(steps).looksIndependent == expected)
  }
}
