import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// A check that did not hold: thrown by `Model.check`, printed as the readable report.
public struct CheckFailure: Error, CustomStringConvertible, Sendable {
  /// The summarised result, with the violations and their counterexamples.
  public var outcome: CheckOutcome

  /// Creates a failure from an outcome.
  public init(outcome: CheckOutcome) { self.outcome = outcome }

  /// The report a person reads: properties, verdict, and each counterexample step by step.
  public var description: String { CheckReport.text(outcome) }
}

extension Model {
  /// Explores the model and throws a `CheckFailure` carrying the readable counterexample unless
  /// every property holds; an incomplete search throws too, because it proves nothing.
  ///
  /// ```swift
  /// @Test func lockIsSafe() throws { try FlagLock().check() }
  /// ```
  @inlinable
  @discardableResult
  public func check(
    _ name: String? = nil, options: ExplorerOptions = ExplorerOptions()
  ) throws -> Exploration<Self> {
    let exploration = try Explorer(self, options: options).run()
    if exploration.verdict != .holds {
      throw CheckFailure(
        outcome: CheckOutcome.summarize(
          exploration, of: self, name: name ?? String(describing: Self.self), variant: "as written",
          parameters: ParameterValues([]), request: CheckRequest(options: options)))
    }
    return exploration
  }
}
