import Foundation
import Testing

/// The package's `traces/` samples.
private let traces =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces").path

/// Writes `text` to a new temporary file named `name`; the caller removes its directory.
private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> (directory: URL, path: String) {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("values-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let path = directory.appendingPathComponent(name).path
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return (directory, path)
}

@Suite struct VerifyValueTests {
  // nil-read-initial-0.edn: write(1), then a read of nil, then cas(1,2) and a read of 2, one after
  // the other. From 0 nil is no value of the register, so the read says nothing (Knossos): holds.
  // Starting empty, or from nil, the read of nil after write(1) is stale: violated.
  @Test(arguments: [
    (["--initial", "0"], Int32(0), "holds"),
    ([], 1, "violated"),
    (["--initial", "nil"], 1, "violated"),
    (["--initial", "0", "--consistency", "sequential"], 0, "holds"),
  ])
  func nilReadIsUnknownWithAnInitialValue(options: [String], status: Int32, verdict: String) throws {
    let result = try Faultline.run(
      ["verify", traces + "/jepsen-edn/nil-read-initial-0.edn", "--json"] + options)
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect(result.json?["verdict"] as? String == verdict)
  }

  // Knossos's file shape: a list with comments and nemesis operations that carry strings.
  @Test func knossosShapedHistory() throws {
    let result = try Faultline.run(["verify", traces + "/jepsen-edn/knossos-list-ok.edn", "--json"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.json?["format"] as? String == "jepsen-edn")
    // Five client operations in ten events; the nemesis's three events are read and skipped.
    #expect(result.json?["operations"] as? Int == 5)
    #expect(result.json?["events"] as? Int == 13)
  }

  // Two numbers a Double cannot tell apart, and two strings that differ only in a lone surrogate.
  @Test(arguments: [
    ("18446744073709551615", "18446744073709551614", Int32(1), "violated"),
    ("1e999", "2e999", 1, "violated"),
    ("1.0", "1", 0, "holds"),
    (#""\ud800""#, #""\udfff""#, 2, ":1:61: expected a low surrogate escape"),
  ])
  func valuesCompareExactly(written: String, read: String, status: Int32, text: String) throws {
    let lines = """
      {"type":"invoke","process":"c1","op":"write","args":[\(written)]}
      {"type":"ok","process":"c1"}
      {"type":"invoke","process":"c1","op":"read"}
      {"type":"ok","process":"c1","result":\(read)}
      """
    let (directory, path) = try temporaryFile("t.jsonl", Array(lines.utf8))
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Faultline.run(["verify", path])
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect((result.stdout + result.stderr).contains(text), "\(result.stdout)\(result.stderr)")
    if status == 2 { #expect(result.stderr.hasPrefix("error: \(path):1:61:"), "\(result.stderr)") }
  }

  // A byte-order mark before the first line is not part of the trace.
  @Test(arguments: ["jsonl/register-bad.jsonl", "jepsen-edn/cas-register-ok.edn", "porcupine-kv/kv-ok.txt"])
  func byteOrderMarkIsSkipped(file: String) throws {
    let original = try #require(FileManager.default.contents(atPath: traces + "/" + file))
    let (directory, path) = try temporaryFile("bom", [0xEF, 0xBB, 0xBF] + [UInt8](original))
    defer { try? FileManager.default.removeItem(at: directory) }
    let plain = try Faultline.run(["verify", traces + "/" + file])
    let marked = try Faultline.run(["verify", path])
    #expect(marked.status == plain.status, "\(marked.stdout)\(marked.stderr)")
    #expect(plain.status != 2)
  }

  // A failed operation with a name no spec has: rejected at its line, read whole or streamed.
  @Test(arguments: [[], ["--stream"]])
  func failedUnknownOperationIsRejected(options: [String]) throws {
    let lines = """
      {"type":"invoke","process":"c1","op":"put","key":"x","args":["a"]}
      {"type":"ok","process":"c1"}
      {"type":"invoke","process":"c2","op":"frobnicate","key":"x"}
      {"type":"fail","process":"c2"}
      """
    let (directory, path) = try temporaryFile("t.jsonl", Array(lines.utf8))
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Faultline.run(["verify", path] + options)
    #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
    #expect(
      result.stderr.hasPrefix("error: \(path):3:1: expected an operation of the kv spec"), "\(result.stderr)")
  }
}
