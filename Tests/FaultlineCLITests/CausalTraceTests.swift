import Foundation
import Testing

/// `verify --check causal-broadcast` reads the causal order off a log (what a process broadcast
/// or delivered precedes what it broadcasts later). Its oracle here is the model checker: the
/// counterexample of `reliable-broadcast --variant deliver-on-receipt`, which delivers before a
/// causal predecessor, exported with `--trace-out`, must be a causal-order violation in the log
/// too; the shipped samples pin a log that is causal but not totally ordered, and one that is not
/// causal (argued in the test).
@Suite struct CausalTraceTests {
  @Test func theModelsCausalViolationIsOneInItsLog() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faultline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let trace = folder.appendingPathComponent("t.jsonl")
    let checked = try Faultline.run([
      "check", "reliable-broadcast", "--order", "causal", "--variant", "deliver-on-receipt", "--trace-out",
      trace.path,
    ])
    #expect(checked.status == 1)
    let verified = try Faultline.run(["verify", trace.path, "--check", "causal-broadcast"])
    #expect(verified.status == 1)
    #expect(verified.stdout.contains("violated: causal order"))
  }

  /// - `causal-broadcast-ok.jsonl`: p2 broadcasts m2 after delivering m1, and every process
  ///   delivers m1 before m2; p3's m3 is concurrent with both, so p1 delivering m3 before m2 and
  ///   p3 delivering m3 first are both causal, but the two orders differ: not a total order.
  /// - `causal-broadcast-bad.jsonl`: p2 delivers m1 and then broadcasts m2, and p3 delivers m2
  ///   before m1.
  @Test(arguments: [
    (
      file: "causal-broadcast-ok.jsonl", check: "causal-broadcast", status: Int32(0), violated: nil as String?
    ),
    (file: "causal-broadcast-ok.jsonl", check: "total-order", status: 1, violated: "order"),
    (file: "causal-broadcast-bad.jsonl", check: "causal-broadcast", status: 1, violated: "causal order"),
  ])
  func samples(file: String, check: String, status: Int32, violated: String?) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent("traces/jsonl/\(file)").path
    let result = try Faultline.run(["verify", path, "--check", check])
    #expect(result.status == status)
    if let violated { #expect(result.stdout.contains("violated: \(violated):")) }
  }
}
