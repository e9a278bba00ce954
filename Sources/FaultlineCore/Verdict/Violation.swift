/// A property that does not hold, with the evidence a person needs to see why.
public struct Violation: Sendable, Equatable {
  /// The violated property's name.
  public var property: String
  /// A one-line explanation of what went wrong.
  public var explanation: String
  /// The steps from an initial state to the violating state; empty when there is no path
  /// (a `sometimes` property never reached, or a violation found in a recorded trace).
  public var steps: [Step]
  /// The state the path starts from, as named variables.
  public var initialState: [StateVariable]
  /// Trace evidence (operations, events with line numbers), for violations found by `verify`.
  public var witness: Witness?

  /// Creates a violation.
  public init(
    property: String, explanation: String, steps: [Step] = [], initialState: [StateVariable] = [],
    witness: Witness? = nil
  ) {
    self.property = property
    self.explanation = explanation
    self.steps = steps
    self.initialState = initialState
    self.witness = witness
  }
}
