import Foundation
import Testing

/// Issue 21: hostile input, limits and signals give no wrong verdict, no crash, no hang and no lost
/// result. Expected outcomes follow the exit-code contract: 0 holds, 1 violated, 2 bad usage or
/// input, 3 incomplete.

private let traces =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces").path

/// A folder for one test's files, removed by `done`.
private struct Scratch {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("robust-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  func write(_ name: String, _ text: String) throws -> String {
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    return path(name)
  }

  /// The files left in the folder, hidden ones included.
  var contents: [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? []
  }

  func done() { try? FileManager.default.removeItem(at: folder) }

  /// 24 writes, all concurrent, then a read of a value never written: not linearizable, but the
  /// search must try every order of the writes, far longer than a test waits; decoded at once.
  func hardHistory() throws -> String {
    var lines: [String] = []
    for i in 0..<24 { lines.append(#"{"type":"invoke","process":"c\#(i)","op":"write","args":[\#(i)]}"#) }
    for i in 0..<24 { lines.append(#"{"type":"ok","process":"c\#(i)","op":"write"}"#) }
    lines.append(#"{"type":"invoke","process":"r","op":"read"}"#)
    lines.append(#"{"type":"ok","process":"r","op":"read","result":999}"#)
    return try write("hard.jsonl", lines.joined(separator: "\n") + "\n")
  }
}

private let violatedVariant = ["check", "two-phase-commit", "--variant", "commit-without-all-votes"]

@Suite struct SignalTests {
  // SIGINT (Ctrl-C) and SIGTERM (timeout, CI cancellation) stop either command at its next poll:
  // the summary so far, verdict incomplete, exit 3. Nine participants keep a one-worker debug
  // search busy far longer than the signal's delay; the hard history keeps the verify search busy.
  @Test(arguments: ["check", "verify"], [SIGINT, SIGTERM])
  func signalPrintsTheSummaryAndExitsIncomplete(command: String, signal: Int32) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let arguments =
      command == "check"
      ? ["check", "two-phase-commit", "--participants", "9", "--workers", "1", "--json"]
      : ["verify", try scratch.hardHistory(), "--json"]
    let result = try Faultline.run(arguments, interruptAfter: 2, signal: signal)
    #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    #expect(result.json?["verdict"] as? String == "incomplete")
    #expect((result.json?["reason"] as? String)?.hasPrefix("interrupted") == true, "\(result.stdout)")
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func signalDuringATextVerifyPrintsTheReport(signal: Int32) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let file = try scratch.hardHistory()
    let result = try Faultline.run(["verify", file], interruptAfter: 2, signal: signal)
    #expect(result.status == 3)
    #expect(result.stdout.contains("incomplete: interrupted"), "\(result.stdout)")
  }

  // The time limit covers reading: a pipe that never ends stops the run, incomplete.
  @Test func timeLimitStopsAnEndlessPipe() throws {
    let result = try Faultline.run(
      ["verify", "/dev/stdin", "--time-limit", "1", "--json"], input: Data(), closeInput: false)
    #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    #expect(result.json?["reason"] as? String == "time limit of 1.0 s reached while reading the file")
  }
}

@Suite struct OutputFileTests {
  // Every output path is opened before the work: one that cannot be written fails at once, exit 2,
  // before a search whose verdict would be lost; a path that is an input is never written over.
  @Test(arguments: [
    (["--diagram", "{missing}/d.html"], "cannot create a file in"),
    (["--junit", "{folder}"], "it is a directory"),
    (["--diagram", "{folder}/same.html", "--junit", "{folder}/same.html"], "both name"),
  ])
  func checkRefusesAnUnwritablePathBeforeTheSearch(options: [String], message: String) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let resolved = options.map {
      $0.replacingOccurrences(of: "{missing}", with: scratch.path("no-such-folder"))
        .replacingOccurrences(of: "{folder}", with: scratch.folder.path)
    }
    // Eleven participants would take hours: the refusal must come first.
    let result = try Faultline.run(["check", "two-phase-commit", "--participants", "11"] + resolved)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(scratch.contents.isEmpty, "\(scratch.contents)")
  }

  @Test(arguments: ["same path", "symbolic link", "relative path"])
  func verifyNeverWritesOverItsInput(how: String) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let original = try String(contentsOfFile: traces + "/jsonl/register-ok.jsonl", encoding: .utf8)
    let trace = try scratch.write("t.jsonl", original)
    var diagram = trace
    if how == "symbolic link" {
      diagram = scratch.path("link.html")
      try FileManager.default.createSymbolicLink(atPath: diagram, withDestinationPath: trace)
    } else if how == "relative path" {
      diagram = scratch.folder.path + "/./t.jsonl"
    }
    let result = try Faultline.run(["verify", trace, "--diagram", diagram])
    #expect(result.status == 2)
    #expect(result.stderr.contains("would write over the input"), "\(result.stderr)")
    #expect(try String(contentsOfFile: trace, encoding: .utf8) == original)
  }

  // A write error is reported, after the verdict: stdout keeps the verdict, the exit code is 2.
  @Test(arguments: [
    (["verify", traces + "/jsonl/register-bad.jsonl", "--diagram", "/dev/full", "--json"], "violated"),
    (violatedVariant + ["--diagram", "/dev/full", "--json"], "violated"),
    (["check", "two-phase-commit", "--junit", "/dev/full", "--json"], "holds"),
  ])
  func writeErrorIsReported(arguments: [String], verdict: String) throws {
    let result = try Faultline.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains("/dev/full: cannot write: No space left on device"), "\(result.stderr)")
    #expect(result.json?["verdict"] as? String == verdict)
    #expect(result.json?["exitCode"] as? Int == 2)
    #expect((result.json?["error"] as? String)?.contains("/dev/full") == true)
  }

  // Files are written through a temporary file and renamed: an old file is replaced whole and no
  // temporary file is left behind.
  @Test func filesReplaceOldOnesAndLeaveNothingBehind() throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let diagram = try scratch.write("d.html", "old")
    let trace = scratch.path("t.jsonl")
    let result = try Faultline.run(violatedVariant + ["--diagram", diagram, "--trace-out", trace])
    #expect(result.status == 1)
    #expect(try String(contentsOfFile: diagram, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    #expect(scratch.contents == ["d.html", "t.jsonl"])
    // The counterexample reads back.
    #expect(try Faultline.run(["verify", trace]).status != 2)
  }

  // No counterexample, no trace: nothing is written (an empty file is no trace), and stderr says so.
  @Test(arguments: [["--participants", "3"], ["--participants", "6", "--max-states", "10"]])
  func traceOutWithoutACounterexampleWritesNothing(options: [String]) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let trace = scratch.path("t.jsonl")
    let result = try Faultline.run(["check", "two-phase-commit", "--trace-out", trace] + options)
    #expect(result.status == 0 || result.status == 3)
    #expect(!FileManager.default.fileExists(atPath: trace))
    #expect(result.stderr.contains("was not written"), "\(result.stderr)")
    #expect(scratch.contents.isEmpty)
  }
}

@Suite struct ErrorJSONTests {
  // With --json every error still prints one JSON object on stdout; the text stays on stderr.
  @Test(
    arguments: [
      (["verify", "/no/such/trace.jsonl", "--json"], "verify", "/no/such/trace.jsonl"),
      (["verify", "--json", "--format", "yaml", "x.jsonl"], "verify", nil),
      (["check", "no-such-model", "--json"], "check", nil),
      (["check", "two-phase-commit", "--participants", "many", "--json"], "check", nil),
      (["check", "two-phase-commit", "--bogus", "--json"], "check", nil),
      (
        ["check", "two-phase-commit", "--diagram", "/no/such/folder/d.html", "--json"], "check",
        "/no/such/folder/d.html"
      ),
      (["frobnicate", "--json"], nil, nil),
    ] as [([String], String?, String?)])
  func everyErrorIsOneJSONObject(arguments: [String], command: String?, file: String?) throws {
    let result = try Faultline.run(arguments)
    #expect(result.status == 2)
    let json = try #require(result.json, "\(result.stdout)")
    #expect((json["error"] as? String)?.isEmpty == false)
    #expect(json["exitCode"] as? Int == 2)
    #expect(json["command"] as? String == command)
    #expect(json["file"] as? String == file)
    #expect(result.stderr.hasPrefix("error: "))
  }

  @Test func malformedTraceNamesItsFile() throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let file = try scratch.write("bad.jsonl", "{\"type\":\n")
    let result = try Faultline.run(["verify", file, "--json"])
    #expect(result.status == 2)
    #expect(result.json?["file"] as? String == file)
    #expect((result.json?["error"] as? String)?.hasPrefix(file + ":1:") == true)
  }
}

@Suite struct MultiFileTests {
  // Every file is verified and reported whatever the others are; the exit code is 2 if any file
  // could not be verified, else 1 if any is violated, else 3 if any is incomplete, else 0.
  @Test(arguments: [
    (["ok", "ok"], Int32(0), "holds"),
    (["ok", "bad"], 1, "violated"),
    (["ok", "hard"], 3, "incomplete"),
    (["hard", "bad"], 1, "violated"),
    (["ok", "missing"], 2, "error"),
    (["bad", "missing", "ok"], 2, "error"),
    (["malformed", "bad", "hard"], 2, "error"),
  ])
  func everyFileIsReported(kinds: [String], status: Int32, verdict: String) throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    var paths: [String] = []
    for kind in kinds {
      switch kind {
      case "ok": paths.append(traces + "/jsonl/register-ok.jsonl")
      case "bad": paths.append(traces + "/jsonl/register-bad.jsonl")
      case "hard": paths.append(try scratch.hardHistory())
      case "malformed": paths.append(try scratch.write("m.jsonl", "{\"type\":\"invoke\",\n"))
      default: paths.append(scratch.path("missing.jsonl"))
      }
    }
    let result = try Faultline.run(["verify"] + paths + ["--json", "--time-limit", "0.5"])
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == verdict)
    #expect(json["exitCode"] as? Int == Int(status))
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.count == kinds.count)
    for (kind, entry) in zip(kinds, files) {
      let expected = ["ok": "holds", "bad": "violated", "hard": "incomplete"][kind]
      #expect(entry["verdict"] as? String == expected, "\(kind)")
      #expect((entry["error"] != nil) == (expected == nil), "\(kind)")
    }
    let text = try Faultline.run(["verify"] + paths + ["--time-limit", "0.5"])
    #expect(text.status == status)
    #expect(text.stdout.contains("\(kinds.count) files:"), "\(text.stdout)")
  }
}

@Suite struct HostileInputTests {
  // A pipe is read once: the choice between streaming and reading whole must not lose its start.
  @Test(arguments: [
    ("jsonl/register-ok.jsonl", [], Int32(0)),
    ("jsonl/register-ok.jsonl", ["--stream"], 0),
    ("jsonl/register-bad.jsonl", ["--stream"], 1),
    ("jsonl/kv-bad.jsonl", ["--stream"], 1),
    ("jsonl/kv-ok.jsonl", [], 0),
    ("jepsen-edn/cas-register-ok.edn", ["--stream"], 0),
  ])
  func standardInputIsReadOnce(file: String, options: [String], status: Int32) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: traces + "/" + file))
    let result = try Faultline.run(["verify", "/dev/stdin"] + options, input: data)
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
  }

  // No newline in 64 MiB is an error, not memory growing until the machine gives out.
  @Test(arguments: [[], ["--format", "jsonl"], ["--format", "jepsen-edn"], ["--time-limit", "2"]])
  func endlessLineIsAnError(options: [String]) throws {
    let result = try Faultline.run(["verify", "/dev/zero"] + options)
    #expect(result.status == 2)
    #expect(result.stderr.contains("/dev/zero:1:1: expected a line of at most 64 MiB"), "\(result.stderr)")
  }

  // Control characters from a trace are escaped in text output, so they cannot drive the
  // terminal or forge lines; JSON output carries them exactly (escaped by JSON itself).
  @Test func controlCharactersAreEscapedInText() throws {
    let scratch = try Scratch()
    defer { scratch.done() }
    let process = "\u{1B}]0;pwned\u{07}\u{1B}[31mc1\nverdict: holds\u{0}"
    let escaped = #"\u001B]0;pwned\u0007\u001B[31mc1\nverdict: holds\u0000"#
    let file = try scratch.write(
      "evil.jsonl",
      [
        #"{"type":"invoke","process":"\#(escaped)","op":"write","args":["\#(escaped)"]}"#,
        #"{"type":"ok","process":"\#(escaped)","op":"write"}"#,
        #"{"type":"invoke","process":"c2","op":"read"}"#,
        #"{"type":"ok","process":"c2","op":"read","result":null}"#,
      ].joined(separator: "\n"))
    let text = try Faultline.run(["verify", file])
    #expect(text.status == 1)
    for control in ["\u{1B}", "\u{07}", "\u{0}"] { #expect(!text.stdout.contains(control)) }
    #expect(!text.stdout.contains("\nverdict: holds"))
    #expect(text.stdout.contains(#"\x1B[31mc1\nverdict: holds\0"#), "\(text.stdout)")
    let json = try Faultline.run(["verify", file, "--json"])
    let witness = try #require(json.json?["witness"] as? [String: Any])
    let sections = try #require(witness["sections"] as? [[String: Any]])
    let items = sections.flatMap { ($0["items"] as? [[String: Any]]) ?? [] }
    #expect(items.contains { $0["process"] as? String == process })
    // An error quoting the trace is one escaped line too.
    let twice = try scratch.write(
      "twice.jsonl",
      [
        #"{"type":"invoke","process":"\#(escaped)","op":"read"}"#,
        #"{"type":"invoke","process":"\#(escaped)","op":"read"}"#,
      ].joined(separator: "\n"))
    let error = try Faultline.run(["verify", twice])
    #expect(error.status == 2)
    #expect(!error.stderr.contains("\u{1B}"))
    #expect(error.stderr.split(separator: "\n").count == 1, "\(error.stderr)")
  }
}

@Suite struct ParameterDefaultTests {
  // A default made invalid by another given parameter is named as a default, with the parameter
  // that rules it out; a given value keeps the plain message.
  @Test(arguments: [
    (
      ["--replicas", "1"], Int32(2),
      "with --replicas 1, the default --crashes 1 is not allowed (expected 0 to 0)"
    ),
    (["--replicas", "1", "--crashes", "0"], 0, "verdict: holds"),
    (["--replicas", "2", "--crashes", "2"], 2, "invalid value '2' for --crashes: expected 0 to 1"),
  ])
  func defaultThatDoesNotFit(options: [String], status: Int32, message: String) throws {
    let result = try Faultline.run(["check", "chain-replication"] + options)
    #expect(result.status == status)
    #expect((result.stdout + result.stderr).contains(message), "\(result.stdout)\(result.stderr)")
  }
}
