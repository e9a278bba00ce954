import Faultline
import Foundation
import Testing

/// The package's `traces/` directory.
let tracesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces").path

/// A sample trace, the verdict it was written to have, and the properties it was written to break.
struct SampleCase: CustomTestStringConvertible, Sendable {
  var file: String
  var format: TraceFormat
  var verdict: String
  var properties: [String]
  /// Whether the sample uses Jepsen's independent [key value] tuples (`--independent`).
  var independent = false
  /// The object's initial value (`--initial`), when the sample is written for one.
  var initial: TraceValue? = nil
  /// The one event check to run (`--check`), when the sample is written for one.
  var check: EventCheck? = nil
  var testDescription: String { file }
}

// Each expectation comes from how the sample was written (see the comments), not from a run.
let sampleCases: [SampleCase] = [
  // A read concurrent with the write may return its value.
  SampleCase(file: "jsonl/register-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // A read that starts after write(1) completed returns nil.
  SampleCase(
    file: "jsonl/register-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]),
  // Declared sequential: c2's read of nil is stale, but ordering it before write(1) is allowed.
  SampleCase(file: "jsonl/register-stale-read.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // Declared sequential: c3 sees write(1) before write(2), c4 the other way round.
  SampleCase(
    file: "jsonl/register-sequential-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["sequential consistency"]),
  // cas(0,5) takes effect before the concurrent read of 5; the failed cas(0,7) did nothing.
  SampleCase(file: "jsonl/cas-register-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // Two sequential successful cas(0,_) from 0.
  SampleCase(
    file: "jsonl/cas-register-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]
  ),
  // The timed-out cas(0,9) takes effect between the two reads.
  SampleCase(file: "jsonl/cas-register-info-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // Once a read saw 9, nothing can bring 0 back.
  SampleCase(
    file: "jsonl/cas-register-info-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["linearizability"]),
  // get(x) = "ab" while append(b) is in flight after put(a).
  SampleCase(file: "jsonl/kv-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // put(a) then append(b), sequentially; a later get reads "ba".
  SampleCase(
    file: "jsonl/kv-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]),
  // FIFO order, then an empty dequeue.
  SampleCase(file: "jsonl/queue-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // 1 then 2 enqueued sequentially, 2 dequeued first.
  SampleCase(
    file: "jsonl/queue-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]),
  // A read concurrent with add(2) misses it; a later read has both.
  SampleCase(file: "jsonl/set-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // A read after add(1) completed is empty.
  SampleCase(
    file: "jsonl/set-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]),
  // c2's acquire waits until c1 released.
  SampleCase(file: "jsonl/mutex-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // c2 acquires after c1 did, with no release.
  SampleCase(
    file: "jsonl/mutex-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["linearizability"]),
  // The survivors decide 2; p3 crashed undecided.
  SampleCase(file: "jsonl/consensus-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  SampleCase(
    file: "jsonl/consensus-agreement-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["agreement"]),
  // p1 decides 1 and crashes; the correct processes agree on 2.
  SampleCase(
    file: "jsonl/consensus-uniform-agreement-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["uniform agreement"]),
  SampleCase(
    file: "jsonl/consensus-validity-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["validity"]),
  SampleCase(
    file: "jsonl/consensus-integrity-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["integrity"]),
  // Everyone decides 1, but p1 decides it twice: a second decision, as a model's integrity says.
  SampleCase(
    file: "jsonl/consensus-integrity-repeat-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["integrity"]),
  SampleCase(
    file: "jsonl/consensus-termination-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["termination"]),
  SampleCase(file: "jsonl/total-order-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  SampleCase(
    file: "jsonl/total-order-order-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["order"]),
  SampleCase(
    file: "jsonl/total-order-agreement-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["agreement"]),
  SampleCase(
    file: "jsonl/total-order-integrity-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["integrity"]),
  // p2 broadcasts m2 after delivering m1, and everyone delivers m1 first; p3's m3 is concurrent
  // with both, and p1 and p3 deliver it at different points: causal, not a total order.
  SampleCase(
    file: "jsonl/causal-broadcast-ok.jsonl", format: .jsonl, verdict: "holds", properties: [],
    check: .causalBroadcast),
  // p2 delivers m1, then broadcasts m2; p3 delivers m2 before m1.
  SampleCase(
    file: "jsonl/causal-broadcast-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["causal order"],
    check: .causalBroadcast),
  // Everyone delivers m2 before m1 (order holds), though p1 broadcast m1 first.
  SampleCase(
    file: "jsonl/total-order-fifo-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["FIFO"]),
  SampleCase(file: "jsonl/view-synchrony-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // p1 and p2 move from view 1 to view 2; only p1 delivered m1.
  SampleCase(
    file: "jsonl/view-synchrony-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["view synchrony"]),
  SampleCase(file: "jsonl/two-phase-commit-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  SampleCase(
    file: "jsonl/two-phase-commit-atomicity-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["atomicity"]),
  // The coordinator commits before p2's yes vote.
  SampleCase(
    file: "jsonl/two-phase-commit-validity-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["commit validity"]),
  SampleCase(
    file: "jsonl/two-phase-commit-no-vote-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["abort on no vote"]),
  // Remote calls: a retransmitted copy of c0#0 is abandoned and the other executes once; c1#0
  // runs again after the server's crash, which ended its first run; c0#1 executes after c0
  // crashed but before its new incarnation calls; c0#2's execution records no result, so any
  // result taken for it is one it returned.
  SampleCase(file: "jsonl/rpc-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // c0#0 executes before and after the server's crash.
  SampleCase(
    file: "jsonl/rpc-at-most-once-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["at most once"]),
  // c0 takes 1, c0#0's result, for c0#1, which returned 2.
  SampleCase(
    file: "jsonl/rpc-replies-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["replies are results"]),
  // c0's new incarnation calls c0#1, and only then does the server begin c0#0, called before
  // the crash.
  SampleCase(
    file: "jsonl/rpc-orphans-bad.jsonl", format: .jsonl, verdict: "violated", properties: ["no orphans"]),
  // Checkpoints: p0.1 and p1.1 made permanent after p1 received p0#1; p0 crashes after a
  // tentative p0.2 it never made permanent, and both roll back to their latest permanent ones:
  // p1's receipt of p0#2 and p0's of p1#1 are undone with the sends.
  SampleCase(file: "jsonl/checkpoint-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  // p0 rolls back to its initial state; p1 keeps p0#1, which p0 no longer sent.
  SampleCase(
    file: "jsonl/checkpoint-orphans-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["no orphans"]),
  // p1 rolls back past its checkpoint p1.1 to its initial state: the domino effect.
  SampleCase(
    file: "jsonl/checkpoint-domino-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["bounded rollback"]),
  // write 1, then the timed-out cas(1,2) takes effect before both reads of 2; nemesis ignored.
  SampleCase(file: "jepsen-edn/cas-register-ok.edn", format: .jepsenEDN, verdict: "holds", properties: []),
  // The failed cas(1,2) did nothing, yet a later read sees 2.
  SampleCase(
    file: "jepsen-edn/cas-register-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["linearizability"]),
  // Independent keys: key 1 is written 3 then cas(3,4) and read 4; key 2 written and read 5.
  SampleCase(
    file: "jepsen-edn/independent-cas-ok.edn", format: .jepsenEDN, verdict: "holds", properties: [],
    independent: true),
  // Independent keys: key 1 written 3 then read 5, key 2's value.
  SampleCase(
    file: "jepsen-edn/independent-cas-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["linearizability"], independent: true),
  // Knossos's shape, a list with comments and a nemesis: the read of "b" is concurrent with
  // cas("a","b"), which takes effect first; the failed write of "c" did nothing.
  SampleCase(file: "jepsen-edn/knossos-list-ok.edn", format: .jepsenEDN, verdict: "holds", properties: []),
  // From 0, nil is no value of the register: the read of nil observes nothing, and write(1),
  // cas(1,2), read 2 are sequential (without --initial it is violated, see TraceNilReadTests).
  SampleCase(
    file: "jepsen-edn/nil-read-initial-0.edn", format: .jepsenEDN, verdict: "holds", properties: [],
    initial: .int(0)),
  // The read of nil precedes the concurrent write; the timed-out cas(1,3) explains the read of 3.
  SampleCase(file: "jepsen-log/cas-register-ok.log", format: .jepsenLog, verdict: "holds", properties: []),
  // A read after write(1) completed returns nil.
  SampleCase(
    file: "jepsen-log/cas-register-bad.log", format: .jepsenLog, verdict: "violated",
    properties: ["linearizability"]),
  // The get concurrent with the append reads "", the later one the appended text.
  SampleCase(file: "porcupine-kv/kv-ok.txt", format: .porcupineKV, verdict: "holds", properties: []),
  // A get after the append completed reads "".
  SampleCase(
    file: "porcupine-kv/kv-bad.txt", format: .porcupineKV, verdict: "violated",
    properties: ["linearizability"]),
  // Transactional samples, checked for strict serializability (the default); each file's
  // comment names its anomaly (FaultlineCLITests/VerifyTransactionTests.swift checks each model).
  // The serial order T1 T2 T3 T4 explains every read; the :info T3 happened, the :fail T5 did not.
  SampleCase(file: "jepsen-edn/list-append-ok.edn", format: .jepsenEDN, verdict: "holds", properties: []),
  // Each of two transactions read the other's append (G1c).
  SampleCase(
    file: "jepsen-edn/list-append-g1c-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // Read skew (G-single).
  SampleCase(
    file: "jepsen-edn/list-append-gsingle-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // Two anti-dependencies, never adjacent (G-nonadjacent).
  SampleCase(
    file: "jepsen-edn/list-append-gnonadjacent-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // Write skew (G2-item).
  SampleCase(
    file: "jepsen-edn/list-append-g2-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // A read of a failed transaction's append (G1a).
  SampleCase(
    file: "jepsen-edn/list-append-g1a-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // A stale read after the append completed: serializable, not strictly.
  SampleCase(
    file: "jepsen-edn/list-append-realtime-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // Unique writes, each read the latest in the order T1 T2 T3.
  SampleCase(file: "jepsen-edn/rw-register-ok.edn", format: .jepsenEDN, verdict: "holds", properties: []),
  // Write skew on registers (G2-item).
  SampleCase(
    file: "jepsen-edn/rw-register-g2-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // Two read x = 1 and both wrote x (lost update).
  SampleCase(
    file: "jepsen-edn/rw-register-lost-update-bad.edn", format: .jepsenEDN, verdict: "violated",
    properties: ["strict-serializable"]),
  // The JSON Lines forms: x then y appended and read in order.
  SampleCase(file: "jsonl/list-append-ok.jsonl", format: .jsonl, verdict: "holds", properties: []),
  SampleCase(
    file: "jsonl/list-append-g1c-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["strict-serializable"]),
  SampleCase(
    file: "jsonl/rw-register-g2-bad.jsonl", format: .jsonl, verdict: "violated",
    properties: ["strict-serializable"]),
]

@Suite("Trace samples")
struct TraceSampleTests {
  @Test("each sample gets the verdict it was written to have", arguments: sampleCases)
  func sample(_ sample: SampleCase) throws {
    let result = try TraceVerifier.verify(
      path: tracesDirectory + "/" + sample.file,
      options: VerifyOptions(initial: sample.initial, check: sample.check, independent: sample.independent))
    #expect(result.format == sample.format)
    #expect(result.verdict.name == sample.verdict)
    #expect(result.verdict.violations.map(\.property) == sample.properties)
    for violation in result.verdict.violations {
      let items = violation.witness?.sections.flatMap(\.items) ?? []
      #expect(!items.isEmpty)
      #expect(items.contains { $0.line != nil })
    }
  }

  @Test("every sample file is pinned")
  func everySamplePinned() throws {
    var files: [String] = []
    for format in ["jsonl", "jepsen-edn", "jepsen-log", "porcupine-kv"] {
      let names = try FileManager.default.contentsOfDirectory(atPath: tracesDirectory + "/" + format)
      files += names.map { format + "/" + $0 }
    }
    #expect(files.sorted() == sampleCases.map(\.file).sorted())
  }

  @Test("a linearizability witness names the stuck operations with their lines")
  func linearizabilityWitness() throws {
    let result = try TraceVerifier.verify(path: tracesDirectory + "/jsonl/register-bad.jsonl")
    let witness = try #require(result.verdict.violations.first?.witness)
    #expect(
      witness.sections.map(\.title) == [
        "longest linearizable prefix (1 operations)", "operations that cannot be placed after it",
      ])
    // write(1) on lines 1-2 is the prefix; the read on lines 3-4 cannot follow it.
    #expect(witness.sections[0].items.map(\.line) == [1])
    #expect(witness.sections[1].items.map(\.line) == [3])
    #expect(witness.sections[1].items.map(\.process) == ["c2"])
  }

  @Test("--check runs the named check even when the events imply another")
  func forcedCheck() throws {
    let options = VerifyOptions(check: .totalOrder)
    let result = try TraceVerifier.verify(
      path: tracesDirectory + "/jsonl/view-synchrony-bad.jsonl", options: options)
    #expect(result.checks == [.totalOrder])
    // Only p1 delivers m1 and p2 never crashes: total-order agreement fails too.
    #expect(result.verdict.violations.map(\.property) == ["agreement"])
  }

  @Test("--initial sets the register's first value")
  func initialValue() throws {
    // A read of nil after write(1) is a violation from any initial value; a lone read of 7 only
    // holds when the register starts at 7.
    let lines = """
      {"type":"invoke","process":"c1","op":"read"}
      {"type":"ok","process":"c1","op":"read","result":7}
      """
    let trace = try TraceDecoder.decode(bytes: Array(lines.utf8), file: "t.jsonl")
    let seven = try TraceVerifier.verify(trace, file: "t.jsonl", options: VerifyOptions(initial: .int(7)))
    let none = try TraceVerifier.verify(trace, file: "t.jsonl")
    #expect(seven.verdict == .holds)
    #expect(none.verdict.name == "violated")
  }

  @Test("the JSON report has the verify fields")
  func jsonReport() throws {
    let result = try TraceVerifier.verify(path: tracesDirectory + "/jsonl/kv-bad.jsonl")
    let json = VerifyReport.json(result)
    for key in ["file", "format", "verdict", "events", "operations", "seconds", "witness"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["verdict"] == .string("violated"))
    #expect(json["events"] == .int(8))
    #expect(json["operations"] == .int(4))
    #expect(VerifyReport.text(result).contains("line 7"))
  }
}
