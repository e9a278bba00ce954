import FaultlineConsistency
import FaultlineCore

/// The protocol event-log checks `verify` runs over JSON Lines protocol events.
public enum EventCheck: String, CaseIterable, Sendable {
  /// Agreement, uniform agreement, validity, integrity, termination of non-crashed processes.
  case consensus
  /// Order, agreement, integrity and FIFO of total-order multicast.
  case totalOrder = "total-order"
  /// Agreement, integrity, FIFO and causal order of causal broadcast (no total order); asked
  /// for with `--check causal-broadcast`, never implied, since its events are total order's.
  case causalBroadcast = "causal-broadcast"
  /// Processes moving together between views delivered the same messages.
  case viewSynchrony = "view-synchrony"
  /// Atomicity; commit only if every participant voted yes; no commit once one voted no.
  case twoPhaseCommit = "two-phase-commit"
  /// Remote procedure calls: at most once, replies are results, no orphans.
  case rpc
  /// Checkpointing and rollback recovery: no orphan messages, bounded rollback.
  case checkpoint

  /// The checks the events present call for.
  public static func implied(by events: [ProtocolEvent]) -> [EventCheck] {
    let kinds = Set(events.map(\.kind))
    var checks: [EventCheck] = []
    if !kinds.isDisjoint(with: [.propose, .decide]) { checks.append(.consensus) }
    if kinds.contains(.viewChange) {
      checks.append(.viewSynchrony)
    } else if !kinds.isDisjoint(with: [.broadcast, .deliver]) {
      checks.append(.totalOrder)
    }
    if !kinds.isDisjoint(with: [.vote, .commit, .abort]) { checks.append(.twoPhaseCommit) }
    if !kinds.isDisjoint(with: [.call, .begin, .execute, .abandon, .reply]) { checks.append(.rpc) }
    if !kinds.isDisjoint(with: [.checkpoint, .rollback, .appSend, .appReceive]) {
      checks.append(.checkpoint)
    }
    return checks
  }

  /// Runs the check over the events.
  public func run(_ events: [ProtocolEvent]) -> Verdict {
    let violations: [Violation]
    switch self {
    case .consensus: violations = EventChecks.consensus(events)
    case .totalOrder: violations = EventChecks.totalOrder(events)
    case .causalBroadcast: violations = EventChecks.causalBroadcast(events)
    case .viewSynchrony: violations = EventChecks.viewSynchrony(events)
    case .twoPhaseCommit: violations = EventChecks.twoPhaseCommit(events)
    case .rpc: violations = EventChecks.rpc(events)
    case .checkpoint: violations = EventChecks.checkpoint(events)
    }
    return violations.isEmpty ? .holds : .violated(violations)
  }
}

/// The checks' implementations; each returns at most one violation per property, the first found.
enum EventChecks {
  static func item(_ event: ProtocolEvent) -> Witness.Item {
    Witness.Item(text: event.summary, process: event.process, line: event.line)
  }

  static func violation(
    _ property: String, _ explanation: String, _ events: [ProtocolEvent], extra: [Witness.Item] = []
  )
    -> Violation
  {
    Violation(
      property: property, explanation: explanation,
      witness: Witness(
        summary: explanation,
        sections: [Witness.Section(title: "events", items: events.map(item) + extra)]))
  }

  /// Processes that crash at some point of the trace.
  static func crashed(_ events: [ProtocolEvent]) -> Set<String> {
    Set(events.filter { $0.kind == .crash }.map(\.process))
  }

  static func consensus(_ events: [ProtocolEvent]) -> [Violation] {
    var found: [Violation] = []
    let everCrashed = crashed(events)
    var proposed: [TraceValue: ProtocolEvent] = [:]
    var decisions: [String: ProtocolEvent] = [:]
    var deciders: [String] = []
    var down: Set<String> = []
    var proposers: [String] = []
    var integrity: Violation?
    var validity: Violation?
    // Validity is judged only when the trace records proposals: a log of decisions alone says
    // nothing about what was proposed.
    let recordsProposals = events.contains { $0.kind == .propose }
    for event in events {
      switch event.kind {
      case .crash: down.insert(event.process)
      case .recover: down.remove(event.process)
      case .propose:
        if proposed[event.value ?? .null] == nil { proposed[event.value ?? .null] = event }
        if !proposers.contains(event.process) { proposers.append(event.process) }
      case .decide:
        let value = event.value ?? .null
        if recordsProposals && validity == nil && proposed[value] == nil {
          validity = violation(
            "validity", "\(event.process) decided \(value), which no process proposed before", [event])
        }
        if let earlier = decisions[event.process] {
          // Integrity is "no process decides twice" (Guerraoui and Rodrigues), the same value or
          // not, as `SystemProperties.integrity()` checks it in a model.
          if integrity == nil {
            integrity = violation(
              "integrity", "\(event.process) decided twice, \(earlier.value ?? .null) then \(value)",
              [earlier, event])
          }
        } else {
          decisions[event.process] = event
          deciders.append(event.process)
        }
      default: continue
      }
    }
    let correct = deciders.filter { !everCrashed.contains($0) }
    if let first = correct.first, let a = decisions[first],
      let b = correct.lazy.compactMap({ decisions[$0] }).first(where: { $0.value != a.value })
    {
      found.append(
        violation(
          "agreement",
          "\(a.process) and \(b.process), which never crash, decided \(a.value ?? .null) and \(b.value ?? .null)",
          [a, b]))
    } else if let first = deciders.first, let a = decisions[first],
      let b = deciders.lazy.compactMap({ decisions[$0] }).first(where: { $0.value != a.value })
    {
      // Implied when agreement fails, so only reported on its own.
      found.append(
        violation(
          "uniform agreement",
          "\(a.process) and \(b.process) decided \(a.value ?? .null) and \(b.value ?? .null) (one of them crashes)",
          [a, b]))
    }
    if let validity { found.append(validity) }
    if let integrity { found.append(integrity) }
    let undecided = proposers.filter { decisions[$0] == nil && !down.contains($0) }
    if let process = undecided.first,
      let propose = events.first(where: { $0.kind == .propose && $0.process == process })
    {
      found.append(
        violation(
          "termination",
          "\(undecided.joined(separator: ", ")) proposed, did not crash, and never decided",
          [propose]))
    }
    return found
  }

  static func twoPhaseCommit(_ events: [ProtocolEvent]) -> [Violation] {
    var found: [String: Violation] = [:]
    var order: [String] = []
    func add(_ v: Violation) {
      if found[v.property] == nil {
        found[v.property] = v
        order.append(v.property)
      }
    }
    var votes: [TraceValue: [String: ProtocolEvent]] = [:]
    var commits: [TraceValue: ProtocolEvent] = [:]
    var aborts: [TraceValue: ProtocolEvent] = [:]
    for event in events {
      guard let tx = event.transaction else { continue }
      switch event.kind {
      case .vote:
        votes[tx, default: [:]][event.process] = votes[tx]?[event.process] ?? event
        if event.vote == false, let commit = commits[tx] {
          add(
            violation(
              "abort on no vote", "\(tx.text) committed although \(event.process) voted no", [event, commit]))
        }
      case .commit:
        if let abort = aborts[tx] {
          add(violation("atomicity", "\(tx.text) both aborted and committed", [abort, event]))
        }
        if let no = votes[tx]?.values.sorted(by: { $0.line < $1.line }).first(where: { $0.vote == false }) {
          add(
            violation(
              "abort on no vote", "\(tx.text) committed although \(no.process) voted no", [no, event]))
        }
        for participant in event.participants ?? [] where votes[tx]?[participant]?.vote != true {
          if votes[tx]?[participant]?.vote == false { continue }
          add(
            violation(
              "commit validity", "\(tx.text) committed before \(participant) voted yes", [event],
              extra: [
                Witness.Item(
                  text: "\(participant) never voted yes before line \(event.line)", process: participant)
              ]))
        }
        if commits[tx] == nil { commits[tx] = event }
      case .abort:
        if let commit = commits[tx] {
          add(violation("atomicity", "\(tx.text) both committed and aborted", [commit, event]))
        }
        if aborts[tx] == nil { aborts[tx] = event }
      default: continue
      }
    }
    return order.compactMap { found[$0] }
  }
}
