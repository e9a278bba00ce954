/// The answer to "is this log a behaviour of the model?".
public struct ConformanceResult: Sendable {
  /// What the search found.
  public enum Outcome: Sendable, Equatable {
    /// Some behaviour of the model explains every logged event, in an order that keeps each
    /// process's own order.
    case conforms
    /// No behaviour explains `firstUnexplained` after the events before it.
    case doesNotConform
    /// A limit stopped the search first.
    case incomplete(reason: String)
  }

  /// What the search found.
  public var outcome: Outcome
  /// The logged events.
  public var events: Int
  /// The most logged events one behaviour explained.
  public var explained: Int
  /// For a log that does not conform, the event no behaviour explains: the earliest in the file
  /// of those still unexplained after the closest behaviour.
  public var firstUnexplained: LoggedEvent?
  /// The states the model can be in just before that event, after the closest behaviour's
  /// events, as named variables: a few of them (`possibleStates` counts them all).
  public var statesBefore: [[StateVariable]]
  /// How many distinct states the model can be in just before that event.
  public var possibleStates: Int
  /// The choices that replay the closest behaviour (all of the log, when it conforms).
  public var choices: [Int]
  /// Configurations (a model state and how far each process's log is explained) searched.
  public var configurations: Int
  /// How long the search took.
  public var seconds: Double
  /// Whether the answer came from the file's order of events alone (a conforming log explained
  /// in that order, or a search in that order cut short).
  public var inFileOrder = false

  /// Creates a result.
  public init(
    outcome: Outcome, events: Int, explained: Int, firstUnexplained: LoggedEvent? = nil,
    statesBefore: [[StateVariable]] = [], possibleStates: Int = 0, choices: [Int] = [],
    configurations: Int = 0, seconds: Double = 0
  ) {
    self.outcome = outcome
    self.events = events
    self.explained = explained
    self.firstUnexplained = firstUnexplained
    self.statesBefore = statesBefore
    self.possibleStates = possibleStates
    self.choices = choices
    self.configurations = configurations
    self.seconds = seconds
  }
}
