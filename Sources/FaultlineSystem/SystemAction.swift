import FaultlineConsistency
import FaultlineCore

/// A step of a distributed system: a process handling an event, or the environment acting.
public enum SystemAction<P: SystemProcess>: Hashable, Sendable {
  /// The event's handler runs; with `crashKeeping` set, the process crashes during the
  /// handler's sends and only the sends whose bit is set in the mask (bit i for the i-th
  /// send) leave it.
  case handle(SystemEvent<P>, crashKeeping: UInt64?)
  /// The network loses a message; `position` counts from the head of its FIFO channel.
  case drop(Envelope<P.Message>, position: Int)
  /// A process crashes between handlers.
  case crash(process: Int)
  /// The link between two processes is cut, both ways.
  case cut(Int, Int)
  /// The cut link between two processes heals.
  case heal(Int, Int)

  /// Whether two steps are the same (written out, so that it specialises where the liveness
  /// check numbers actions; the derived one runs unspecialised across modules).
  @inlinable public static func == (a: SystemAction, b: SystemAction) -> Bool {
    switch a {
    case .handle(let x, let k):
      guard case .handle(let y, let l) = b else { return false }
      return k == l && x == y
    case .drop(let x, let i):
      guard case .drop(let y, let j) = b else { return false }
      return i == j && x == y
    case .crash(let p):
      guard case .crash(let q) = b else { return false }
      return p == q
    case .cut(let p, let q):
      guard case .cut(let r, let s) = b else { return false }
      return p == r && q == s
    case .heal(let p, let q):
      guard case .heal(let r, let s) = b else { return false }
      return p == r && q == s
    }
  }

  /// Feeds a tag and the payload.
  @inlinable public func hash(into hasher: inout Hasher) {
    switch self {
    case .handle(let event, let keeping):
      hasher.combine(0)
      hasher.combine(event)
      hasher.combine(keeping)
    case .drop(let envelope, let position):
      hasher.combine(1)
      hasher.combine(envelope)
      hasher.combine(position)
    case .crash(let process):
      hasher.combine(2)
      hasher.combine(process)
    case .cut(let a, let b):
      hasher.combine(3)
      hasher.combine(a)
      hasher.combine(b)
    case .heal(let a, let b):
      hasher.combine(4)
      hasher.combine(a)
      hasher.combine(b)
    }
  }
}

extension System {
  /// Names the process acting and what it does, in the protocol's terms.
  public func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .handle(let event, let keeping):
      let process = event.process
      var text: String
      switch event {
      case .deliver(let envelope): text = "receive \(envelope.message) from \(name(envelope.from))"
      case .fire(_, let timer): text = "timer \(timer) fires"
      case .choose(_, let choice): text = "\(choice)"
      case .suspect(_, let target): text = "starts suspecting \(name(target))"
      case .trust(_, let target): text = "stops suspecting \(name(target))"
      case .recover: text = "recovers from stable storage"
      }
      if let keeping {
        // Sends are numbered from 1 in the order the handler made them.
        let kept = ProcessSet(bits: keeping).members.map { "#\($0 + 1)" }
        text +=
          ", then crashes mid-step: "
          + (kept.isEmpty ? "none of its sends left" : "only send \(kept.joined(separator: ", ")) left")
      }
      return ActionDescription(process: name(process), action: text)
    case .drop(let envelope, _):
      return ActionDescription(
        process: nil, action: "network loses \(name(envelope.from))→\(name(envelope.to)): \(envelope.message)"
      )
    case .crash(let process):
      return ActionDescription(process: name(process), action: "crashes")
    case .cut(let a, let b):
      return ActionDescription(process: nil, action: "link \(name(a))–\(name(b)) is cut")
    case .heal(let a, let b):
      return ActionDescription(process: nil, action: "link \(name(a))–\(name(b)) heals")
    }
  }

  /// The state as one variable per process and per piece of the environment.
  public func describe(_ state: State) -> [StateVariable] {
    var variables: [StateVariable] = []
    for process in 0..<state.processCount {
      let label = name(process)
      let down = state.crashed.contains(process) ? " (crashed)" : ""
      variables.append(StateVariable(label, "\(state.locals[process])\(down)"))
      if let stable = state.stable[process] {
        variables.append(StateVariable("\(label).stable", "\(stable)"))
      }
      if !state.timers[process].isEmpty {
        variables.append(StateVariable("\(label).timers", "\(state.timers[process])"))
      }
      if !state.suspected[process].isEmpty {
        variables.append(StateVariable("\(label).suspects", "\(state.suspected[process])"))
      }
      if !state.outputs[process].isEmpty {
        variables.append(StateVariable("\(label).outputs", "\(state.outputs[process])"))
      }
    }
    let messages = state.network.map { "\(name($0.from))→\(name($0.to)): \($0.message)" }
    variables.append(StateVariable("network", "[" + messages.joined(separator: ", ") + "]"))
    let cuts = (0..<state.processCount).flatMap { a in
      state.cutLinks[a].members.filter { $0 > a }.map { "\(name(a))–\(name($0))" }
    }
    if !cuts.isEmpty { variables.append(StateVariable("cut", cuts.joined(separator: ", "))) }
    if !state.history.isEmpty {
      variables.append(
        StateVariable("history", state.history.map { $0.described(naming: name) }.joined(separator: "; ")))
    }
    return variables
  }

  @usableFromInline func name(_ process: Int) -> String {
    processes.indices.contains(process) ? processes[process].name(of: process) : "p\(process)"
  }
}
