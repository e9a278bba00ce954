import Faultline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to stdout and stderr.
enum Output {
  static func out(_ text: String) {
    write(to: 1, text.hasSuffix("\n") ? text : text + "\n")
  }

  static func error(_ text: String) {
    write(to: 2, text.hasSuffix("\n") ? text : text + "\n")
  }

  /// Writes all of `text` to a file descriptor, unbuffered, so stdout and stderr never interleave
  /// mid-line; retries interrupted writes. Returns nil, or why the write failed.
  @discardableResult
  static func write(to descriptor: Int32, _ text: String) -> String? {
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
      if written > 0 {
        offset += written
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        return written == 0 ? "nothing was written" : String(cString: strerror(errno))
      }
    }
    return nil
  }

  /// Text from a trace or a path, safe to print on a terminal (`TerminalText`).
  static func terminalSafe(_ text: String) -> String { TerminalText.escaped(text) }

  /// The error line on stderr: one line, whatever the input held.
  static func report(_ error: FaultlineError) {
    Output.error("error: " + terminalSafe(error.description))
  }

  /// The one JSON object `--json` promises, for an error: `{"error", "exitCode"}`, with the
  /// command and the file when known.
  static func json(_ error: FaultlineError, command: String?) -> TraceValue {
    var pairs: [(String, TraceValue)] = [("error", .string(error.description)), ("exitCode", .int(2))]
    if let command { pairs.append(("command", .string(command))) }
    if let file = error.file { pairs.append(("file", .string(file))) }
    return .object(pairs)
  }

  /// A report with the errors of writing its files: `error` (the first) and `exitCode` 2.
  static func adding(_ failures: [FaultlineError], to report: TraceValue) -> TraceValue {
    guard let first = failures.first, var pairs = report.objectFields else { return report }
    pairs.append(("error", .string(first.description)))
    if failures.count > 1 { pairs.append(("errors", .list(failures.map { .string($0.description) }))) }
    pairs.append(("exitCode", .int(2)))
    return .object(pairs)
  }

  /// Whether stderr is a terminal, so progress may be drawn in place.
  static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
