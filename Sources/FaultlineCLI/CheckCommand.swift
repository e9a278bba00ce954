import Faultline
import FaultlineModels

/// `faultline check MODEL`: explores a built-in model and reports the verdict.
enum CheckCommand: Command {
  static let name = "check"
  static let summary = "explore a built-in model's state space and check its properties"
  static let help = """
    usage: faultline check MODEL [--variant NAME] [--PARAMETER VALUE ...] [options]

    Explores every reachable state of MODEL (see 'faultline list') and checks its properties.
    'faultline check MODEL --help' lists the model's parameters and variants.

    options:
      --variant NAME         a variant of the model (default: the correct protocol)
      --strategy S           bfs (default; shortest counterexamples), dfs, or random
      --max-states N         stop, incomplete, after N distinct states
      --max-depth N          do not expand states N steps deep (random: walk length, default 100)
      --time-limit SECONDS   stop, incomplete, after this long
      --memory-limit SIZE    stop, incomplete, past this resident memory (512M, 4G, 50%; default 75%)
      --seed N               random simulation's seed (default 1)
      --walks N              random simulation's number of walks (default 1000)
      --workers N            threads for bfs (default: the number of cores); counts and verdicts
                             do not depend on it; a check with liveness properties runs on one
                             thread (--no-liveness gives bfs its workers back)
      --exact                store whole states, not 64-bit fingerprints (no collisions; more memory,
                             one thread)
      --no-liveness          check only the safety properties (always, sometimes); eventually and
                             leadsTo are reported as not checked
      --replay CHOICES       replay a counterexample's path (its 'replay' string) instead of exploring
      --diagram FILE.html    write the counterexample as a space-time diagram (self-contained HTML)
      --trace-out FILE.jsonl write the counterexample as a trace that 'faultline verify' reads
                             (nothing is written when there is none)
      --junit FILE.xml       write JUnit XML: one test case per property
      --progress             report progress on stderr even when it is not a terminal
      --json                 print one JSON object on stdout
      --help                 show this help

    exit codes: 0 holds, 1 violated, 2 bad usage, 3 incomplete (a limit, SIGINT or SIGTERM)
    """

  static let generalOptions: [OptionSpec] = [
    OptionSpec(name: "variant", takesValue: true), OptionSpec(name: "strategy", takesValue: true),
    OptionSpec(name: "max-states", takesValue: true), OptionSpec(name: "max-depth", takesValue: true),
    OptionSpec(name: "time-limit", takesValue: true), OptionSpec(name: "seed", takesValue: true),
    OptionSpec(name: "memory-limit", takesValue: true),
    OptionSpec(name: "walks", takesValue: true), OptionSpec(name: "replay", takesValue: true),
    OptionSpec(name: "workers", takesValue: true), OptionSpec(name: "exact", takesValue: false),
    OptionSpec(name: "no-liveness", takesValue: false),
    OptionSpec(name: "diagram", takesValue: true), OptionSpec(name: "trace-out", takesValue: true),
    OptionSpec(name: "junit", takesValue: true),
    OptionSpec(name: "progress", takesValue: false), OptionSpec(name: "json", takesValue: false),
    OptionSpec(name: "help", takesValue: false),
  ]

  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32 {
    guard let modelName = findModelName(arguments) else {
      if arguments.contains("--help") || arguments.contains("-h") {
        Output.out(help)
        return 0
      }
      throw .usage("'faultline check' needs a model name; 'faultline list' shows them")
    }
    let entry = try Catalogue.entry(named: modelName)
    let parsed = try ParsedArguments(arguments, accepting: generalOptions + parameterOptions(entry))
    if parsed.flags.contains("help") {
      Output.out(modelHelp(entry))
      return 0
    }
    if parsed.positionals.count > 1 {
      throw .usage("'faultline check' takes one model, found also '\(parsed.positionals[1])'")
    }
    let request = try makeRequest(parsed)
    let given = try givenParameters(entry, parsed)
    // Every output file is opened now: a path that cannot be written fails before the search.
    var outputs: [OutputFile] = []
    defer { outputs.forEach { $0.discard() } }
    for option in ["diagram", "junit", "trace-out"] {
      guard let path = parsed.values[option] else { continue }
      outputs.append(try OutputFile(option: "--" + option, path: path, inputs: [], others: outputs))
    }
    let progress = ProgressReporter(enabled: parsed.flags.contains("progress") || Output.stderrIsTerminal)
    var withProgress = request
    if progress.enabled { withProgress.options.progress = { progress.report($0) } }
    Interrupt.install()
    let outcome: CheckOutcome
    do {
      outcome = try entry.run(variant: parsed.values["variant"], parameters: given, request: withProgress)
    } catch {
      throw explainingDefault(error, entry, parsed)
    }
    progress.finish(outcome)
    let failures = writeArtifacts(outcome, outputs)
    if parsed.flags.contains("json") {
      Output.out(Output.adding(failures, to: CheckReport.json(outcome)).rendered())
    } else {
      Output.out(CheckReport.text(outcome))
    }
    // The verdict is printed; a file that could not be written still fails the run.
    for failure in failures { Output.error("error: " + Output.terminalSafe(failure.description)) }
    return failures.isEmpty ? outcome.verdict.exitCode : 2
  }

  /// The options a model's parameters add: `--NAME VALUE`, or `--NAME` alone for a flag.
  static func parameterOptions(_ entry: ModelEntry) -> [OptionSpec] {
    entry.parameters.map { parameter in
      if case .flag = parameter.kind { return OptionSpec(name: parameter.name, takesValue: false) }
      return OptionSpec(name: parameter.name, takesValue: true)
    }
  }

  /// The model's parameters given on the command line, parsed.
  static func givenParameters(_ entry: ModelEntry, _ parsed: ParsedArguments) throws(FaultlineError)
    -> [String: ParameterValue]
  {
    var given: [String: ParameterValue] = [:]
    for parameter in entry.parameters {
      if let text = parsed.values[parameter.name] { given[parameter.name] = try parameter.parse(text) }
      if parsed.flags.contains(parameter.name) { given[parameter.name] = .flag(true) }
    }
    return given
  }

  /// Writes the files asked for with --diagram, --trace-out and --junit; returns the errors.
  static func writeArtifacts(_ outcome: CheckOutcome, _ outputs: [OutputFile]) -> [FaultlineError] {
    var failures: [FaultlineError] = []
    for output in outputs {
      do {
        switch output.option {
        case "--diagram": try output.commit(Diagram.html(outcome))
        case "--junit": try output.commit(JUnitReport.xml(outcome))
        default:
          // No counterexample, no trace: an empty file would not be a trace 'verify' reads.
          if let violation = outcome.verdict.violations.first(where: { !$0.steps.isEmpty }) {
            try output.commit(TraceExport.jsonl(violation))
          } else {
            output.discard()
            Output.error(
              "note: no counterexample (verdict \(outcome.verdict.name)): --trace-out "
                + Output.terminalSafe(output.path) + " was not written")
          }
        }
      } catch {
        failures.append(error)
      }
    }
    return failures
  }

  /// A model parameter left at its default that the given ones make invalid is named as such:
  /// "the default --crashes 1", not "invalid value '1' for --crashes", which was never given.
  static func explainingDefault(_ error: FaultlineError, _ entry: ModelEntry, _ parsed: ParsedArguments)
    -> FaultlineError
  {
    guard case .invalidParameter(let name, let value, let expected) = error,
      parsed.values[name] == nil, !parsed.flags.contains(name)
    else { return error }
    var given: [String] = []
    if let variant = parsed.values["variant"] { given.append("--variant \(variant)") }
    for parameter in entry.parameters where parameter.name != name {
      if let text = parsed.values[parameter.name] { given.append("--\(parameter.name) \(text)") }
      if parsed.flags.contains(parameter.name) { given.append("--\(parameter.name)") }
    }
    // Nothing was given: the model's own default is wrong, which is not the user's to fix.
    guard !given.isEmpty else { return error }
    return .usage(
      "with \(given.joined(separator: " ")), the default --\(name) \(value) is not allowed "
        + "(expected \(expected)): give --\(name) a value that fits")
  }

  /// The first positional argument, skipping the values of options that take one.
  static func findModelName(_ arguments: [String]) -> String? {
    var index = 0
    while index < arguments.count {
      let token = arguments[index]
      index += 1
      if token.hasPrefix("-") {
        let name = String(token.drop { $0 == "-" })
        let known = generalOptions.first { $0.name == name }
        // Unknown options are the model's parameters: all take a value but flags, so a model's
        // name right after one is the model, not its value.
        if !token.contains("="), known?.takesValue ?? true, index < arguments.count,
          !arguments[index].hasPrefix("--"),
          known != nil || !Catalogue.entries.contains(where: { $0.name == arguments[index] })
        {
          index += 1
        }
        continue
      }
      return token
    }
    return nil
  }

  static func makeRequest(_ parsed: ParsedArguments) throws(FaultlineError) -> CheckRequest {
    var options = ExplorerOptions()
    if let raw = parsed.values["strategy"] {
      guard let strategy = ExplorerOptions.Strategy(rawValue: raw) else {
        throw .unknownName(
          kind: "strategy", name: raw,
          suggestions: NameSuggestion.closest(
            to: raw, among: ExplorerOptions.Strategy.allCases.map(\.rawValue)))
      }
      options.strategy = strategy
    }
    options.maxStates = try parsed.integer("max-states", in: 1...ExplorerOptions.largestStateLimit)
    options.maxDepth = try parsed.integer("max-depth", in: 0...ExplorerOptions.largestDepthLimit)
    options.timeLimit = try parsed.seconds("time-limit")
    try parsed.applyMemoryLimit()
    if let seed = try parsed.integer("seed", in: 0...Int.max) { options.seed = UInt64(seed) }
    if let walks = try parsed.integer("walks", in: 1...ExplorerOptions.largestWalkCount) {
      options.walks = walks
    }
    options.workers =
      try parsed.integer("workers", in: 1...ExplorerOptions.mostWorkers) ?? ResourceUsage.cores
    options.exact = parsed.flags.contains("exact")
    options.checksLiveness = !parsed.flags.contains("no-liveness")
    options.isCancelled = { Interrupt.requested }
    var replay: [Int]? = nil
    if let raw = parsed.values["replay"] {
      guard let choices = CheckReport.parseReplay(raw) else {
        throw .invalidValue(option: "--replay", value: raw, expected: "dot-separated choices such as 0.3.1")
      }
      replay = choices
    }
    return CheckRequest(options: options, replay: replay)
  }

  static func modelHelp(_ entry: ModelEntry) -> String {
    var text = "usage: faultline check \(entry.name) [--variant NAME] [parameters] [options]\n\n"
    text += entry.summary + "\n\nparameters:\n"
    for parameter in entry.parameters {
      text +=
        "  --\(parameter.name.padding(to: 20)) \(parameter.summary) (default \(parameter.defaultValue))\n"
    }
    text += "\nvariants:\n"
    for variant in entry.variants {
      text +=
        "  \(variant.name.padding(to: 26)) \(variant.summary) [expected: \(variant.expected.rawValue)]\n"
    }
    text +=
      "\n"
      + help.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("options:") }
      .joined(separator: "\n")
    return text
  }
}
