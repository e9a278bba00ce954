import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C (SIGINT), or SIGTERM from `timeout`, `kill` or a CI runner cancelling a job, during
/// `check` or `verify`: the work stops at its next poll and the summary so far is printed with
/// verdict incomplete (exit 3), instead of dying without one. A second signal kills at once, with
/// the shell's code for it (130 or 143).
enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// The signals that stop the work.
  static let signals = [SIGINT, SIGTERM]

  /// Whether a stop was asked for.
  static var requested: Bool { flag.load(ordering: .relaxed) }

  /// Installs the handlers, and unblocks the signals in case the parent started us with them
  /// blocked (test runners and some shells do).
  static func install() {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    for signal in signals { sigaddset(&blocked, signal) }
    pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    for number in signals {
      signal(number) { number in
        if Interrupt.flag.exchange(true, ordering: .relaxed) { _exit(128 + number) }
      }
    }
  }
}
