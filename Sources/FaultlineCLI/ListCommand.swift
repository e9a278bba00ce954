import Faultline
import FaultlineModels

/// `faultline list`: the built-in models, their parameters and variants.
enum ListCommand: Command {
  static let name = "list"
  static let summary = "list the built-in protocol models, their parameters and variants"
  static let help = """
    usage: faultline list [--json]

    Lists the built-in models with their parameters (and defaults) and their variants. Each
    variant says its expected verdict: "holds" for the correct protocol, "violated" for a
    deliberately broken one.

    options:
      --json    print {"models": [...]} on stdout
      --help    show this help
    """

  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32 {
    let parsed = try ParsedArguments(
      arguments,
      accepting: [OptionSpec(name: "json", takesValue: false), OptionSpec(name: "help", takesValue: false)])
    if parsed.flags.contains("help") {
      Output.out(help)
      return 0
    }
    if let extra = parsed.positionals.first {
      throw .usage("'faultline list' takes no argument, found '\(extra)'")
    }
    if parsed.flags.contains("json") {
      Output.out(ListReport.json(Catalogue.entries).rendered())
    } else {
      Output.out(ListReport.text(Catalogue.entries))
    }
    return 0
  }
}
