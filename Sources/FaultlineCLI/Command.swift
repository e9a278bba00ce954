import Faultline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A subcommand of `faultline`.
protocol Command {
  /// The word after `faultline`.
  static var name: String { get }
  /// One line for the top-level help.
  static var summary: String { get }
  /// The full help text.
  static var help: String { get }
  /// Runs with the arguments after the subcommand's name; returns the exit code.
  static func run(_ arguments: [String]) throws(FaultlineError) -> Int32
}

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

/// Writes to stdout and stderr.
enum Output {
  static func out(_ text: String) {
    write(to: 1, text.hasSuffix("\n") ? text : text + "\n")
  }

  static func error(_ text: String) {
    write(to: 2, text.hasSuffix("\n") ? text : text + "\n")
  }

  /// Writes all of `text` to a file descriptor, unbuffered, so stdout and stderr never interleave mid-line.
  static func write(to descriptor: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { buffer in
        #if canImport(Glibc)
          Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        #else
          Darwin.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        #endif
      }
      if written <= 0 { return }
      offset += written
    }
  }

  /// Text from a trace or a path, safe to print on a terminal (`TerminalText`).
  static func terminalSafe(_ text: String) -> String { TerminalText.escaped(text) }

  /// The error line on stderr: one line, whatever the input held.
  static func report(_ error: FaultlineError) {
    Output.error("error: " + terminalSafe(error.description))
  }

  /// The one JSON object `--json` promises, for an error: `{"error", "exitCode"}`, with the
  /// command and the file when known.
  static func json(_ error: FaultlineError, command: String?) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("error", .string(error.description)), ("exitCode", .int(2))]
    if let command { pairs.append(("command", .string(command))) }
    if let file = error.file { pairs.append(("file", .string(file))) }
    return .object(pairs)
  }

  /// A report with the errors of writing its files: `error` (the first) and `exitCode` 2.
  static func adding(_ failures: [FaultlineError], to report: JSONValue) -> JSONValue {
    guard let first = failures.first, case .object(var pairs) = report else { return report }
    pairs.append(("error", .string(first.description)))
    if failures.count > 1 { pairs.append(("errors", .array(failures.map { .string($0.description) }))) }
    pairs.append(("exitCode", .int(2)))
    return .object(pairs)
  }

  /// Whether stderr is a terminal, so progress may be drawn in place.
  static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

extension FaultlineError {
  /// The file the error is about, when it names one.
  var file: String? {
    switch self {
    case .unreadableFile(let path, _), .unwritableFile(let path, _): return path
    case .malformedInput(let file, _, _, _, _): return file
    default: return nil
    }
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
