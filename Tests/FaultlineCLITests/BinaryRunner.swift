import Foundation

/// Runs the built `faultline` binary and captures its output, as a user's shell would.
enum Faultline {
  struct Result {
    var stdout: String
    var stderr: String
    var status: Int32

    /// Stdout parsed as a JSON object, with an independent parser (Foundation's).
    var json: [String: Any]? {
      (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
  }

  /// The binary next to the test bundle in the build folder, or `FAULTLINE_BINARY` if set.
  static let binary: URL? = {
    if let explicit = ProcessInfo.processInfo.environment["FAULTLINE_BINARY"] {
      return URL(fileURLWithPath: explicit)
    }
    let candidates = [
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    ]
    for directory in candidates {
      var folder = directory
      for _ in 0..<4 {
        let file = folder.appendingPathComponent("faultline")
        if FileManager.default.isExecutableFile(atPath: file.path) { return file }
        folder = folder.deletingLastPathComponent()
      }
    }
    return nil
  }()

  /// Runs the binary and sends it SIGINT after `seconds`, as Ctrl-C would.
  static func interrupt(_ arguments: [String], after seconds: Double) throws -> Result {
    try run(arguments, interruptAfter: seconds)
  }

  /// Runs the binary and sends it SIGTERM after `seconds`, as `timeout` and CI cancellation do.
  static func terminate(_ arguments: [String], after seconds: Double) throws -> Result {
    try run(arguments, interruptAfter: seconds, signal: SIGTERM)
  }

  static func run(
    _ arguments: [String], interruptAfter: Double? = nil, signal: Int32 = SIGINT, input: Data? = nil,
    closeInput: Bool = true
  ) throws -> Result {
    guard let binary else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let inputPipe = Pipe()
    if input != nil { process.standardInput = inputPipe }
    try process.run()
    if let input {
      // From another thread: a large input would fill the pipe while nobody reads the output.
      let writer = inputPipe.fileHandleForWriting
      Thread.detachNewThread {
        writer.write(input)
        // Left open, the input is a pipe that never ends.
        if closeInput { try? writer.close() }
      }
    }
    if let interruptAfter {
      Thread.sleep(forTimeInterval: interruptAfter)
      if signal == SIGTERM { process.terminate() } else { process.interrupt() }
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if !closeInput { try? inputPipe.fileHandleForWriting.close() }
    return Result(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus)
  }
}
