import Foundation
import Testing

/// The package's `traces/conformance/` samples.
private let samples =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces/conformance").path

/// `faultline verify LOG --model NAME` (#15): is the log a behaviour of the model?
@Suite struct ConformanceCommandTests {
  /// A correct run of two-phase commit with one participant, in the trace format, line by line.
  static let run = [
    #"{"type":"vote","process":"p1","tx":"t1","vote":"yes"}"#,
    #"{"type":"send","process":"p1","message":"Prepared","to":"coordinator"}"#,
    #"{"type":"receive","process":"coordinator","message":"Prepared","from":"p1"}"#,
    #"{"type":"commit","process":"coordinator","tx":"t1","participants":["p1"]}"#,
    #"{"type":"send","process":"coordinator","message":"Commit","to":"p1"}"#,
    #"{"type":"receive","process":"p1","message":"Commit","from":"coordinator"}"#,
    #"{"type":"commit","process":"p1","tx":"t1"}"#,
  ]

  struct Case: Sendable, CustomStringConvertible {
    var name: String
    /// The log, as line numbers of `run` (1-based) or literal lines.
    var lines: [String]
    var extra: [String] = []
    var status: Int32
    /// The line of the first event no behaviour explains.
    var firstUnexplained: Int?
    var description: String { name }
  }

  /// Each mutation's expected answer, worked out from the model: a participant's yes vote and its
  /// Prepared message are one step, and it commits only on receiving Commit, which the
  /// coordinator sends only after every vote.
  static let cases: [Case] = [
    Case(name: "the run itself", lines: run, status: 0),
    // Two processes' lines swapped: each process's own order is unchanged, and the merge is free.
    Case(
      name: "lines of two processes swapped", lines: [run[0], run[2], run[1]] + Array(run[3...]), status: 0),
    // p1 receives Commit before sending Prepared: its vote step explains the vote and then must
    // send Prepared, but p1's next logged event is the receive (line 2).
    Case(
      name: "a receive moved before its cause",
      lines: [run[0], run[5], run[1], run[2], run[3], run[4], run[6]],
      status: 1, firstUnexplained: 2),
    // No step votes no: the vote on line 1 is unexplained.
    Case(
      name: "a vote changed", lines: [run[0].replacingOccurrences(of: "yes", with: "no")] + Array(run[1...]),
      status: 1, firstUnexplained: 1),
    // Without the Prepared message, p1's vote step cannot be explained: after its vote the step
    // sends Prepared, where p1's log goes on with the receive (now line 5).
    Case(
      name: "a Prepared message missing", lines: [run[0]] + Array(run[2...]), status: 1, firstUnexplained: 5),
    // A participant commits once, on the coordinator's Commit.
    Case(name: "an extra commit", lines: run + [run[6]], status: 1, firstUnexplained: 8),
  ]

  @Test(arguments: cases)
  func mutatedLogsAreRejectedAtTheMutatedEvent(_ c: Case) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "conform-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("log.jsonl").path
    try (c.lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let result = try Faultline.run([
      "verify", log, "--model", "two-phase-commit", "--participants", "1", "--json",
    ])
    #expect(result.status == c.status, "\(result.stdout)\(result.stderr)")
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == (c.status == 0 ? "conforms" : "does not conform"))
    let first = json["firstUnexplained"] as? [String: Any]
    #expect(first?["line"] as? Int == c.firstUnexplained)
    if c.status == 1 {
      // The closest behaviour replays.
      let replay = try #require(json["replay"] as? String)
      let replayed = try Faultline.run([
        "check", "two-phase-commit", "--participants", "1", "--replay", replay, "--json",
      ])
      #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
    }
  }

  /// A log written by a small program (docs/examples/two_phase_commit.py) in its own words, mapped
  /// onto the model's: the correct program conforms; with the coordinator committing on the
  /// first vote, the commit (line 6, after one of two votes reached it) is what no behaviour
  /// explains. Without the mapping the log is not in the trace format (no "type"): refused, exit 2.
  @Test(
    arguments: [
      ("two-phase-commit-program.jsonl", true, Int32(0), nil),
      ("two-phase-commit-program-early.jsonl", true, 1, 6),
      ("two-phase-commit-program.jsonl", false, 2, nil),
    ] as [(String, Bool, Int32, Int?)])
  func aProgramsLogMapsOntoTheModel(file: String, mapped: Bool, status: Int32, line: Int?) throws {
    let mapping = mapped ? ["--mapping", samples + "/two-phase-commit-program-mapping.json"] : []
    let result = try Faultline.run(
      ["verify", samples + "/" + file, "--model", "two-phase-commit", "--participants", "2", "--json"]
        + mapping)
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect((result.json?["firstUnexplained"] as? [String: Any])?["line"] as? Int == line)
  }

  /// Logs that record only votes and commits leave every message hidden: exact without a bound
  /// on hidden steps, incomplete (never "does not conform") when a bound cuts the search off.
  @Test func hiddenStepsAreExactUnlessBounded() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "conform-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("votes.jsonl").path
    try ([Self.run[0], Self.run[3], Self.run[6]].joined(separator: "\n") + "\n")
      .write(toFile: log, atomically: true, encoding: .utf8)
    let arguments = ["verify", log, "--model", "two-phase-commit", "--participants", "1"]
    #expect(try Faultline.run(arguments).status == 0)
    // The coordinator's commit needs the hidden delivery of Prepared first.
    let bounded = try Faultline.run(arguments + ["--hidden-steps", "0", "--json"])
    #expect(bounded.status == 3, "\(bounded.stdout)")
    #expect(bounded.json?["verdict"] as? String == "incomplete")
  }

  /// Vector clocks order events of different processes that the model alone would let happen in
  /// any order. With messages hidden (only votes and commits logged), p1's vote may come anywhere
  /// before the coordinator's commit; a clock on it saying that p2's commit (p2's second event)
  /// happened first cannot be met, since p2 commits only after the coordinator, which commits
  /// only after p1's vote. The vote (line 1) is then the earliest event left unexplained.
  @Test(arguments: [(#"{"p1":1}"#, Int32(0), nil), (#"{"p1":1,"p2":2}"#, 1, 1)] as [(String, Int32, Int?)])
  func vectorClocksOrderProcesses(clock: String, status: Int32, line: Int?) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "conform-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("clocks.jsonl").path
    let lines = [
      #"{"type":"vote","process":"p1","tx":"t1","vote":"yes","vc":"# + clock + "}",
      #"{"type":"vote","process":"p2","tx":"t1","vote":"yes","vc":{"p2":1}}"#,
      #"{"type":"commit","process":"coordinator","tx":"t1","participants":["p1","p2"],"vc":{"coordinator":1,"p1":1,"p2":1}}"#,
      #"{"type":"commit","process":"p1","tx":"t1","vc":{"p1":2,"coordinator":1}}"#,
      #"{"type":"commit","process":"p2","tx":"t1","vc":{"p2":2,"coordinator":1}}"#,
    ]
    try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let result = try Faultline.run([
      "verify", log, "--model", "two-phase-commit", "--participants", "2", "--json",
    ])
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect((result.json?["firstUnexplained"] as? [String: Any])?["line"] as? Int == line)
  }

  /// Bad input: a clear error naming the file and line, exit 2.
  @Test(arguments: [
    (#"{"process":"p1","tx":"t1"}"#, #"bad.jsonl:1:1: expected a string field "type""#),
    (#"{"type":"vote","process":1}"#, #"bad.jsonl:1:1: expected a string field "process", found 1"#),
    ("not json", "bad.jsonl:1:1: expected a JSON object"),
    (#"{"type":"vote","process":"p1","vc":{"p1":"one"}}"#, #"bad.jsonl:1:1: expected "vc" to map"#),
    // A clock that does not count its own event as its process's first.
    (#"{"type":"vote","process":"p1","vc":{"p1":3}}"#, "bad.jsonl:1:1: expected a vector clock"),
  ])
  func badLogsAreRefused(line: String, expected: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "conform-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("bad.jsonl").path
    try (line + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let result = try Faultline.run(["verify", log, "--model", "two-phase-commit"])
    #expect(result.status == 2)
    #expect(result.stderr.contains(expected), "\(result.stderr)")
    let unknown = try Faultline.run(["verify", log, "--model", "two-phase-comit"])
    #expect(unknown.status == 2 && unknown.stderr.contains("two-phase-commit"), "\(unknown.stderr)")
  }
}
