import FaultlineConsistency
import FaultlineCore

/// The events of a step, as its handler recorded them while it ran: the message received, the
/// outputs (decisions, multicasts, deliveries, views), client operations, the events the
/// handler recorded with `Context.record(_:)`, the messages sent, and crashes, recoveries and
/// suspicions. Every System model gets diagrams, `--trace-out` and `verify --model` from this,
/// written once.
extension System {
  @inlinable
  public func describe(_ action: Action, from before: State, to shown: State) -> ActionDescription {
    var description = describe(action)
    // Observations are made on the step itself, before an abstraction renames what is in flight
    // or drops messages no one will react to.
    let after = abstraction == nil ? shown : concreteSuccessor(of: before, via: action) ?? shown
    if after != shown, let note = abstractionNote(for: after) { description.action += " (\(note))" }
    guard case .handle(let event, let keeping) = action else {
      if case .crash = action { description.events = [.crash] }
      return description
    }
    let process = event.process
    var events: [StepEvent] = []
    switch event {
    case .deliver(let envelope):
      events.append(
        .receive(message: .string(String(describing: envelope.message)), from: name(envelope.from)))
    case .suspect(_, let target): events.append(.suspect(name(target)))
    case .recover: events.append(.recover)
    case .fire, .choose, .trust: break
    }
    if let context = handlerContext(event, in: before) {
      events += outputs(context.outputs)
      events += clientEvents(context.history, of: process, after: before.history)
      events += context.events
      events += P.traceEvents(from: before, to: after)
      for (offset, send) in context.sends.enumerated() {
        // A crash in mid-step lets out only the sends in its mask.
        if let keeping, offset >= 64 || keeping & (UInt64(1) << UInt64(offset)) == 0 { continue }
        events.append(.send(message: .string(String(describing: send.message)), to: name(send.to)))
      }
    }
    if keeping != nil { events.append(.crash) }
    description.events = events
    return description
  }

  /// The context of `event`'s handler run in `state`, its effects recorded; nil when the event
  /// cannot happen there.
  @inlinable
  func handlerContext(_ event: SystemEvent<P>, in state: State) -> Context<P>? {
    let process = event.process
    guard process >= 0 && process < processes.count else { return nil }
    switch event {
    case .recover:
      return direct(event, in: state)?.2
    case .deliver, .fire, .choose, .suspect, .trust:
      guard !state.crashed.contains(process) else { return nil }
      var slot = state.slot(process).pointee
      return run(event, of: process, on: &slot)
    }
  }

  /// The trace events of a handler's outputs.
  @inlinable
  func outputs(_ outputs: [SystemOutput<P.Value>]) -> [StepEvent] {
    outputs.map { output in
      switch output {
      case .decide(let value): return .decide(Self.traceValue(value))
      case .broadcast(let value): return .broadcast(message: .string(String(describing: value)))
      case .deliver(let value): return .deliver(message: .string(String(describing: value)))
      case .install(let view, let members): return .viewChange(view: view, members: members.members.map(name))
      }
    }
  }

  /// The trace events of the client events `process`'s handler added to `history`: the object
  /// before the first invocation, invocations, and responses named by the client's last
  /// invocation.
  @inlinable
  func clientEvents(
    _ added: [HistoryEvent<P.Value>], of process: Int, after history: [HistoryEvent<P.Value>]
  ) -> [StepEvent] {
    var events: [StepEvent] = []
    var lastInvocation = history.last { $0.client == process && $0.isInvocation }?.value
    var first = history.isEmpty
    for entry in added where entry.client == process {
      let shaped = entry.value as? any TraceOperationConvertible
      if entry.isInvocation {
        if first, let shaped {
          let object = type(of: shaped).traceObject
          events.append(.object(spec: object.spec, initial: object.initial))
        }
        first = false
        lastInvocation = entry.value
        let operation = shaped?.traceOperation ?? (String(describing: entry.value), [])
        events.append(.invoke(operation: operation.name, arguments: operation.arguments))
      } else {
        // The trace format names the operation a response answers: the client's last invocation.
        let name =
          (lastInvocation as? any TraceOperationConvertible)?.traceOperation?.name ?? lastInvocation.map {
            String(describing: $0)
          } ?? ""
        let result = shaped.map { $0.traceResult } ?? Self.traceValue(entry.value)
        events.append(.respond(operation: name, status: "ok", result: result))
      }
    }
    return events
  }

  /// A value as trace JSON: integers, booleans and strings as themselves, anything else by its
  /// description.
  @inlinable
  static func traceValue(_ value: P.Value) -> TraceValue {
    switch value {
    case let number as Int: return .int(number)
    case let flag as Bool: return .bool(flag)
    case let text as String: return .string(text)
    default: return .string(String(describing: value))
    }
  }
}
