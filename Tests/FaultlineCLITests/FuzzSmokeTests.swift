import Foundation
import Testing

/// The package's root folder, two levels above this file.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// The libFuzzer targets of Tests/Fuzz/fuzz.sh (docs/fuzzing.md).
private let fuzzTargets = ["decode-jsonl", "decode-edn", "decode-log", "decode-porcupine", "verify", "cli"]

/// Opt-in (FAULTLINE_FUZZ_SMOKE=1): each fuzz target builds and runs 2,000 inputs without a finding.
/// Off by default: the first build compiles every layer with sanitizers, which takes minutes.
@Suite(
  .enabled(if: ProcessInfo.processInfo.environment["FAULTLINE_FUZZ_SMOKE"] == "1"),
  .serialized)
struct FuzzSmokeTests {
  @Test(arguments: fuzzTargets)
  func targetRunsCleanly(_ target: String) throws {
    let process = Process()
    process.executableURL = packageRoot.appendingPathComponent("Tests/Fuzz/fuzz.sh")
    process.arguments = [target, "2000"]
    process.currentDirectoryURL = packageRoot
    // libFuzzer's progress is long; the log keeps it for a failure's investigation.
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-fuzz-\(target).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "fuzz.sh \(target) 2000 failed; see \(log.path)")
  }
}
