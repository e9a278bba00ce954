import FaultlineConsistency
import FaultlineCore

/// Which failures may happen, each bounded so the state space stays finite.
public struct Faults: Sendable, Equatable {
  /// At most this many crashes in all.
  public var crashes: Int
  /// Whether a crash may strike while a handler sends, leaving any subset of its sends sent.
  public var crashDuringSends: Bool
  /// Whether a crashed process may recover, from its stable storage only.
  public var recovery: Bool
  /// The processes that may crash; nil for every process (clients of a replicated service,
  /// for example, are often kept out of the fault budget).
  public var crashable: ProcessSet?

  /// Creates a fault model.
  public init(
    crashes: Int = 0, crashDuringSends: Bool = false, recovery: Bool = false, crashable: ProcessSet? = nil
  ) {
    self.crashes = max(crashes, 0)
    self.crashDuringSends = crashDuringSends
    self.recovery = recovery
    self.crashable = crashable
  }

  /// Whether `process` may crash at all.
  @inlinable public func mayCrash(_ process: Int) -> Bool { crashable?.contains(process) ?? true }

  /// No failures at all.
  public static let none = Faults()
}
