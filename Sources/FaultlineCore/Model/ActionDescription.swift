/// Who takes an action and what it does, in the protocol's own words.
public struct ActionDescription: Sendable, Equatable {
  /// The process taking the action, or nil for environment actions.
  public var process: String?
  /// What happens, for example `prepare` or `receive Commit`.
  public var action: String
  /// What the step made observable, in the trace format's vocabulary.
  public var events: [StepEvent]

  /// Creates a description.
  public init(process: String?, action: String, events: [StepEvent] = []) {
    self.process = process
    self.action = action
    self.events = events
  }

  /// `process: action`, or the action alone when no process takes it.
  public var text: String { process.map { "\($0): \(action)" } ?? action }
}
