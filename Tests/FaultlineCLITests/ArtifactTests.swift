import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// --diagram, --junit and --trace-out, checked on the two-phase commit counterexample whose
/// nine steps are known (docs/models.md): three votes with their three Prepared messages
/// received by the coordinator, one unilateral abort, the commit, and p2 receiving Commit.
@Suite struct ArtifactTests {
  static func files() throws -> (diagram: String, junit: Data, trace: String, status: Int32) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faultline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let diagram = folder.appendingPathComponent("d.html")
    let junit = folder.appendingPathComponent("j.xml")
    let trace = folder.appendingPathComponent("t.jsonl")
    let result = try Faultline.run([
      "check", "two-phase-commit", "--variant", "abort-after-prepare", "--diagram", diagram.path,
      "--junit", junit.path, "--trace-out", trace.path,
    ])
    return (
      try String(contentsOf: diagram, encoding: .utf8), try Data(contentsOf: junit),
      try String(contentsOf: trace, encoding: .utf8), result.status
    )
  }

  @Test func diagramDrawsLanesMessagesAndTheViolatedProperty() throws {
    let (html, _, _, status) = try Self.files()
    #expect(status == 1)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("Violated: <b>atomic commit</b>"))
    for lane in ["p1", "coordinator", "p2", "p3"] { #expect(html.contains(">\(lane)</text>")) }
    // Four messages are received: three Prepared and one Commit.
    #expect(html.components(separatedBy: "<line class=\"message\"").count - 1 == 4)
    #expect(html.components(separatedBy: "<g class=\"step\">").count - 1 == 9)
    #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(!html.contains("<script"))
  }

  final class Counter: NSObject, XMLParserDelegate {
    var testcases = 0
    var failures = 0
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == "testcase" { testcases += 1 }
      if name == "failure" { failures += 1 }
    }
  }

  @Test func junitHasOneTestCasePerPropertyAndTheCounterexample() throws {
    let (_, xml, _, _) = try Self.files()
    let parser = XMLParser(data: xml)
    let counter = Counter()
    parser.delegate = counter
    #expect(parser.parse())
    // Two invariants, two reachability checks and termination: one test case each.
    #expect(counter.testcases == 5)
    #expect(counter.failures == 1)
    #expect(String(decoding: xml, as: UTF8.self).contains("9. p2: receive Commit from coordinator"))
  }

  @Test func traceOutWritesOneEventPerLine() throws {
    let (_, _, trace, _) = try Self.files()
    let events = try trace.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(events.filter { $0["type"] as? String == "vote" }.count == 3)
    #expect(
      events.filter { $0["type"] as? String == "commit" }.map { $0["process"] as? String } == [
        "coordinator", "p2",
      ])
    #expect(events.filter { $0["type"] as? String == "abort" }.map { $0["process"] as? String } == ["p1"])
  }

  /// traces/jsonl/register-bad.jsonl: c1 writes 1 and returns; c2 then reads nil (the initial value)
  /// of a register. The write is the longest linearizable prefix; the stale read cannot follow it.
  @Test func historyDiagramMarksThePrefixAndTheOperationThatBreaksIt() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faultline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let diagram = folder.appendingPathComponent("h.html")
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let trace = root.appendingPathComponent("traces/jsonl/register-bad.jsonl").path
    let result = try Faultline.run(["verify", trace, "--diagram", diagram.path])
    #expect(result.status == 1)
    let html = try String(contentsOf: diagram, encoding: .utf8)
    #expect(html.components(separatedBy: "<g class=\"op prefix").count - 1 == 1)
    #expect(html.components(separatedBy: "<g class=\"op stuck").count - 1 == 1)
    #expect(html.contains("Violated: <b>linearizability</b>"))
    #expect(!html.contains("<script"))
  }

  /// Several files in one process: the exit code is the worst verdict, JSON lists each file.
  @Test(arguments: [
    (["register-ok.jsonl", "register-bad.jsonl"], Int32(1), "violated"),
    (["register-ok.jsonl", "kv-ok.jsonl"], Int32(0), "holds"),
  ])
  func verifyTakesSeveralFiles(files: [String], status: Int32, verdict: String) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let paths = files.map { root.appendingPathComponent("traces/jsonl/" + $0).path }
    let result = try Faultline.run(["verify"] + paths + ["--json"])
    #expect(result.status == status)
    #expect(result.json?["verdict"] as? String == verdict)
    #expect((result.json?["files"] as? [[String: Any]])?.count == files.count)
    let refused = try Faultline.run(["verify"] + paths + ["--diagram", "/tmp/never.html"])
    #expect(refused.status == 2)
  }
}
