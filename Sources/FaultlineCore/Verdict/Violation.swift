/// A property that does not hold, with the evidence a person needs to see why.
public struct Violation: Sendable, Equatable {
  /// Whether a violation is about states or about infinite behaviours.
  public enum Kind: String, Sendable, CaseIterable {
    /// An `always` property false in a state, or a `sometimes` property never reached.
    case safety
    /// An `eventually` or `leadsTo` property that a fair behaviour never satisfies.
    case liveness
  }

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
  /// Safety or liveness.
  public var kind: Kind
  /// For a liveness violation whose behaviour loops, the index in `steps` of the cycle's first
  /// step; the cycle's last step returns to the state before that one. Nil for safety
  /// violations and for a behaviour that stops in a state with no successor.
  public var cycleStart: Int?

  /// Creates a violation.
  public init(
    property: String, explanation: String, steps: [Step] = [], initialState: [StateVariable] = [],
    witness: Witness? = nil, kind: Kind = .safety, cycleStart: Int? = nil
  ) {
    self.property = property
    self.explanation = explanation
    self.steps = steps
    self.initialState = initialState
    self.witness = witness
    self.kind = kind
    self.cycleStart = cycleStart
  }
}
