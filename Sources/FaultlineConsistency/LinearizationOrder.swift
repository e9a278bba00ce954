import FaultlineCore

/// Which operations may take effect next, given those that already have: the one thing that
/// differs between consistency conditions in the search (`Linearizer`).
///
/// A conforming order keeps its own view of the linearized operations through `remove` and
/// `restore`, which the search calls in stack order, so that listing the candidates costs
/// little: real time keeps Porcupine's linked list of calls and returns, program order a
/// frontier per process.
@usableFromInline
protocol LinearizationOrder {
  /// The cursor at which the current configuration's candidates begin.
  var first: Int { get }
  /// The next operation at or after `cursor` that may take effect now, moving `cursor` past it;
  /// nil when there is none.
  func nextCandidate(_ cursor: inout Int) -> Int?
  /// The cursor just past `op`, once `op` has been restored: where the search resumes.
  func cursor(after op: Int) -> Int
  /// Marks `op` as linearized.
  mutating func remove(_ op: Int)
  /// Undoes the latest `remove` not yet undone, which was of `op`.
  mutating func restore(_ op: Int)
}
