import Faultline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `faultline` command line as a library: `list`, `check` and `verify`, exit codes included.
public enum FaultlineCommandLine {
  /// The subcommands, in the order the top-level help lists them.
  static let commands: [any Command.Type] = [CheckCommand.self, ListCommand.self, VerifyCommand.self]

  /// Runs the command line on `arguments` (without the program name) and returns the exit code.
  public static func run(_ arguments: [String]) -> Int32 {
    Dispatcher.run(arguments, commands: commands)
  }

  /// Runs the command line on the process's arguments and exits with its exit code.
  public static func main() -> Never {
    exit(run(Array(CommandLine.arguments.dropFirst())))
  }
}
