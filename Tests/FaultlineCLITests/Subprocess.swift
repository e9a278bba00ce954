import Foundation

/// Runs a program to completion without holding a test thread while it runs: the output goes
/// to a temporary file and the caller is resumed when the process exits. Long builds (the
/// release binary, the tutorial package) then leave the test pool's threads to other tests.
enum Subprocess {
  /// The exit status and everything the program printed, standard output and error together.
  static func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, output: String) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faultline-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardOutput = handle
    process.standardError = handle
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
    let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
    return (status, output)
  }
}
