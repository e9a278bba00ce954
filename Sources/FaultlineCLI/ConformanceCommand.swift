import Dispatch
import Faultline
import FaultlineModels

/// `faultline verify LOG --model NAME`: is the log a behaviour of the model?
enum ConformanceCommand {
  static let help = """
    usage: faultline verify LOG --model NAME [--variant V] [--PARAMETER VALUE ...] [options]

    Searches the model's behaviours for one that explains every event of LOG, a JSON Lines event
    log in the trace format (docs/trace-format.md): each logged event must be emitted by a step
    of the model, in each process's own order; steps that emit nothing the log records are
    hidden (deliveries, internal steps). Event types that the log never records, and processes
    it never names, are not observed. 'faultline check NAME --help' lists the model's parameters.

    options:
      --model NAME           the catalogue model (see 'faultline list')
      --variant NAME         its variant (default: the correct protocol)
      --mapping FILE.json    rename the log's fields, types, processes and values to the model's,
                             and skip types it does not know (docs/trace-format.md)
      --hidden-steps K       at most K hidden steps between two logged events (default: no bound,
                             an exact answer; with a bound, a log it cuts off is incomplete)
      --max-states N         stop, incomplete, after N configurations
      --time-limit SECONDS   stop, incomplete, after this long, reading included
      --memory-limit SIZE    stop, incomplete, past this resident memory (512M, 4G, 50%; default 75%)
      --json                 print one JSON object on stdout
      --help                 show this help

    exit codes: 0 conforms, 1 does not conform, 2 bad usage or malformed log, 3 incomplete
    """

  static let generalOptions: [OptionSpec] = [
    OptionSpec(name: "model", takesValue: true), OptionSpec(name: "variant", takesValue: true),
    OptionSpec(name: "mapping", takesValue: true), OptionSpec(name: "hidden-steps", takesValue: true),
    OptionSpec(name: "max-states", takesValue: true), OptionSpec(name: "time-limit", takesValue: true),
    OptionSpec(name: "memory-limit", takesValue: true), OptionSpec(name: "json", takesValue: false),
    OptionSpec(name: "help", takesValue: false),
  ]

  /// Whether `arguments` ask `verify` for a conformance check.
  static func applies(to arguments: [String]) -> Bool {
    arguments.contains { $0 == "--model" || $0.hasPrefix("--model=") }
  }

  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      Output.out(help)
      return 0
    }
    let name = modelName(arguments)
    guard let name else { throw .usage("--model needs a model name; 'faultline list' shows them") }
    let entry = try Catalogue.entry(named: name)
    let parsed = try ParsedArguments(
      arguments, accepting: generalOptions + CheckCommand.parameterOptions(entry))
    guard parsed.positionals.count == 1, let file = parsed.positionals.first else {
      throw .usage(
        parsed.positionals.isEmpty
          ? "'faultline verify --model' needs a log file"
          : "'faultline verify --model' checks one log at a time, found \(parsed.positionals.count)")
    }
    let given = try CheckCommand.givenParameters(entry, parsed)
    var options = ExplorerOptions()
    options.maxStates = try parsed.integer("max-states", in: 1...ExplorerOptions.largestStateLimit)
    options.timeLimit = try parsed.seconds("time-limit")
    try parsed.applyMemoryLimit()
    Interrupt.install()
    options.isCancelled = { Interrupt.requested }
    let hiddenSteps = try parsed.integer("hidden-steps", in: 0...1_000_000)
    let began = DispatchTime.now().uptimeNanoseconds
    let read: ConformanceLogReader.Read
    do {
      let mapping = try parsed.values["mapping"].map { path in try ConformanceMapping.read(path: path) }
      read = try ConformanceLogReader.read(
        path: file, mapping: mapping, timeLimit: options.timeLimit, isCancelled: options.isCancelled)
    } catch let error as FaultlineError {
      throw error
    } catch {
      throw .unreadableFile(path: file, reason: "\(error)")
    }
    let outcome: CheckOutcome
    switch read {
    case .stopped(let reason):
      outcome = CheckOutcome.conformanceNotRead(
        model: name, variant: parsed.values["variant"] ?? "", reason: reason)
    case .log(let log):
      // The time limit counts from when the log began to be read.
      if let limit = options.timeLimit {
        options.timeLimit = max(0, limit - Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
      }
      let request = CheckRequest(options: options, conformance: log, hiddenStepLimit: hiddenSteps)
      do {
        outcome = try entry.run(variant: parsed.values["variant"], parameters: given, request: request)
      } catch {
        throw CheckCommand.explainingDefault(error, entry, parsed)
      }
    }
    if parsed.flags.contains("json") {
      Output.out(ConformanceReport.json(outcome, file: file).rendered())
    } else {
      Output.out(ConformanceReport.text(outcome, file: file))
    }
    return outcome.verdict.exitCode
  }

  /// The value of `--model`.
  static func modelName(_ arguments: [String]) -> String? {
    for (index, argument) in arguments.enumerated() {
      if argument.hasPrefix("--model=") { return String(argument.dropFirst("--model=".count)) }
      if argument == "--model", index + 1 < arguments.count { return arguments[index + 1] }
    }
    return nil
  }
}
