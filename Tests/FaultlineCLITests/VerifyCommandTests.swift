import Foundation
import Testing

/// The package's `traces/` samples.
private let traces =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces").path

/// A new, empty directory for a test's files; the test removes it.
private func temporaryDirectory() throws -> URL {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  return directory
}

@Suite struct VerifyCommandTests {
  // Expected verdicts from how the samples were written (see FaultlineTests/TraceSampleTests.swift).
  @Test(arguments: [
    ("jsonl/register-ok.jsonl", Int32(0), "holds"),
    ("jsonl/register-bad.jsonl", 1, "violated"),
    ("jsonl/two-phase-commit-atomicity-bad.jsonl", 1, "violated"),
    ("jepsen-edn/cas-register-ok.edn", 0, "holds"),
    ("jepsen-log/cas-register-bad.log", 1, "violated"),
    ("porcupine-kv/kv-ok.txt", 0, "holds"),
  ])
  func exitCodeAndJSONVerdict(file: String, status: Int32, verdict: String) throws {
    let result = try Faultline.run(["verify", traces + "/" + file, "--json"])
    #expect(result.status == status)
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == verdict)
    for key in ["file", "format", "events", "operations", "seconds"] { #expect(json[key] != nil, "\(key)") }
    #expect((json["witness"] != nil) == (verdict == "violated"))
  }

  // --stream checks kv traces as they are read and reads any other trace whole: same verdicts.
  @Test(arguments: [
    ("jsonl/kv-ok.jsonl", Int32(0)), ("jsonl/kv-bad.jsonl", 1), ("jsonl/register-bad.jsonl", 1),
    ("jsonl/consensus-agreement-bad.jsonl", 1), ("porcupine-kv/kv-ok.txt", 0),
  ])
  func streamingKeepsTheVerdict(file: String, status: Int32) throws {
    let result = try Faultline.run(["verify", "--stream", traces + "/" + file])
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
  }

  // register-bad's read of nil is stale: not linearizable, but sequentially consistent.
  // register-stale-read declares sequential consistency; the option overrides it.
  @Test(arguments: [
    (
      "jsonl/register-bad.jsonl", ["--consistency", "sequential"], Int32(0), "checked sequential consistency"
    ),
    ("jsonl/register-bad.jsonl", ["--consistency", "linearizable"], 1, "checked linearizability"),
    ("jsonl/register-stale-read.jsonl", [], 0, "checked sequential consistency"),
    ("jsonl/register-stale-read.jsonl", ["--consistency", "linearizable"], 1, "checked linearizability"),
    ("jsonl/register-sequential-bad.jsonl", [], 1, "violated: sequential consistency"),
    ("jsonl/register-bad.jsonl", ["--consistency", "sequentil"], 2, "did you mean 'sequential'"),
    ("jsonl/kv-ok.jsonl", ["--consistency", "sequential", "--stream"], 2, "--stream checks linearizability"),
    ("jepsen-edn/independent-cas-bad.edn", ["--independent"], 1, "key 1: the history is not linearizable"),
    ("jepsen-edn/independent-cas-ok.edn", ["--independent"], 0, "checked linearizability (cas-register)"),
    ("jepsen-edn/cas-register-ok.edn", ["--independent"], 2, "expected a [key value] tuple"),
    // Independent histories are recognised without the flag (every value a [key value] tuple).
    ("jepsen-edn/independent-cas-bad.edn", [], 1, "key 1: the history is not linearizable"),
    ("jepsen-edn/independent-cas-ok.edn", [], 0, "checked linearizability (cas-register)"),
    // Every object kind streams: the same verdicts as read whole.
    ("jsonl/cas-register-info-bad.jsonl", ["--stream"], 1, "violated: linearizability"),
    ("jsonl/cas-register-info-ok.jsonl", ["--stream"], 0, "checked linearizability (cas-register)"),
    ("jsonl/queue-bad.jsonl", ["--stream"], 1, "violated: linearizability"),
    ("jsonl/mutex-ok.jsonl", ["--stream"], 0, "checked linearizability (mutex)"),
    // Streamed, the spec is still the one all the names choose: a register when no CAS comes.
    ("jsonl/register-ok.jsonl", ["--stream"], 0, "checked linearizability (register)"),
    // The time limit covers reading: it passes before the first chunk is read.
    ("jsonl/kv-ok.jsonl", ["--stream", "--time-limit", "0.000001"], 3, "reached while reading the file"),
  ])
  func optionsChangeTheCheck(file: String, options: [String], status: Int32, text: String) throws {
    let result = try Faultline.run(["verify", traces + "/" + file] + options)
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect((result.stdout + result.stderr).contains(text), "\(result.stdout)\(result.stderr)")
  }

  @Test func streamingNamesTheBadLine() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("t.jsonl").path
    let lines = [
      #"{"type":"invoke","process":"c1","op":"put","key":"x","args":["a"]}"#,
      #"{"type":"ok","process":"c1","op":"put"}"#, #"{"type":"invoke","process":"c1","op":"get","key":"x""#,
    ]
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
    let result = try Faultline.run(["verify", "--stream", file])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: \(file):3:"), "\(result.stderr)")
    let both = try Faultline.run(["verify", "--stream", file, "--diagram", file + ".html"])
    #expect(both.status == 2)
    #expect(both.stderr.contains("--diagram draws the whole history"), "\(both.stderr)")
  }

  @Test func textWitnessNamesLinesAndProcesses() throws {
    let result = try Faultline.run(["verify", traces + "/jsonl/register-bad.jsonl"])
    #expect(result.status == 1)
    for text in [
      "violated", "longest linearizable prefix", "line 1", "c1 write(1)", "line 3", "c2 read() -> nil",
    ] {
      #expect(result.stdout.contains(text), "missing: \(text)")
    }
  }

  @Test(arguments: [
    (["--format", "jepsen-log"], "error: t.jsonl:1:1: expected a Jepsen log line"),
    (["--spec", "kvv"], "error: unknown spec 'kvv'; did you mean 'kv'?"),
    (["--check", "consensu"], "error: unknown check 'consensu'; did you mean 'consensus'?"),
    (["--formt", "jsonl"], "error: unknown option '--formt'; did you mean '--format'?"),
    (["--time-limit", "soon"], "error: invalid value 'soon' for --time-limit"),
  ])
  func badUsageExitsTwo(options: [String], message: String) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("t.jsonl").path
    try Data("{\"type\":\"invoke\",\"process\":\"c1\",\"op\":\"read\"}\n".utf8).write(
      to: URL(fileURLWithPath: file))
    let result = try Faultline.run(["verify", file] + options)
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(message.replacingOccurrences(of: "t.jsonl", with: file)), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func malformedFileNamesLineAndColumn() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.edn").path
    // The map on line 2 has a key without a value.
    try Data("[{:process 0 :type :invoke :f :read :value nil}\n {:process 1 :type}]".utf8)
      .write(to: URL(fileURLWithPath: file))
    let result = try Faultline.run(["verify", file])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: \(file):2:"), "\(result.stderr)")
  }

  @Test func initialValueChangesTheVerdict() throws {
    // Both reads of 1 overlap or follow write(1), so the sample holds from any initial value; a
    // read of nil after write(1) completed is a violation from any initial value.
    let held = try Faultline.run(["verify", traces + "/jsonl/register-ok.jsonl", "--initial", "5"])
    #expect(held.status == 0)
    let bad = try Faultline.run(["verify", traces + "/jsonl/register-bad.jsonl", "--initial", "nil"])
    #expect(bad.status == 1)
  }

  @Test func timeLimitIsIncompleteWithExitThree() throws {
    // 40 overlapping writes, then a read of a value nobody wrote: refuting it needs a search far
    // longer than the limit allows.
    var lines: [String] = []
    for i in 0..<40 {
      lines.append("{\"type\":\"invoke\",\"process\":\"w\(i)\",\"op\":\"write\",\"args\":[\(i)]}")
    }
    lines.append("{\"type\":\"invoke\",\"process\":\"r\",\"op\":\"read\"}")
    for i in 0..<40 { lines.append("{\"type\":\"ok\",\"process\":\"w\(i)\",\"op\":\"write\"}") }
    lines.append("{\"type\":\"ok\",\"process\":\"r\",\"op\":\"read\",\"result\":99}")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "verify-\(UUID().uuidString).jsonl")
    try Data(lines.joined(separator: "\n").utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Faultline.run(["verify", file.path, "--time-limit", "0.2", "--json"])
    #expect(result.status == 3)
    #expect(result.json?["verdict"] as? String == "incomplete")
  }

  @Test func helpListsTheOptions() throws {
    let result = try Faultline.run(["verify", "--help"])
    #expect(result.status == 0)
    for option in ["--format", "--spec", "--initial", "--check", "--json", "--time-limit"] {
      #expect(result.stdout.contains(option), "missing: \(option)")
    }
  }
}
