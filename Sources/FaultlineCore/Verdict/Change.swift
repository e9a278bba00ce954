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
