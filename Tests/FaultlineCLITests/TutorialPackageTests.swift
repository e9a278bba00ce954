import Foundation
import Testing

/// docs/tutorial.md, end to end: a new package in a temporary folder depends on Faultline by
/// path and checks a model with a bug from its own `swift test`, which fails with the readable
/// counterexample, then passes once the bug is fixed. The files are those the tutorial shows
/// (Tests/FaultlineCLITests/Tutorial/*.txt). Builds Faultline once more, in debug: skipped with
/// the release suite when FAULTLINE_SKIP_RELEASE=1.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FAULTLINE_SKIP_RELEASE"] != "1"))
struct TutorialPackageTests {
  static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = here.deletingLastPathComponent().deletingLastPathComponent()

  func swiftTest(in folder: URL) async throws -> (status: Int32, output: String) {
    try await Subprocess.run(["swift", "test"], in: folder)
  }

  @Test func aUserPackageFailsWithTheCounterexampleThenPassesOnceFixed() async throws {
    let fm = FileManager.default
    let work = fm.temporaryDirectory.appendingPathComponent("faultline-tutorial-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: work) }
    let package = work.appendingPathComponent("LostUpdate")
    try fm.createDirectory(
      at: package.appendingPathComponent("Sources/LostUpdate"), withIntermediateDirectories: true)
    try fm.createDirectory(
      at: package.appendingPathComponent("Tests/LostUpdateTests"), withIntermediateDirectories: true)
    // The tutorial clones Faultline next to the new package, as ../faultline.
    try fm.createSymbolicLink(
      at: work.appendingPathComponent("faultline"), withDestinationURL: Self.packageRoot)
    let tutorial = Self.here.appendingPathComponent("Tutorial")
    for (source, target) in [
      ("Package.swift.txt", "Package.swift"), ("Counter.swift.txt", "Sources/LostUpdate/Counter.swift"),
      ("CounterTests.swift.txt", "Tests/LostUpdateTests/CounterTests.swift"),
    ] {
      try fm.copyItem(at: tutorial.appendingPathComponent(source), to: package.appendingPathComponent(target))
    }

    let failing = try await swiftTest(in: package)
    #expect(failing.status != 0)
    for line in [
      "violated: no lost update", "1. client0: reads the counter", "2. client1: reads the counter",
      "3. client0: writes what it read plus one", "4. client1: writes what it read plus one",
      "counter: 0 -> 1",
    ] {
      #expect(failing.output.contains(line), "missing '\(line)' in:\n\(failing.output.suffix(3000))")
    }

    let tests = package.appendingPathComponent("Tests/LostUpdateTests/CounterTests.swift")
    let fixed = try String(contentsOf: tests, encoding: .utf8)
      .replacingOccurrences(of: "atomicIncrement: false", with: "atomicIncrement: true")
    try fixed.write(to: tests, atomically: true, encoding: .utf8)
    let passing = try await swiftTest(in: package)
    #expect(passing.status == 0, "\(passing.output.suffix(3000))")
  }
}
