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
    guard let command = commands.first(where: { $0.name == first }) else {
      let error = FaultlineError.unknownName(
        kind: "command", name: first,
        suggestions: NameSuggestion.closest(to: first, among: commands.map { $0.name }))
      Output.error("error: \(error)")
      return 2
    }
    do {
      return try command.run(Array(arguments.dropFirst()))
    } catch {
      Output.error("error: \(error.commandLine)")
      return error.exitCode
    }
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

  /// Writes `text` to the file at `path`, replacing it.
  static func writeFile(_ path: String, _ text: String) throws(FaultlineError) {
    guard let file = fopen(path, "w") else {
      throw .unreadableFile(
        path: path, reason: "cannot open for writing: " + String(cString: strerror(errno)))
    }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
      throw .unreadableFile(path: path, reason: "cannot write: " + String(cString: strerror(errno)))
    }
  }

  /// Whether stderr is a terminal, so progress may be drawn in place.
  static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
