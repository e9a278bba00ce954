/// Something observable that happened at one process, in the vocabulary of Faultline's trace
/// format (docs/trace-format.md): what a model's step emits (diagrams draw it, `--trace-out`
/// writes it, `verify --model` matches it against a log) and what `verify` reads back from a
/// log (`ProtocolEvent`, the event with its process and line). Values are `TraceValue`s, so a
/// log's `"message": 7` and a model's `"message": "Prepared"` are both events.
public enum StepEvent: Sendable, Equatable {
  /// A message left for `to` (nil: every other process).
  case send(message: TraceValue, to: String?)
  /// A message from `from` was received.
  case receive(message: TraceValue, from: String?)
  /// The process crashed.
  case crash
  /// The process recovered from stable storage.
  case recover
  /// The process's failure detector began suspecting `process`.
  case suspect(String)
  /// The process proposed a value (consensus).
  case propose(TraceValue)
  /// The process decided a value (consensus).
  case decide(TraceValue)
  /// The process multicast `message` (an id, unique per trace), carrying `value` if recorded.
  case broadcast(message: TraceValue, value: TraceValue? = nil)
  /// The process delivered the multicast message `message`, carrying `value` if recorded.
  case deliver(message: TraceValue, value: TraceValue? = nil)
  /// The process installed a view.
  case viewChange(view: Int, members: [String])
  /// The process voted in a transaction.
  case vote(transaction: TraceValue, yes: Bool)
  /// The process committed a transaction; a coordinator names the participants whose yes
  /// votes the commit needs.
  case commit(transaction: TraceValue, participants: [String]? = nil)
  /// The process aborted a transaction (a coordinator names the participants).
  case abort(transaction: TraceValue, participants: [String]? = nil)
  /// The object the client operations act on, and its initial value (written once, first).
  case object(spec: String, initial: TraceValue)
  /// A client invoked an operation.
  case invoke(operation: String, arguments: [TraceValue])
  /// A client's operation returned: `ok`, `fail`, or `info` (outcome unknown).
  case respond(operation: String, status: String, result: TraceValue?)
  /// A client made a remote procedure call, named by its identifier.
  case call(TraceValue)
  /// A server began executing a remote call.
  case begin(call: TraceValue)
  /// A server executed a remote call to completion: its effect took place, and it returned
  /// `result`.
  case execute(call: TraceValue, result: TraceValue?)
  /// A server stopped executing a remote call without its effect (an orphan it killed).
  case abandon(call: TraceValue)
  /// A client took `result` as its remote call's.
  case reply(call: TraceValue, result: TraceValue?)
  /// The process saved its state as checkpoint `name` (tentative until made permanent by a
  /// later event with the same name).
  case checkpoint(name: TraceValue, tentative: Bool)
  /// The process restored checkpoint `name` (a name never recorded: its initial state).
  case rollback(checkpoint: TraceValue)
  /// The process sent the application message `message` to `to`.
  case appSend(message: TraceValue, to: String?)
  /// The process received the application message `message` from `from`.
  case appReceive(message: TraceValue, from: String)

  /// The trace format's types of the events that are not client operations, which `verify`
  /// reads as protocol events; the raw value is the type.
  public enum Kind: String, CaseIterable, Sendable {
    /// A proposal to consensus.
    case propose
    /// A decision.
    case decide
    /// A multicast.
    case broadcast
    /// A delivery of a multicast message.
    case deliver
    /// A view installed.
    case viewChange = "view-change"
    /// A vote on a transaction.
    case vote
    /// A transaction committed.
    case commit
    /// A transaction aborted.
    case abort
    /// A crash.
    case crash
    /// A recovery.
    case recover
    /// A point-to-point send; recorded, not checked.
    case send
    /// A receive; recorded, not checked.
    case receive
    /// A suspicion of the failure detector; recorded, not checked.
    case suspect
    /// A remote call made.
    case call
    /// A remote call begun.
    case begin
    /// A remote call executed.
    case execute
    /// A remote call abandoned.
    case abandon
    /// A remote call's result taken.
    case reply
    /// A checkpoint saved.
    case checkpoint
    /// A checkpoint restored.
    case rollback
    /// An application message sent.
    case appSend = "app-send"
    /// An application message received.
    case appReceive = "app-receive"
  }

  /// The event's kind; nil for a client operation (`object`, `invoke`, a response), which
  /// belongs to a client history rather than to the protocol's events.
  public var kind: Kind? {
    switch self {
    case .send: return .send
    case .receive: return .receive
    case .crash: return .crash
    case .recover: return .recover
    case .suspect: return .suspect
    case .propose: return .propose
    case .decide: return .decide
    case .broadcast: return .broadcast
    case .deliver: return .deliver
    case .viewChange: return .viewChange
    case .vote: return .vote
    case .commit: return .commit
    case .abort: return .abort
    case .object, .invoke, .respond: return nil
    case .call: return .call
    case .begin: return .begin
    case .execute: return .execute
    case .abandon: return .abandon
    case .reply: return .reply
    case .checkpoint: return .checkpoint
    case .rollback: return .rollback
    case .appSend: return .appSend
    case .appReceive: return .appReceive
    }
  }

  /// The trace format's `type` of the event.
  public var type: String {
    switch self {
    case .object: return "object"
    case .invoke: return "invoke"
    case .respond(_, let status, _): return status
    default: return kind?.rawValue ?? ""
    }
  }

  /// The event as one trace-format JSON object for `process`.
  public func json(process: String) -> TraceValue {
    var fields: [(String, TraceValue)] = [("type", .string(type)), ("process", .string(process))]
    switch self {
    case .send(let message, let to):
      fields.append(("message", message))
      if let to { fields.append(("to", .string(to))) }
    case .receive(let message, let from):
      fields.append(("message", message))
      if let from { fields.append(("from", .string(from))) }
    case .crash, .recover: break
    case .suspect(let other): fields.append(("suspects", .string(other)))
    case .propose(let value), .decide(let value): fields.append(("value", value))
    case .broadcast(let message, let value), .deliver(let message, let value):
      fields.append(("message", message))
      if let value { fields.append(("value", value)) }
    case .viewChange(let view, let members):
      fields.append(("view", .int(view)))
      fields.append(("members", .list(members.map(TraceValue.string))))
    case .vote(let transaction, let yes):
      fields.append(("tx", transaction))
      fields.append(("vote", .string(yes ? "yes" : "no")))
    case .commit(let transaction, let participants), .abort(let transaction, let participants):
      fields.append(("tx", transaction))
      if let participants { fields.append(("participants", .list(participants.map(TraceValue.string)))) }
    case .object(let spec, let initial):
      fields = [("type", .string("object")), ("spec", .string(spec)), ("initial", initial)]
    case .invoke(let operation, let arguments):
      fields.append(("op", .string(operation)))
      fields.append(("args", .list(arguments)))
    case .respond(let operation, _, let result):
      fields.append(("op", .string(operation)))
      if let result { fields.append(("result", result)) }
    case .call(let call), .begin(let call), .abandon(let call): fields.append(("call", call))
    case .execute(let call, let result), .reply(let call, let result):
      fields.append(("call", call))
      if let result { fields.append(("result", result)) }
    case .checkpoint(let name, let tentative):
      fields.append(("checkpoint", name))
      if tentative { fields.append(("tentative", .bool(true))) }
    case .rollback(let name): fields.append(("checkpoint", name))
    case .appSend(let message, let to):
      fields.append(("message", message))
      if let to { fields.append(("to", .string(to))) }
    case .appReceive(let message, let from):
      fields.append(("message", message))
      fields.append(("from", .string(from)))
    }
    return .object(fields)
  }

  /// A short label for diagrams and text.
  public var label: String {
    switch self {
    case .send(let message, let to): return "send \(Self.plain(message))" + (to.map { " to \($0)" } ?? "")
    case .receive(let message, let from):
      return "receive \(Self.plain(message))" + (from.map { " from \($0)" } ?? "")
    case .crash: return "crash"
    case .recover: return "recover"
    case .suspect(let other): return "suspects \(other)"
    case .propose(let value): return "propose \(Self.plain(value))"
    case .decide(let value): return "decide \(Self.plain(value))"
    case .broadcast(let message, _): return "broadcast \(Self.plain(message))"
    case .deliver(let message, _): return "deliver \(Self.plain(message))"
    case .viewChange(let view, let members): return "view \(view) {\(members.joined(separator: ", "))}"
    case .vote(_, let yes): return "vote \(yes ? "yes" : "no")"
    case .commit: return "commit"
    case .abort: return "abort"
    case .object(let spec, let initial): return "\(spec) starting at \(Self.plain(initial))"
    case .invoke(let operation, let arguments):
      if arguments.isEmpty { return "invoke \(operation)" }
      return "invoke \(operation)(\(arguments.map(Self.plain).joined(separator: ", ")))"
    case .respond(let operation, let status, let result):
      let head = operation.isEmpty ? status : "\(status) \(operation)"
      return head + (result.map { " -> \(Self.plain($0))" } ?? "")
    case .call(let call): return "call \(Self.plain(call))"
    case .begin(let call): return "begin \(Self.plain(call))"
    case .execute(let call, let result):
      return "execute \(Self.plain(call))" + (result.map { " -> \(Self.plain($0))" } ?? "")
    case .abandon(let call): return "abandon \(Self.plain(call))"
    case .reply(let call, let result):
      return "reply \(Self.plain(call))" + (result.map { " -> \(Self.plain($0))" } ?? "")
    case .checkpoint(let name, let tentative):
      return "checkpoint \(Self.plain(name))" + (tentative ? " (tentative)" : "")
    case .rollback(let name): return "roll back to \(Self.plain(name))"
    case .appSend(let message, let to):
      return "app-send \(Self.plain(message))" + (to.map { " to \($0)" } ?? "")
    case .appReceive(let message, let from): return "app-receive \(Self.plain(message)) from \(from)"
    }
  }

  /// A value for people: strings without quotes, anything else as JSON.
  static func plain(_ value: TraceValue) -> String {
    if case .string(let text) = value { return text }
    return value.rendered(indent: 0)
  }
}
