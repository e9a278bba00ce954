import Faultline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Picks the subcommand, and turns errors into one line on stderr with exit code 2.
enum Dispatcher {
  static func run(_ arguments: [String], commands: [any Command.Type]) -> Int32 {
    guard let first = arguments.first else {
      Output.error(topHelp(commands))
      return 2
    }
    if first == "--help" || first == "-h" || first == "help" {
      if first == "help", arguments.count > 1,
        let command = commands.first(where: { $0.name == arguments[1] })
      {
        Output.out(command.help)
      } else {
        Output.out(topHelp(commands))
      }
      return 0
    }
    if first == "--version" {
      Output.out("faultline \(Faultline.version)")
      return 0
    }
    let json = wantsJSON(arguments.dropFirst())
    guard let command = commands.first(where: { $0.name == first }) else {
      let error = FaultlineError.unknownName(
        kind: "command", name: first,
        suggestions: NameSuggestion.closest(to: first, among: commands.map { $0.name }))
      Output.report(error)
      if json { Output.out(Output.json(error, command: nil).rendered()) }
      return 2
    }
    do {
      return try command.run(Array(arguments.dropFirst()))
    } catch {
      // Text on stderr always; with --json, stdout still holds the one JSON object promised.
      Output.report(error.commandLine)
      if json { Output.out(Output.json(error.commandLine, command: command.name).rendered()) }
      return error.exitCode
    }
  }

  /// Whether `--json` is among the options (before a `--`), so that an error is JSON too.
  static func wantsJSON(_ arguments: ArraySlice<String>) -> Bool {
    for argument in arguments {
      if argument == "--" { return false }
      if argument == "--json" { return true }
    }
    return false
  }

  static func topHelp(_ commands: [any Command.Type]) -> String {
    var text = """
      faultline: a model checker and trace verifier for fault-tolerant distributed protocols

      usage: faultline <command> [options]

      commands:

      """
    for command in commands {
      text += "  \(command.name.padding(to: 8))\(command.summary)\n"
    }
    text += """

      Run 'faultline <command> --help' for a command's options.
      Exit codes: 0 holds, 1 a property is violated, 2 bad usage or input, 3 incomplete.
      """
    return text
  }
}
