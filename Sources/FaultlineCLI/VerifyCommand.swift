import Dispatch
import Faultline

/// `faultline verify FILE`: checks a recorded trace for linearizability and protocol properties.
enum VerifyCommand: Command {
  static let name = "verify"
  static let summary = "check a recorded trace: linearizability and protocol event logs"
  static let help = """
    usage: faultline verify FILE... [options]

    Reads traces recorded from a real system and checks each. With several files, one process
    checks them all, each against the same options, and reports each, its verdict or its error.
    Client operations are checked for
    linearizability against a sequential specification; protocol events (propose, decide,
    broadcast, deliver, view-change, vote, commit, abort, call, begin, execute, abandon, reply,
    checkpoint, rollback, app-send, app-receive) are checked for the properties of consensus,
    total-order multicast, view synchrony, two-phase commit, remote procedure calls and
    rollback recovery. Transactions (Jepsen's :f :txn, list-append or rw-register) are checked
    for isolation anomalies as Elle does. See docs/trace-format.md.

    options:
      --format F             auto (default), jsonl, jepsen-edn, jepsen-log or porcupine-kv
      --spec S               register, cas-register, kv, set, queue, mutex, or list-append or
                             rw-register for transactions (default: from the format and the
                             operations; jepsen-log is cas-register)
      --initial VALUE        the object's initial value, as JSON or EDN (default: nil or empty)
      --consistency C        linearizable (default) or sequential: one order that respects each
                             process's own order but not real time, so stale reads are allowed;
                             for transactions: strict-serializable (default), serializable,
                             snapshot-isolation or read-committed (Adya's anomalies, as Elle)
      --independent          every value is a Jepsen independent [key value] tuple: check each
                             key's object on its own (detected without it when every value is)
      --check NAME           consensus, total-order, causal-broadcast, view-synchrony,
                             two-phase-commit, rpc or checkpoint (default: the checks the events
                             call for)
      --model NAME           instead: is the log a behaviour of the catalogue model NAME? (trace
                             conformance; 'faultline verify --model NAME --help' for its options)
      --time-limit SECONDS   stop, incomplete, after this long, reading included
      --memory-limit SIZE    stop, incomplete, past this resident memory (512M, 4G, 50%; default 75%)
      --stream               check a JSON Lines trace (any spec) as it is read, in memory that
                             does not grow with its length (automatic from 16 MB; the witness
                             then starts at the last cut of its key or object)
      --diagram FILE.html    draw the history: one bar per operation, one lane per process, the
                             longest linearizable prefix and the operations that break it marked
                             (one trace file only)
      --json                 print one JSON object on stdout (several files: {"files": [...]})
      --help                 show this help

    exit codes: 0 holds, 1 violated, 2 bad usage or malformed trace, 3 incomplete (a time limit,
    SIGINT or SIGTERM); several files: 2 if any could not be verified, else 1 if any is violated,
    else 3 if any is incomplete, else 0
    """

  static let options: [OptionSpec] = [
    OptionSpec(name: "format", takesValue: true), OptionSpec(name: "spec", takesValue: true),
    OptionSpec(name: "initial", takesValue: true), OptionSpec(name: "check", takesValue: true),
    OptionSpec(name: "time-limit", takesValue: true), OptionSpec(name: "json", takesValue: false),
    OptionSpec(name: "memory-limit", takesValue: true),
    OptionSpec(name: "diagram", takesValue: true), OptionSpec(name: "help", takesValue: false),
    OptionSpec(name: "stream", takesValue: false), OptionSpec(name: "consistency", takesValue: true),
    OptionSpec(name: "independent", takesValue: false),
  ]

  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32 {
    // `--model NAME` asks another question: whether the log is a behaviour of the model.
    if ConformanceCommand.applies(to: arguments) { return try ConformanceCommand.run(arguments) }
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
    var verifyOptions = try makeOptions(parsed)
    try parsed.applyMemoryLimit()
    // The diagram's file is opened now: a path that cannot be written, or that is the trace
    // itself, fails before the trace is read.
    var diagram: OutputFile? = nil
    if let path = parsed.values["diagram"] {
      diagram = try OutputFile(option: "--diagram", path: path, inputs: files, others: [])
      // The diagram needs the whole history: read it whole.
      verifyOptions.streaming = false
    }
    defer { diagram?.discard() }
    Interrupt.install()
    verifyOptions.isCancelled = { Interrupt.requested }
    let json = parsed.flags.contains("json")
    if files.count == 1, let file = files.first {
      let verified = try verify(file, verifyOptions, diagram: diagram)
      var failures: [FaultlineError] = []
      if let diagram {
        do {
          try write(diagram, verified)
        } catch {
          failures.append(error)
        }
      }
      if json {
        Output.out(Output.adding(failures, to: VerifyReport.json(verified.result)).rendered())
      } else {
        Output.out(VerifyReport.text(verified.result))
      }
      // The verdict is printed; a diagram that could not be written still fails the run.
      for failure in failures { Output.report(failure) }
      return failures.isEmpty ? verified.result.verdict.exitCode : 2
    }
    // Several files: each is verified and reported, whatever happens to the others.
    var outcomes: [Result<VerifyResult, FaultlineError>] = []
    for file in files {
      if Interrupt.requested {
        outcomes.append(.success(notRead(file, verifyOptions)))
        continue
      }
      outcomes.append(
        Result { () throws(FaultlineError) in try verify(file, verifyOptions, diagram: nil).result })
    }
    let exitCode = worst(outcomes)
    if json {
      let verdict =
        exitCode == 2 ? "error" : exitCode == 1 ? "violated" : exitCode == 3 ? "incomplete" : "holds"
      let seconds = outcomes.compactMap { try? $0.get().seconds }.reduce(0, +)
      let files = zip(files, outcomes).map { file, outcome in
        switch outcome {
        case .success(let result): return VerifyReport.json(result)
        case .failure(let error): return Output.json(error, command: nil)
        }
      }
      Output.out(
        TraceValue.object([
          ("verdict", .string(verdict)), ("exitCode", .int(Int(exitCode))), ("files", .list(files)),
          ("seconds", .decimal((seconds * 1e6).rounded() / 1e6)),
        ]).rendered())
    } else {
      var texts: [String] = []
      for outcome in outcomes {
        switch outcome {
        case .success(let result): texts.append(VerifyReport.text(result))
        case .failure(let error): Output.report(error)
        }
      }
      Output.out(texts.joined(separator: "\n") + "\n" + summary(outcomes, exitCode: exitCode))
    }
    for case .failure(let error) in outcomes where json { Output.report(error) }
    return exitCode
  }

  /// The verify options the parsed arguments ask for; a name or value that is not accepted is an
  /// error naming what was expected. Nothing is read: the fuzzer (Tests/Fuzz) calls this alone.
  static func makeOptions(_ parsed: ParsedArguments) throws(FaultlineError) -> VerifyOptions {
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
    if let consistency = parsed.values["consistency"], let isolation = IsolationLevel(rawValue: consistency) {
      verifyOptions.isolation = isolation
    } else if let consistency = parsed.values["consistency"] {
      verifyOptions.consistency = try named(
        consistency, kind: "consistency",
        Consistency.allCases.map(\.rawValue) + IsolationLevel.allCases.map(\.rawValue)
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
    return verifyOptions
  }

  /// A file's result, and its trace when it was read whole for a diagram.
  struct Verified {
    var trace: Trace?
    var result: VerifyResult
  }

  /// Checks one file (streaming it when it is large, unless a diagram needs it whole); reading
  /// counts in its time and its time limit.
  static func verify(_ file: String, _ options: VerifyOptions, diagram: OutputFile?) throws(FaultlineError)
    -> Verified
  {
    do {
      if diagram != nil {
        let (trace, result) = try TraceVerifier.decodeAndVerify(path: file, options: options)
        return Verified(trace: trace, result: result)
      }
      return Verified(trace: nil, result: try TraceVerifier.verify(path: file, options: options))
    } catch let error as FaultlineError {
      throw error
    } catch {
      throw .unreadableFile(path: file, reason: "\(error)")
    }
  }

  /// Draws the diagram; with no trace (reading was stopped) there is nothing to draw.
  static func write(_ diagram: OutputFile, _ verified: Verified) throws(FaultlineError) {
    guard let trace = verified.trace else {
      diagram.discard()
      Output.error(
        "note: the trace was not read to its end: --diagram \(Output.terminalSafe(diagram.path)) was not written"
      )
      return
    }
    if let check = verified.result.transactions {
      try diagram.commit(TransactionDiagram.html(trace.history, check: check, title: verified.result.file))
      return
    }
    try diagram.commit(
      HistoryDiagram.html(trace.history, verdict: verified.result.verdict, title: verified.result.file))
  }

  /// A file left unread because the run was interrupted before it.
  static func notRead(_ file: String, _ options: VerifyOptions) -> VerifyResult {
    VerifyResult(
      file: file, format: options.format ?? .jsonl,
      verdict: .incomplete(reason: "interrupted before it was read"),
      events: 0, operations: 0, checks: [], seconds: 0)
  }

  /// The exit code of several files: 2 if any could not be verified (unreadable or malformed),
  /// else 1 if any is violated, else 3 if any is incomplete, else 0.
  static func worst(_ outcomes: [Result<VerifyResult, FaultlineError>]) -> Int32 {
    let codes = outcomes.map { outcome -> Int32 in
      switch outcome {
      case .success(let result): return result.verdict.exitCode
      case .failure: return 2
      }
    }
    for code: Int32 in [2, 1, 3] where codes.contains(code) { return code }
    return 0
  }

  /// The last line for several files: how many of each.
  static func summary(_ outcomes: [Result<VerifyResult, FaultlineError>], exitCode: Int32) -> String {
    var counts: [String: Int] = [:]
    for outcome in outcomes {
      switch outcome {
      case .success(let result): counts[result.verdict.name, default: 0] += 1
      case .failure: counts["error", default: 0] += 1
      }
    }
    let parts = ["holds", "violated", "incomplete", "error"].compactMap { name in
      counts[name].map { "\($0) \(name)" }
    }
    return "\(outcomes.count) files: " + parts.joined(separator: ", ") + " (exit \(exitCode))"
  }

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
