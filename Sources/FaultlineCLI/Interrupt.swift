import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C during a check: the explorer stops at its next poll and reports "incomplete" (exit 3)
/// with the figures so far, instead of dying without a summary. A second Ctrl-C kills.
enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Whether Ctrl-C was pressed.
  static var requested: Bool { flag.load(ordering: .relaxed) }

  /// Installs the SIGINT handler, and unblocks SIGINT in case the parent started us with it
  /// blocked (test runners and some shells do).
  static func install() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    signal(SIGINT) { _ in
      if Interrupt.flag.exchange(true, ordering: .relaxed) { _exit(130) }
    }
  }
}
