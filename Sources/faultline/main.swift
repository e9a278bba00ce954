import Faultline

#if canImport(Glibc)
  import Glibc
#endif

/// The command line's subcommands; each parses its own arguments and returns the exit code.
let commands: [any Command.Type] = [CheckCommand.self, ListCommand.self, VerifyCommand.self]

let arguments = Array(CommandLine.arguments.dropFirst())
exit(Dispatcher.run(arguments, commands: commands))
