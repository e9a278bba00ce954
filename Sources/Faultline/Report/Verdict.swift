/// The one result every check returns: the property holds, is violated, or the answer is unknown.
public enum Verdict: Sendable, Equatable {
  /// Every property holds in every reachable state (or over the whole recorded trace).
  case holds
  /// At least one property is violated; each violation carries its evidence.
  case violated([Violation])
  /// A limit was reached, or the method cannot prove the property, before the answer was known.
  case incomplete(reason: String)

  /// The verdict's name as printed and in JSON: `holds`, `violated` or `incomplete`.
  public var name: String {
    switch self {
    case .holds: return "holds"
    case .violated: return "violated"
    case .incomplete: return "incomplete"
    }
  }

  /// The process exit code the command line uses for this verdict: 0, 1 or 3.
  public var exitCode: Int32 {
    switch self {
    case .holds: return 0
    case .violated: return 1
    case .incomplete: return 3
    }
  }

  /// The violations, empty unless the verdict is `violated`.
  public var violations: [Violation] {
    if case .violated(let list) = self { return list }
    return []
  }
}

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

/// One step of a counterexample: who did what, and which state variables changed.
public struct Step: Sendable, Equatable {
  /// The process that took the step, when the action belongs to one.
  public var process: String?
  /// What the process did, in the protocol's own words.
  public var action: String
  /// The state variables whose values changed.
  public var changes: [Change]
  /// What the step made observable: messages, decisions, votes, client operations.
  public var events: [StepEvent]

  /// Creates a step.
  public init(process: String?, action: String, changes: [Change], events: [StepEvent] = []) {
    self.process = process
    self.action = action
    self.changes = changes
    self.events = events
  }
}

/// A named piece of a state and its rendered value.
public struct StateVariable: Sendable, Equatable {
  /// The variable's name, for example `rm[2]` or `tm.prepared`.
  public var name: String
  /// The variable's value, rendered for people.
  public var value: String

  /// Creates a state variable.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// A state variable whose value changed in a step.
public struct Change: Sendable, Equatable {
  /// The variable's name.
  public var variable: String
  /// Its value before the step, or nil when it did not exist.
  public var before: String?
  /// Its value after the step, or nil when it no longer exists.
  public var after: String?

  /// Creates a change.
  public init(variable: String, before: String?, after: String?) {
    self.variable = variable
    self.before = before
    self.after = after
  }

  /// The changes between two descriptions of a state, in the order of `after` then removals.
  public static func between(_ before: [StateVariable], _ after: [StateVariable]) -> [Change] {
    var old: [String: String] = [:]
    for variable in before { old[variable.name] = variable.value }
    var seen = Set<String>()
    var changes: [Change] = []
    for variable in after {
      seen.insert(variable.name)
      let previous = old[variable.name]
      if previous != variable.value {
        changes.append(Change(variable: variable.name, before: previous, after: variable.value))
      }
    }
    for variable in before where !seen.contains(variable.name) {
      changes.append(Change(variable: variable.name, before: variable.value, after: nil))
    }
    return changes
  }
}
