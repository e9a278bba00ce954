import Dispatch
import Faultline

/// `faultline verify FILE`: checks a recorded trace for linearizability and protocol properties.
enum VerifyCommand: Command {
  static let name = "verify"
  static let summary = "check a recorded trace: linearizability and protocol event logs"
  static let help = """
    usage: faultline verify FILE... [options]

    Reads traces recorded from a real system and checks each. With several files, one process
    checks them all, each against the same options; the exit code is the worst verdict. Client operations are checked for
    linearizability against a sequential specification; protocol events (propose, decide,
    broadcast, deliver, view-change, vote, commit, abort) are checked for the properties of
    consensus, total-order multicast, view synchrony and two-phase commit. See
    docs/trace-format.md.

    options:
      --format F             auto (default), jsonl, jepsen-edn, jepsen-log or porcupine-kv
      --spec S               register, cas-register, kv, set, queue or mutex (default: from the
                             format and the operations' names; jepsen-log is cas-register)
      --initial VALUE        the object's initial value, as JSON or EDN (default: nil or empty)
      --consistency C        linearizable (default) or sequential: one order that respects each
                             process's own order but not real time, so stale reads are allowed
      --independent          every value is a Jepsen independent [key value] tuple: check each
                             key's object on its own
      --check NAME           consensus, total-order, view-synchrony or two-phase-commit (default:
                             the checks the events call for)
      --time-limit SECONDS   stop, incomplete, after this long
      --stream               check a JSON Lines key-value trace as it is read, in memory that
                             does not grow with its length (automatic from 16 MB; the witness
                             then starts at the last point where nothing was pending on its key)
      --diagram FILE.html    draw the history: one bar per operation, one lane per process, the
                             longest linearizable prefix and the operations that break it marked
                             (one trace file only)
      --json                 print one JSON object on stdout (several files: {"files": [...]})
      --help                 show this help

    exit codes: 0 holds, 1 violated, 2 bad usage or malformed trace, 3 incomplete
    """

  static let options: [OptionSpec] = [
    OptionSpec(name: "format", takesValue: true), OptionSpec(name: "spec", takesValue: true),
    OptionSpec(name: "initial", takesValue: true), OptionSpec(name: "check", takesValue: true),
    OptionSpec(name: "time-limit", takesValue: true), OptionSpec(name: "json", takesValue: false),
    OptionSpec(name: "diagram", takesValue: true), OptionSpec(name: "help", takesValue: false),
    OptionSpec(name: "stream", takesValue: false), OptionSpec(name: "consistency", takesValue: true),
    OptionSpec(name: "independent", takesValue: false),
  ]

  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32 {
    let parsed = try ParsedArguments(arguments, accepting: options)
    if parsed.flags.contains("help") {
      Output.out(help)
      return 0
    }
    let files = parsed.positionals
    guard !files.isEmpty else {
      throw .usage("'faultline verify' needs a trace file; 'faultline verify --help' shows the formats")
    }
    if files.count > 1 && parsed.values["diagram"] != nil {
      throw .usage("--diagram draws one trace; give 'faultline verify' one file with it")
    }
    if parsed.flags.contains("stream") && parsed.values["diagram"] != nil {
      throw .usage("--diagram draws the whole history, which --stream does not keep; use one or the other")
    }
    var verifyOptions = VerifyOptions(timeLimit: try parsed.seconds("time-limit"))
    if parsed.flags.contains("stream") { verifyOptions.streaming = true }
    verifyOptions.independent = parsed.flags.contains("independent")
    if let format = parsed.values["format"], format != "auto" {
      verifyOptions.format = try named(
        format, kind: "format", TraceFormat.allCases.map(\.rawValue) + ["auto"]
      ) {
        TraceFormat(rawValue: $0)
      }
    }
    if let spec = parsed.values["spec"] {
      verifyOptions.spec = try named(spec, kind: "spec", SpecKind.allCases.map(\.rawValue)) {
        SpecKind(rawValue: $0)
      }
    }
    if let consistency = parsed.values["consistency"] {
      verifyOptions.consistency = try named(
        consistency, kind: "consistency", Consistency.allCases.map(\.rawValue)
      ) { Consistency(rawValue: $0) }
      if verifyOptions.consistency == .sequential && parsed.flags.contains("stream") {
        throw .usage("--stream checks linearizability; sequential consistency reads the trace whole")
      }
    }
    if let check = parsed.values["check"] {
      verifyOptions.check = try named(check, kind: "check", EventCheck.allCases.map(\.rawValue)) {
        EventCheck(rawValue: $0)
      }
    }
    if let initial = parsed.values["initial"] { verifyOptions.initial = try initialValue(initial) }
    var results: [VerifyResult] = []
    for file in files {
      if let path = parsed.values["diagram"] {
        // The diagram needs the whole history: read it whole.
        verifyOptions.streaming = false
        let (trace, result) = try decodeAndVerify(file, verifyOptions)
        try Output.writeFile(path, HistoryDiagram.html(trace.history, verdict: result.verdict, title: file))
        results.append(result)
      } else {
        results.append(try verify(file, verifyOptions))
      }
    }
    let json = parsed.flags.contains("json")
    if results.count == 1, let result = results.first {
      Output.out(json ? VerifyReport.json(result).rendered() : VerifyReport.text(result))
      return result.verdict.exitCode
    }
    // Several files: violated beats incomplete beats holds.
    let worst = results.map(\.verdict.exitCode).max { rank($0) < rank($1) } ?? 0
    if json {
      let verdict = worst == 1 ? "violated" : worst == 3 ? "incomplete" : "holds"
      Output.out(
        JSONValue.object([
          ("verdict", .string(verdict)), ("files", .array(results.map(VerifyReport.json))),
          ("seconds", .double(results.map(\.seconds).reduce(0, +))),
        ]).rendered())
    } else {
      Output.out(results.map(VerifyReport.text).joined(separator: "\n"))
    }
    return worst
  }

  /// Checks one file, streaming it when it is large; reading counts in its time.
  static func verify(_ file: String, _ options: VerifyOptions) throws(FaultlineError) -> VerifyResult {
    do {
      return try TraceVerifier.verify(path: file, options: options)
    } catch let error as FaultlineError {
      throw error
    } catch {
      throw .unreadableFile(path: file, reason: "\(error)")
    }
  }

  /// Decodes and checks one file, keeping its trace; reading counts in its time.
  static func decodeAndVerify(_ file: String, _ options: VerifyOptions) throws(FaultlineError) -> (
    Trace, VerifyResult
  ) {
    do {
      let start = DispatchTime.now().uptimeNanoseconds
      let trace = try TraceDecoder.decode(path: file, format: options.format)
      return (trace, try TraceVerifier.verify(trace, file: file, options: options, start: start))
    } catch let error as FaultlineError {
      throw error
    } catch {
      throw .unreadableFile(path: file, reason: "\(error)")
    }
  }

  static func rank(_ exitCode: Int32) -> Int { exitCode == 1 ? 2 : exitCode == 3 ? 1 : 0 }

  private static func named<T>(_ name: String, kind: String, _ all: [String], _ make: (String) -> T?)
    throws(FaultlineError) -> T
  {
    guard let value = make(name) else {
      throw .unknownName(kind: kind, name: name, suggestions: NameSuggestion.closest(to: name, among: all))
    }
    return value
  }

  /// `--initial` as JSON (`null`, `3`, `"a"`, `[1,2]`) or EDN (`nil`, `:k`); a bare word is a string.
  static func initialValue(_ text: String) throws(FaultlineError) -> TraceValue {
    if let value = try? TraceValueText.parse(text) { return value }
    if text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) { return .string(text) }
    throw .invalidValue(
      option: "--initial", value: text, expected: "a JSON or EDN value, such as nil, 3, \"a\" or [1 2]")
  }
}
