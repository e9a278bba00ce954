import Faultline
import Foundation
import Testing

/// A malformed input and where and how it must be reported.
struct MalformedCase: CustomTestStringConvertible, Sendable {
  var name: String
  var text: String
  var format: TraceFormat?
  var line: Int
  var column: Int
  var expected: String
  var found: String
  var testDescription: String { name }
}

// Columns counted by hand (and with Python's len) from the texts; 1-based, in characters.
let malformedCases: [MalformedCase] = [
  MalformedCase(
    name: "JSONL value missing",
    text: "{\"type\":\"invoke\",\"process\":\"c1\",\"op\":\"read\"}\n"
      + "{\"type\":\"ok\",\"process\":\"c1\",\"op\":\"read\",\"result\":}", format: nil, line: 2, column: 50,
    expected: "a JSON value", found: "'}'"),
  MalformedCase(
    name: "JSONL object cut short", text: "{\"type\":\"invoke\",\"process\":\"c1\",\"op\":\"read\"",
    format: .jsonl,
    line: 1, column: 44, expected: "',' or '}' in an object", found: "end of file"),
  MalformedCase(
    name: "JSONL column counts characters", text: "{\"type\":\"invoke\",\"process\":\"é\",\"op\":\"read\",}",
    format: .jsonl, line: 1, column: 44, expected: "a string key", found: "'}'"),
  MalformedCase(
    name: "JSONL unknown event type", text: "{\"type\":\"launch\",\"process\":\"p1\"}", format: .jsonl,
    line: 1,
    column: 1,
    expected: "a \"type\" among invoke, ok, fail, info, propose, decide, broadcast, deliver, "
      + "view-change, vote, commit, abort, crash, recover, send, receive, suspect, call, begin, execute, "
      + "abandon, reply, checkpoint, rollback, app-send, app-receive", found: "\"launch\""),
  MalformedCase(
    name: "Jepsen log line missing its value", text: "INFO  jepsen.util - 0\t:invoke\t:read", format: nil,
    line: 1,
    column: 36, expected: "a tab between fields", found: "end of file"),
  MalformedCase(
    name: "EDN history not closed", text: "[{:process 0, :type :invoke, :f :read, :value nil}", format: nil,
    line: 1, column: 51, expected: "']' closing the history", found: "end of file"),
  MalformedCase(
    name: "EDN completion without invocation", text: "{:process 0, :type :ok, :f :read, :value 1}",
    format: .jepsenEDN, line: 1, column: 1, expected: "an invocation by process 0 before its completion",
    found: "a completion"),
  MalformedCase(
    name: "Porcupine kv line without key", text: "{:process 0, :type :invoke, :f :get, :value nil}",
    format: .porcupineKV, line: 1, column: 1, expected: "a :key in the kv operation", found: "none"),
]

/// Every sample file's bytes, with its format.
func sampleFiles() throws -> [(name: String, bytes: [UInt8], format: TraceFormat)] {
  var files: [(String, [UInt8], TraceFormat)] = []
  for format in TraceFormat.allCases {
    let directory = tracesDirectory + "/" + format.rawValue
    for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
      let data = try #require(FileManager.default.contents(atPath: directory + "/" + name))
      files.append((format.rawValue + "/" + name, [UInt8](data), format))
    }
  }
  return files
}

/// Decodes and, when that works, verifies; any error must be a line-numbered malformed input.
func decodeOrMalformed(_ bytes: [UInt8], format: TraceFormat?) -> Bool {
  do {
    let trace = try TraceDecoder.decode(bytes: bytes, file: "t", format: format)
    _ = try? TraceVerifier.verify(trace, file: "t", options: VerifyOptions(timeLimit: 1))
    return true
  } catch let error as FaultlineError {
    guard case .malformedInput(_, let line, let column, _, _) = error else { return false }
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
    return line >= 1 && line <= max(lines, 1) && column >= 1
  } catch {
    return false
  }
}

@Suite("Trace readers on malformed input")
struct TraceReaderRobustnessTests {
  @Test("malformed input is reported at its line and column", arguments: malformedCases)
  func malformed(_ c: MalformedCase) {
    #expect(
      throws: FaultlineError.malformedInput(
        file: "t", line: c.line, column: c.column, expected: c.expected, found: c.found)
    ) {
      _ = try TraceDecoder.decode(bytes: Array(c.text.utf8), file: "t", format: c.format)
    }
  }

  @Test("every truncation of every sample decodes or gives a malformed-input error")
  func truncations() throws {
    for file in try sampleFiles() {
      for length in 0..<file.bytes.count {
        let prefix = Array(file.bytes[0..<length])
        #expect(decodeOrMalformed(prefix, format: file.format), "\(file.name) cut at \(length)")
        #expect(decodeOrMalformed(prefix, format: nil), "\(file.name) cut at \(length), detected")
      }
    }
  }

  @Test("corrupted samples decode or give a malformed-input error", arguments: [7, 8, 9])
  func corruptions(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    for file in try sampleFiles() {
      for _ in 0..<40 {
        var bytes = file.bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          let index = Int.random(in: 0..<bytes.count, using: &rng)
          bytes[index] = UInt8.random(in: 0...255, using: &rng)
        }
        #expect(decodeOrMalformed(bytes, format: file.format), "\(file.name) corrupted")
      }
    }
  }

  @Test("random bytes give an error in every format", arguments: [nil] + TraceFormat.allCases)
  func randomBytes(format: TraceFormat?) {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<200 {
      let bytes = (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng)
      }
      #expect(throws: FaultlineError.self) {
        _ = try TraceDecoder.decode(bytes: bytes, file: "r", format: format)
      }
      #expect(decodeOrMalformed(bytes, format: format))
    }
  }

  @Test("deep nesting is an error, not a stack overflow", arguments: TraceFormat.allCases)
  func deepNesting(format: TraceFormat) {
    let open =
      format == .jsonl
      ? "{\"type\":\"invoke\",\"process\":\"c\",\"op\":\"w\",\"args\":" : "{:process 0 :value "
    let text =
      (format == .jepsenLog ? "INFO  jepsen.util - 0\t:invoke\t:write\t" : open)
      + String(repeating: "[", count: 100_000)
    #expect(throws: FaultlineError.self) {
      _ = try TraceDecoder.decode(bytes: Array(text.utf8), file: "d", format: format)
    }
  }

  @Test("a missing file is unreadable")
  func missingFile() {
    #expect(throws: FaultlineError.unreadableFile(path: "/nonexistent/t.jsonl", reason: "no such file")) {
      _ = try TraceDecoder.decode(path: "/nonexistent/t.jsonl")
    }
  }
}
