import FaultlineConsistency
import FaultlineCore

/// The events of a step, derived from what it changed: messages sent and received, outputs
/// (decisions, multicasts, deliveries, views), client operations, crashes, recoveries and
/// suspicions. Every System model gets diagrams and `--trace-out` from this, written once.
extension System {
  public func describe(_ action: Action, from before: State, to shown: State) -> ActionDescription {
    var description = describe(action)
    // Messages and outputs are read from the step itself, before an abstraction renames what is
    // in flight (which would read as sends) or drops messages no one will react to.
    let after = abstraction == nil ? shown : concreteSuccessor(of: before, via: action) ?? shown
    if after != shown, let note = abstractionNote(for: after) { description.action += " (\(note))" }
    guard case .handle(let event, _) = action else {
      if case .crash(let process) = action {
        description.events = [.crash] + outputs(of: process, before, after)
      }
      return description
    }
    let process = event.process
    var events: [StepEvent] = []
    switch event {
    case .deliver(let envelope):
      events.append(.receive(message: String(describing: envelope.message), from: name(envelope.from)))
    case .suspect(_, let target): events.append(.suspect(name(target)))
    case .recover: events.append(.recover)
    case .fire, .choose, .trust: break
    }
    events += outputs(of: process, before, after)
    events += P.traceEvents(from: before, to: after)
    events += sends(by: process, before, after)
    if !before.crashed.contains(process) && after.crashed.contains(process) { events.append(.crash) }
    description.events = events
    return description
  }

  /// The outputs and client events `process` added in the step.
  func outputs(of process: Int, _ before: State, _ after: State) -> [StepEvent] {
    var events: [StepEvent] = []
    if after.outputs.indices.contains(process) {
      let old = before.outputs.indices.contains(process) ? before.outputs[process].count : 0
      for output in after.outputs[process].dropFirst(old) {
        switch output {
        case .decide(let value): events.append(.decide(Self.traceValue(value)))
        case .broadcast(let value): events.append(.broadcast(String(describing: value)))
        case .deliver(let value): events.append(.deliver(String(describing: value)))
        case .install(let view, let members):
          events.append(.viewChange(view: view, members: members.members.map(name)))
        }
      }
    }
    for entry in after.history.dropFirst(before.history.count) where entry.client == process {
      let shaped = entry.value as? any TraceOperationConvertible
      if entry.isInvocation {
        if before.history.isEmpty, let shaped {
          let object = type(of: shaped).traceObject
          events.append(.object(spec: object.spec, initial: object.initial))
        }
        let operation = shaped?.traceOperation ?? (String(describing: entry.value), [])
        events.append(.invoke(operation: operation.name, arguments: operation.arguments))
      } else {
        // The trace format names the operation a response answers: the client's last invocation.
        let invoked = after.history.last { $0.client == process && $0.isInvocation }?.value
        let name =
          (invoked as? any TraceOperationConvertible)?.traceOperation?.name ?? invoked.map {
            String(describing: $0)
          } ?? ""
        let result = shaped.map { $0.traceResult } ?? Self.traceValue(entry.value)
        events.append(.respond(operation: name, status: "ok", result: result))
      }
    }
    return events
  }

  /// The messages `process` put in the network in the step (multiset difference).
  func sends(by process: Int, _ before: State, _ after: State) -> [StepEvent] {
    var remaining: [Envelope<P.Message>: Int] = [:]
    for envelope in before.network { remaining[envelope, default: 0] += 1 }
    var events: [StepEvent] = []
    for envelope in after.network where envelope.from == process {
      if let count = remaining[envelope], count > 0 {
        remaining[envelope] = count - 1
      } else {
        events.append(.send(message: String(describing: envelope.message), to: name(envelope.to)))
      }
    }
    return events
  }

  /// A value as trace JSON: integers, booleans and strings as themselves, anything else by its
  /// description.
  static func traceValue(_ value: P.Value) -> JSONValue {
    switch value {
    case let number as Int: return .int(number)
    case let flag as Bool: return .bool(flag)
    case let text as String: return .string(text)
    default: return .string(String(describing: value))
    }
  }
}
