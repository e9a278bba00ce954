import Faultline
import Foundation
import Testing

/// One process writes `written`, then reads `read`, one after the other: the history is
/// linearizable exactly when the two denote the same value (docs/trace-format.md, "Values").
struct WriteThenReadCase: CustomTestStringConvertible, Sendable {
  var format: TraceFormat
  var written: String
  var read: String
  var verdict: String
  var testDescription: String { "\(format.rawValue): write \(written), read \(read)" }

  /// The history in `format`; a kv history (`put`, `get` on one key) for Porcupine.
  var text: String {
    switch format {
    case .jsonl:
      return """
        {"type":"invoke","process":"c1","op":"write","args":[\(written)]}
        {"type":"ok","process":"c1","op":"write"}
        {"type":"invoke","process":"c1","op":"read"}
        {"type":"ok","process":"c1","op":"read","result":\(read)}
        """
    case .jepsenEDN:
      return """
        [{:process 0, :type :invoke, :f :write, :value \(written)}
         {:process 0, :type :ok, :f :write, :value \(written)}
         {:process 0, :type :invoke, :f :read, :value nil}
         {:process 0, :type :ok, :f :read, :value \(read)}]
        """
    case .jepsenLog:
      return """
        INFO  jepsen.util - 0\t:invoke\t:write\t\(written)
        INFO  jepsen.util - 0\t:ok\t:write\t\(written)
        INFO  jepsen.util - 0\t:invoke\t:read\tnil
        INFO  jepsen.util - 0\t:ok\t:read\t\(read)
        """
    case .porcupineKV:
      return """
        {:process 0, :type :invoke, :f :put, :key "k", :value \(written)}
        {:process 0, :type :ok, :f :put, :key "k", :value \(written)}
        {:process 0, :type :invoke, :f :get, :key "k", :value nil}
        {:process 0, :type :ok, :f :get, :key "k", :value \(read)}
        """
    }
  }
}

// Each verdict follows from the rule that numbers are equal when they denote the same decimal
// value and strings when they are the same characters, never from a run.
let writeThenReadCases: [WriteThenReadCase] = [
  // 2^64-1 and 2^64-2 differ by one; a Double rounds both to 2^64.
  WriteThenReadCase(
    format: .jsonl, written: "18446744073709551615", read: "18446744073709551614", verdict: "violated"),
  WriteThenReadCase(
    format: .jsonl, written: "18446744073709551615", read: "18446744073709551615", verdict: "holds"),
  // Beyond a Double's range both would be +infinity.
  WriteThenReadCase(format: .jsonl, written: "1e999", read: "2e999", verdict: "violated"),
  WriteThenReadCase(format: .jsonl, written: "1e999", read: "10e998", verdict: "holds"),
  // The same Double, different decimals.
  WriteThenReadCase(format: .jsonl, written: "0.1", read: "0.10000000000000001", verdict: "violated"),
  // One number, written three ways.
  WriteThenReadCase(format: .jsonl, written: "1.0", read: "1", verdict: "holds"),
  WriteThenReadCase(format: .jsonl, written: "1.50", read: "15e-1", verdict: "holds"),
  WriteThenReadCase(format: .jsonl, written: "-0.0", read: "0", verdict: "holds"),
  // The ends of the 64-bit range stay integers, one past them does not wrap.
  WriteThenReadCase(
    format: .jsonl, written: "-9223372036854775808", read: "-9223372036854775808", verdict: "holds"),
  WriteThenReadCase(
    format: .jsonl, written: "9223372036854775808", read: "-9223372036854775808", verdict: "violated"),
  // A number is not the string of its digits.
  WriteThenReadCase(format: .jsonl, written: "1", read: "\"1\"", verdict: "violated"),
  // Two characters outside the Basic Multilingual Plane, each written as a surrogate pair.
  WriteThenReadCase(
    format: .jsonl, written: #""\ud83d\ude00""#, read: #""\ud83d\ude01""#, verdict: "violated"),
  WriteThenReadCase(format: .jsonl, written: #""\ud83d\ude00""#, read: "\"\u{1F600}\"", verdict: "holds"),
  // "é" precomposed (U+00E9) and decomposed (e, U+0301): canonically equivalent, yet different
  // strings to a system that stores bytes.
  WriteThenReadCase(format: .jsonl, written: #""\u00e9""#, read: #""e\u0301""#, verdict: "violated"),
  WriteThenReadCase(format: .jepsenEDN, written: "\"\u{E9}\"", read: "\"e\u{301}\"", verdict: "violated"),
  WriteThenReadCase(format: .jepsenEDN, written: "\"\u{E9}\"", read: "\"\u{E9}\"", verdict: "holds"),
  WriteThenReadCase(
    format: .jepsenEDN, written: "18446744073709551615N", read: "18446744073709551614", verdict: "violated"),
  WriteThenReadCase(
    format: .jepsenEDN, written: "18446744073709551615N", read: "18446744073709551615", verdict: "holds"),
  WriteThenReadCase(format: .jepsenEDN, written: "1e999", read: "2e999", verdict: "violated"),
  WriteThenReadCase(format: .jepsenEDN, written: "1.0M", read: "1", verdict: "holds"),
  WriteThenReadCase(
    format: .jepsenLog, written: "18446744073709551615", read: "18446744073709551614", verdict: "violated"),
  WriteThenReadCase(format: .jepsenLog, written: "1e999", read: "2e999", verdict: "violated"),
  WriteThenReadCase(format: .jepsenLog, written: "2.5", read: "2.50", verdict: "holds"),
  WriteThenReadCase(
    format: .porcupineKV, written: "18446744073709551615", read: "18446744073709551614", verdict: "violated"),
  WriteThenReadCase(format: .porcupineKV, written: "1e999", read: "2e999", verdict: "violated"),
]

/// A file that must be rejected, and where.
struct RejectedValueCase: CustomTestStringConvertible, Sendable {
  var name: String
  var format: TraceFormat
  var text: String
  var line: Int
  var column: Int
  var expected: String
  var found: String
  var testDescription: String { name }
}

// Columns counted by hand from the texts, 1-based.
let rejectedValueCases: [RejectedValueCase] = [
  // A high surrogate must be followed by a low one: the error points where the low one is missing.
  RejectedValueCase(
    name: "lone high surrogate", format: .jsonl,
    text: #"{"type":"invoke","process":"c1","op":"write","args":["\ud800"]}"#, line: 1, column: 61,
    expected: #"a low surrogate escape \uDC00-\uDFFF after \ud800"#, found: "'\"'"),
  // A low surrogate alone: the error points at its backslash.
  RejectedValueCase(
    name: "lone low surrogate", format: .jsonl,
    text: "{\"type\":\"invoke\",\"process\":\"c1\",\"op\":\"read\"}\n"
      + #"{"type":"ok","process":"c1","result":"x\udfff"}"#, line: 2, column: 40,
    expected: "a character escape", found: #"a lone low surrogate \udfff"#),
  RejectedValueCase(
    name: "JSON exponent beyond 64 bits", format: .jsonl,
    text: #"{"type":"invoke","process":"c1","op":"write","args":[1e99999999999999999999]}"#, line: 1,
    column: 54, expected: "a number with an exponent that fits in 64 bits", found: "'1e99999999999999999999'"),
  RejectedValueCase(
    name: "EDN exponent beyond 64 bits", format: .jepsenEDN,
    text: "{:process 0, :type :invoke, :f :write, :value 1e99999999999999999999}", line: 1, column: 47,
    expected: "a number with an exponent that fits in 64 bits", found: "'1e99999999999999999999'"),
  RejectedValueCase(
    name: "EDN number with junk", format: .jepsenEDN,
    text: "{:process 0, :type :invoke, :f :write, :value 1.5x}", line: 1, column: 47,
    expected: "a number", found: "'1.5x'"),
]

/// A file starting with a UTF-8 byte-order mark, and the verdict of the history after it.
struct ByteOrderMarkCase: CustomTestStringConvertible, Sendable {
  var file: String
  var format: TraceFormat
  var testDescription: String { file }
}

@Suite("Trace values")
struct TraceValueTests {
  @Test("values compare exactly in every format", arguments: writeThenReadCases)
  func exactValues(_ c: WriteThenReadCase) throws {
    for format in [c.format, nil] {
      let trace = try TraceDecoder.decode(bytes: Array(c.text.utf8), file: "t", format: format)
      #expect(trace.format == c.format)
      let result = try TraceVerifier.verify(trace, file: "t")
      #expect(result.verdict.name == c.verdict)
    }
  }

  @Test(
    "a value that cannot be kept exactly is rejected at its line and column", arguments: rejectedValueCases)
  func rejected(_ c: RejectedValueCase) {
    #expect(
      throws: FaultlineError.malformedInput(
        file: "t", line: c.line, column: c.column, expected: c.expected, found: c.found)
    ) {
      _ = try TraceDecoder.decode(bytes: Array(c.text.utf8), file: "t", format: c.format)
    }
  }

  // Canonical texts: equal numbers get equal text, integers that fit in 64 bits stay integers.
  @Test(arguments: [
    ("0", TraceValue.int(0)), ("-0.000", .int(0)), ("1.0", .int(1)), ("100e-2", .int(1)),
    ("1e18", .int(1_000_000_000_000_000_000)),
    ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
    ("9223372036854775808", .number("9223372036854775808")), ("1e19", .number("10000000000000000000")),
    ("1e20", .number("100000000000000000000")), ("1e21", .number("1e21")), ("12.5e30", .number("1.25e31")),
    ("0.50", .number("0.5")), ("-1.25", .number("-1.25")), ("0.00012", .number("0.00012")),
    ("1e-7", .number("1e-7")), ("-2.5e-30", .number("-2.5e-30")), ("1e999", .number("1e999")),
  ])
  func canonicalNumbers(text: String, expected: TraceValue) throws {
    #expect(try ExactNumber.value(Array(text.utf8)).traceValue == expected)
    // The JSON parser agrees, and renders it as the canonical text.
    let json = try JSONParser.parse(text)
    #expect(json == expected)
    #expect(json.rendered(indent: 0) == expected.description)
  }

  @Test("--initial reads numbers exactly")
  func initialIsExact() throws {
    #expect(try TraceValueText.parse("18446744073709551615") == .number("18446744073709551615"))
    #expect(try TraceValueText.parse("1.0") == .int(1))
  }

  @Test(
    "a byte-order mark at the start of a file is skipped",
    arguments: [
      ByteOrderMarkCase(file: "jsonl/register-ok.jsonl", format: .jsonl),
      ByteOrderMarkCase(file: "jsonl/kv-bad.jsonl", format: .jsonl),
      ByteOrderMarkCase(file: "jepsen-edn/cas-register-ok.edn", format: .jepsenEDN),
      ByteOrderMarkCase(file: "jepsen-log/cas-register-bad.log", format: .jepsenLog),
      ByteOrderMarkCase(file: "porcupine-kv/kv-ok.txt", format: .porcupineKV),
    ])
  func byteOrderMark(_ c: ByteOrderMarkCase) throws {
    // The mark is not part of the trace: the verdict is the file's without it.
    let path = tracesDirectory + "/" + c.file
    let plain = try TraceVerifier.verify(path: path)
    let bytes = Data([0xEF, 0xBB, 0xBF]) + (try #require(FileManager.default.contents(atPath: path)))
    for format in [c.format, nil] {
      let trace = try TraceDecoder.decode(bytes: [UInt8](bytes), file: "t", format: format)
      #expect(trace.format == c.format)
      #expect(try TraceVerifier.verify(trace, file: "t").verdict.name == plain.verdict.name)
    }
    // And when the file is streamed.
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: copy) }
    #expect(FileManager.default.createFile(atPath: copy, contents: bytes))
    let streamed = try TraceVerifier.verify(path: copy, options: VerifyOptions(streaming: true))
    #expect(streamed.verdict.name == plain.verdict.name)
    #expect(streamed.format == c.format)
  }

  @Test("a byte-order mark elsewhere is still an error, at its column")
  func byteOrderMarkInside() {
    let text =
      "{\"type\":\"invoke\",\"process\":\"c1\",\"op\":\"read\"}\n\u{FEFF}{\"type\":\"ok\",\"process\":\"c1\"}"
    #expect(
      throws: FaultlineError.malformedInput(
        file: "t", line: 2, column: 1, expected: "a JSON object '{'", found: "'\u{FEFF}'")
    ) {
      _ = try TraceDecoder.decode(bytes: Array(text.utf8), file: "t", format: .jsonl)
    }
  }

  // A failed operation did not take effect, but it must still be one the spec has: a name the spec
  // does not know is a malformed trace whether the file is read whole or streamed.
  @Test(arguments: [
    ("frobnicate", "'frobnicate'"),
    // A put without its value is malformed too, failed or not.
    ("put", "none"),
  ])
  func failedOperationsAreReadTheSameWholeAndStreamed(function: String, found: String) throws {
    let lines = [
      #"{"type":"invoke","process":"c1","op":"put","key":"x","args":["a"]}"#,
      #"{"type":"ok","process":"c1"}"#,
      #"{"type":"invoke","process":"c2","op":"\#(function)","key":"x"}"#,
      #"{"type":"fail","process":"c2"}"#,
      #"{"type":"invoke","process":"c1","op":"get","key":"x"}"#,
      #"{"type":"ok","process":"c1","result":"a"}"#,
    ]
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fail-\(UUID().uuidString).jsonl"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(lines.joined(separator: "\n").utf8)))
    let expected =
      function == "put" ? "an argument for put" : "an operation of the kv spec (get, put, append)"
    for streaming in [false, true] {
      #expect(
        throws: FaultlineError.malformedInput(
          file: path, line: 3, column: 1, expected: expected, found: found),
        "streaming: \(streaming)"
      ) {
        _ = try TraceVerifier.verify(path: path, options: VerifyOptions(streaming: streaming))
      }
    }
  }

  @Test("a failed operation the register spec does not have is rejected")
  func failedUnknownRegisterOperation() throws {
    let text = """
      {"type":"invoke","process":"c1","op":"write","args":[1]}
      {"type":"fail","process":"c1"}
      {"type":"invoke","process":"c1","op":"launch"}
      {"type":"fail","process":"c1"}
      """
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "t")
    #expect(
      throws: FaultlineError.malformedInput(
        file: "t", line: 3, column: 1, expected: "an operation of the register spec (read, write)",
        found: "'launch'")
    ) {
      _ = try TraceVerifier.verify(trace, file: "t", options: VerifyOptions(spec: .register))
    }
  }
}
