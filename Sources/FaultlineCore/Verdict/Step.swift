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
