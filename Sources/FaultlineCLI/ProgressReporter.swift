import Faultline
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Progress of long runs on stderr: in place on a terminal, as plain lines otherwise.
final class ProgressReporter: Sendable {
  let enabled: Bool
  let inPlace: Bool
  private let printed = Atomic<Bool>(false)

  init(enabled: Bool) {
    self.enabled = enabled
    inPlace = Output.stderrIsTerminal
  }

  func report(_ progress: Progress) {
    printed.store(true, ordering: .relaxed)
    let rate = progress.seconds > 0 ? Int(Double(progress.distinctStates) / progress.seconds) : 0
    let line =
      "\(CheckReport.grouped(progress.distinctStates)) states, \(CheckReport.grouped(rate)) states/s, "
      + "depth \(progress.depth), frontier \(CheckReport.grouped(progress.frontier)), "
      + CheckReport.formatSeconds(progress.seconds)
    Output.write(to: 2, inPlace ? "\r\u{1B}[K" + line : line + "\n")
  }

  /// Ends the in-place line with a summary, if anything was printed.
  func finish(_ outcome: CheckOutcome) {
    guard enabled, printed.load(ordering: .relaxed) else { return }
    let stats = outcome.statistics
    let line =
      "done: \(CheckReport.grouped(stats.distinctStates)) states in \(CheckReport.formatSeconds(stats.seconds)), "
      + "verdict \(outcome.verdict.name)"
    Output.write(to: 2, inPlace ? "\r\u{1B}[K" + line + "\n" : line + "\n")
  }
}
