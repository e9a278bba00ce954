/// One protocol event of a recorded run, from the JSON Lines format.
public struct ProtocolEvent: Sendable, Equatable {
  /// What happened.
  public enum Kind: String, CaseIterable, Sendable {
    /// A process proposes `value` to consensus.
    case propose
    /// A process decides `value`.
    case decide
    /// A process broadcasts `message` (an id, unique per trace).
    case broadcast
    /// A process delivers `message`.
    case deliver
    /// A process installs `view` with `members`.
    case viewChange = "view-change"
    /// A participant votes yes or no on `transaction`.
    case vote
    /// A process commits `transaction`.
    case commit
    /// A process aborts `transaction`.
    case abort
    /// A process crashes.
    case crash
    /// A process recovers.
    case recover
    /// A process sends `message` (point to point); recorded, not checked.
    case send
    /// A process receives `message`; recorded, not checked.
    case receive
    /// A process's failure detector starts suspecting another; recorded, not checked.
    case suspect
    /// A client makes the remote call `call`.
    case call
    /// A server begins executing `call`.
    case begin
    /// A server executes `call` to completion, returning `value` (optional).
    case execute
    /// A server stops executing `call` without its effect.
    case abandon
    /// A client takes `value` (optional) as the result of its call `call`.
    case reply
    /// A process saves its state as checkpoint `checkpoint` (a tentative one, if `tentative`,
    /// until a later `checkpoint` event with the same name makes it permanent).
    case checkpoint
    /// A process restores checkpoint `checkpoint` (a name never recorded: its initial state).
    case rollback
    /// A process sends the application message `message` to `peer`.
    case appSend = "app-send"
    /// A process receives the application message `message` from `peer`.
    case appReceive = "app-receive"
  }

  /// What happened.
  public var kind: Kind
  /// The process it happened at.
  public var process: String
  /// The 1-based line of the trace file.
  public var line: Int
  /// The value proposed or decided, or the result a remote call returned.
  public var value: TraceValue?
  /// The message broadcast or delivered.
  public var message: TraceValue?
  /// The view installed.
  public var view: Int?
  /// The members of the view installed.
  public var members: [String]
  /// The transaction voted on, committed or aborted.
  public var transaction: TraceValue?
  /// The vote: true for yes.
  public var vote: Bool?
  /// The participants a commit or abort decision covers, when the coordinator records them.
  public var participants: [String]?
  /// The remote call made, begun, executed, abandoned or replied to.
  public var call: TraceValue?
  /// The checkpoint saved or restored.
  public var checkpoint: TraceValue?
  /// Whether a checkpoint saved is tentative.
  public var tentative: Bool?
  /// The receiver of an application message sent, or the sender of one received.
  public var peer: String?

  /// Creates an event.
  public init(
    _ kind: Kind, process: String, line: Int, value: TraceValue? = nil, message: TraceValue? = nil,
    view: Int? = nil, members: [String] = [], transaction: TraceValue? = nil, vote: Bool? = nil,
    participants: [String]? = nil, call: TraceValue? = nil, checkpoint: TraceValue? = nil,
    tentative: Bool? = nil, peer: String? = nil
  ) {
    self.kind = kind
    self.process = process
    self.line = line
    self.value = value
    self.message = message
    self.view = view
    self.members = members
    self.transaction = transaction
    self.vote = vote
    self.participants = participants
    self.call = call
    self.checkpoint = checkpoint
    self.tentative = tentative
    self.peer = peer
  }

  /// The event for people: `p1 decide 3`, `p2 deliver m1`.
  public var summary: String {
    var text = process + " " + kind.rawValue
    if let call {
      text += " \(call.text)" + (value.map { " -> \($0)" } ?? "")
    } else if let value {
      text += " \(value)"
    }
    if let message { text += " \(message.text)" }
    if let view { text += " \(view) {" + members.joined(separator: ", ") + "}" }
    if let transaction { text += " \(transaction.text)" }
    if let vote { text += vote ? " yes" : " no" }
    if let checkpoint { text += " \(checkpoint.text)" + (tentative == true ? " (tentative)" : "") }
    if let peer { text += (kind == .appSend ? " to " : " from ") + peer }
    return text
  }
}
