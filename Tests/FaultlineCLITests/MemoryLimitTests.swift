import Foundation
import Testing

/// Issue #21, problem 8: a run that outgrows memory ended in SIGABRT or the kernel's kill. Past
/// `--memory-limit` it now stops as incomplete (exit 3) with its statistics.
@Suite struct MemoryLimitTests {
  @Test func aCheckOverItsMemoryLimitIsIncomplete() throws {
    // Two-phase commit with 9 participants has 10,340,352 states: far more than 40 MiB holds.
    let result = try Faultline.run([
      "check", "two-phase-commit", "--participants", "9", "--workers", "1", "--memory-limit", "40M", "--json",
    ])
    #expect(result.status == 3, "stderr: \(result.stderr)")
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == "incomplete")
    #expect((json["reason"] as? String)?.contains("memory limit of 40 MiB") == true)
    #expect((json["distinctStates"] as? Int ?? 0) > 0)
  }

  /// 2,000 writes that never return, then a read of a value nobody wrote: the search tries ever
  /// more subsets of the pending writes and its memory grows until the budget stops it.
  @Test func aVerifyOverItsMemoryLimitIsIncomplete() throws {
    var lines: [String] = []
    for i in 0..<2000 {
      lines.append(#"{"type":"invoke","process":"c\#(i)","op":"write","args":[\#(i + 1)],"time":\#(i)}"#)
    }
    lines.append(#"{"type":"invoke","process":"r","op":"read","time":2000}"#)
    lines.append(#"{"type":"ok","process":"r","op":"read","result":999999,"time":2001}"#)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("hot-\(UUID().uuidString).jsonl")
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Faultline.run([
      "verify", file.path, "--memory-limit", "100M", "--time-limit", "120", "--json",
    ])
    #expect(result.status == 3, "stderr: \(result.stderr)")
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == "incomplete")
    #expect(result.stdout.contains("memory limit of 100 MiB"), "stdout: \(result.stdout)")
  }

  @Test(arguments: [
    ("1K", "a size of at least 16M"), ("lots", "a size of at least 16M"), ("0%", "a size of at least 16M"),
    ("101%", "a size of at least 16M"),
  ])
  func badMemoryLimitsAreExplained(value: String, message: String) throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--memory-limit", value])
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
  }
}
