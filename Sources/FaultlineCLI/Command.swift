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
