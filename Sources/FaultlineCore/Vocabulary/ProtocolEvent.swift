/// A protocol event of a recorded run: a `StepEvent` at a process, with the line of the trace
/// file that recorded it. `verify` reads logs into these; the checks read them through the
/// accessors below.
public struct ProtocolEvent: Sendable, Equatable {
  /// What happened.
  public let event: StepEvent
  /// What kind of event it is.
  public let kind: StepEvent.Kind
  /// The process it happened at.
  public var process: String
  /// The 1-based line of the trace file.
  public var line: Int

  /// Creates an event; nil for a client operation (`object`, `invoke`, a response), which
  /// belongs to a client history, not to the protocol's events.
  public init?(_ event: StepEvent, process: String, line: Int) {
    guard let kind = event.kind else { return nil }
    self.event = event
    self.kind = kind
    self.process = process
    self.line = line
  }

  /// The value proposed or decided, multicast, or the result a remote call returned.
  public var value: TraceValue? {
    switch event {
    case .propose(let value), .decide(let value): return value
    case .broadcast(_, let value), .deliver(_, let value): return value
    case .execute(_, let result), .reply(_, let result): return result
    default: return nil
    }
  }

  /// The message sent, received, multicast or delivered.
  public var message: TraceValue? {
    switch event {
    case .send(let message, _), .receive(let message, _), .broadcast(let message, _),
      .deliver(let message, _),
      .appSend(let message, _), .appReceive(let message, _):
      return message
    default: return nil
    }
  }

  /// The view installed.
  public var view: Int? {
    if case .viewChange(let view, _) = event { return view }
    return nil
  }

  /// The members of the view installed.
  public var members: [String] {
    if case .viewChange(_, let members) = event { return members }
    return []
  }

  /// The transaction voted on, committed or aborted.
  public var transaction: TraceValue? {
    switch event {
    case .vote(let transaction, _), .commit(let transaction, _), .abort(let transaction, _):
      return transaction
    default: return nil
    }
  }

  /// The vote: true for yes.
  public var vote: Bool? {
    if case .vote(_, let yes) = event { return yes }
    return nil
  }

  /// The participants a commit or abort decision covers, when the coordinator records them.
  public var participants: [String]? {
    switch event {
    case .commit(_, let participants), .abort(_, let participants): return participants
    default: return nil
    }
  }

  /// The remote call made, begun, executed, abandoned or replied to.
  public var call: TraceValue? {
    switch event {
    case .call(let call), .begin(let call), .abandon(let call), .execute(let call, _), .reply(let call, _):
      return call
    default: return nil
    }
  }

  /// The checkpoint saved or restored.
  public var checkpoint: TraceValue? {
    switch event {
    case .checkpoint(let name, _), .rollback(let name): return name
    default: return nil
    }
  }

  /// Whether a checkpoint saved is tentative.
  public var tentative: Bool? {
    if case .checkpoint(_, let tentative) = event, tentative { return true }
    return nil
  }

  /// The receiver of an application message sent, or the sender of one received.
  public var peer: String? {
    switch event {
    case .appSend(_, let to): return to
    case .appReceive(_, let from): return from
    default: return nil
    }
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
