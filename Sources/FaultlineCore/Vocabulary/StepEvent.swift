/// Something observable that happened in a step, in the vocabulary of Faultline's trace format
/// (docs/trace-format.md) plus the messages behind it: what diagrams draw and `--trace-out`
/// writes. Each event belongs to the process that took the step.
public enum StepEvent: Sendable, Equatable {
  /// A message left for `to` (nil: every other process).
  case send(message: String, to: String?)
  /// A message from `from` was received.
  case receive(message: String, from: String?)
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
  /// The process multicast a message (multicast layer).
  case broadcast(String)
  /// The process delivered a multicast message.
  case deliver(String)
  /// The process installed a view.
  case viewChange(view: Int, members: [String])
  /// The process voted in a transaction.
  case vote(transaction: String, yes: Bool)
  /// The process committed a transaction; a coordinator names the participants whose yes
  /// votes the commit needs.
  case commit(transaction: String, participants: [String]? = nil)
  /// The process aborted a transaction (a coordinator names the participants).
  case abort(transaction: String, participants: [String]? = nil)
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
  case checkpoint(name: String, tentative: Bool)
  /// The process restored checkpoint `name`.
  case rollback(checkpoint: String)
  /// The process sent the application message `message` to `to`.
  case appSend(message: String, to: String)
  /// The process received the application message `message` from `from`.
  case appReceive(message: String, from: String)

  /// The trace format's `type` of the event.
  public var type: String {
    switch self {
    case .send: return "send"
    case .receive: return "receive"
    case .crash: return "crash"
    case .recover: return "recover"
    case .suspect: return "suspect"
    case .propose: return "propose"
    case .decide: return "decide"
    case .broadcast: return "broadcast"
    case .deliver: return "deliver"
    case .viewChange: return "view-change"
    case .vote: return "vote"
    case .commit: return "commit"
    case .abort: return "abort"
    case .object: return "object"
    case .invoke: return "invoke"
    case .respond(_, let status, _): return status
    case .call: return "call"
    case .begin: return "begin"
    case .execute: return "execute"
    case .abandon: return "abandon"
    case .reply: return "reply"
    case .checkpoint: return "checkpoint"
    case .rollback: return "rollback"
    case .appSend: return "app-send"
    case .appReceive: return "app-receive"
    }
  }

  /// The event as one trace-format JSON object for `process`.
  public func json(process: String) -> TraceValue {
    var fields: [(String, TraceValue)] = [("type", .string(type)), ("process", .string(process))]
    switch self {
    case .send(let message, let to):
      fields.append(("message", .string(message)))
      if let to { fields.append(("to", .string(to))) }
    case .receive(let message, let from):
      fields.append(("message", .string(message)))
      if let from { fields.append(("from", .string(from))) }
    case .crash, .recover: break
    case .suspect(let other): fields.append(("suspects", .string(other)))
    case .propose(let value), .decide(let value): fields.append(("value", value))
    case .broadcast(let message), .deliver(let message): fields.append(("message", .string(message)))
    case .viewChange(let view, let members):
      fields.append(("view", .int(view)))
      fields.append(("members", .list(members.map(TraceValue.string))))
    case .vote(let transaction, let yes):
      fields.append(("tx", .string(transaction)))
      fields.append(("vote", .string(yes ? "yes" : "no")))
    case .commit(let transaction, let participants), .abort(let transaction, let participants):
      fields.append(("tx", .string(transaction)))
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
      fields.append(("checkpoint", .string(name)))
      if tentative { fields.append(("tentative", .bool(true))) }
    case .rollback(let name): fields.append(("checkpoint", .string(name)))
    case .appSend(let message, let to):
      fields.append(("message", .string(message)))
      fields.append(("to", .string(to)))
    case .appReceive(let message, let from):
      fields.append(("message", .string(message)))
      fields.append(("from", .string(from)))
    }
    return .object(fields)
  }

  /// A short label for diagrams and text.
  public var label: String {
    switch self {
    case .send(let message, let to): return "send \(message)" + (to.map { " to \($0)" } ?? "")
    case .receive(let message, let from): return "receive \(message)" + (from.map { " from \($0)" } ?? "")
    case .crash: return "crash"
    case .recover: return "recover"
    case .suspect(let other): return "suspects \(other)"
    case .propose(let value): return "propose \(Self.plain(value))"
    case .decide(let value): return "decide \(Self.plain(value))"
    case .broadcast(let message): return "broadcast \(message)"
    case .deliver(let message): return "deliver \(message)"
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
    case .checkpoint(let name, let tentative): return "checkpoint \(name)" + (tentative ? " (tentative)" : "")
    case .rollback(let name): return "roll back to \(name)"
    case .appSend(let message, let to): return "app-send \(message) to \(to)"
    case .appReceive(let message, let from): return "app-receive \(message) from \(from)"
    }
  }

  /// A value for people: strings without quotes, anything else as JSON.
  static func plain(_ value: TraceValue) -> String {
    if case .string(let text) = value { return text }
    return value.rendered(indent: 0)
  }
}
