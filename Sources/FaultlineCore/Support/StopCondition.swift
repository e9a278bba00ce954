import Dispatch

/// When a long search must stop before its answer is known: at a deadline on the uptime clock,
/// or when asked from outside (a signal, a caller's cancellation). Polled, never waited on.
@usableFromInline
package struct StopCondition: Sendable {
  /// The uptime in nanoseconds after which the search stops; nil for none.
  @usableFromInline package var deadline: UInt64?
  /// Asked at each poll; true stops the search.
  @usableFromInline package var isCancelled: (@Sendable () -> Bool)?
  /// The time limit the deadline came from, in seconds, for messages.
  @usableFromInline package var timeLimit: Double?

  @usableFromInline package init(deadline: UInt64? = nil, isCancelled: (@Sendable () -> Bool)? = nil) {
    self.deadline = deadline
    self.isCancelled = isCancelled
  }

  /// A time limit of `seconds` counted from `start` (uptime nanoseconds), and a cancellation.
  @usableFromInline package init(
    timeLimit seconds: Double?, from start: UInt64, isCancelled: (@Sendable () -> Bool)? = nil
  ) {
    self.init(
      deadline: seconds.map { Deadline.nanoseconds(after: $0, from: start) }, isCancelled: isCancelled)
    timeLimit = seconds
  }

  /// Whether the search must stop now: the deadline passed, a stop was asked for, or the
  /// process went over its memory budget.
  @usableFromInline package func reached() -> Bool {
    if let deadline, DispatchTime.now().uptimeNanoseconds > deadline { return true }
    return cancelled || MemoryBudget.exceeded()
  }

  /// Whether the stop was asked for from outside, not by the clock.
  @usableFromInline package var cancelled: Bool { isCancelled?() ?? false }

  /// Why a search stopped: "interrupted" when asked from outside, else the time limit.
  package func reason(timeLimit: Double?) -> String {
    if cancelled { return "interrupted" }
    if MemoryBudget.exceeded() { return MemoryBudget.reason }
    return "time limit of \(timeLimit ?? self.timeLimit ?? 0) s reached"
  }

  /// Why a search stopped, with the time limit it was made with.
  @usableFromInline package var reason: String { reason(timeLimit: timeLimit) }
}
