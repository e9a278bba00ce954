import FaultlineConsistency
import FaultlineCore

extension EventChecks {
  /// Total-order multicast: order, agreement, integrity, FIFO.
  static func totalOrder(_ events: [ProtocolEvent]) -> [Violation] { broadcast(events, total: true) }

  /// Causal broadcast: agreement, integrity, FIFO and causal order, with no total order.
  static func causalBroadcast(_ events: [ProtocolEvent]) -> [Violation] { broadcast(events, total: false) }

  /// The broadcast checks over `events`: the total order when `total`, the causal order
  /// otherwise (Birman and Joseph; Hadzilacos and Toueg's causal broadcast: if the broadcast of
  /// m happens before the broadcast of m', no process delivers m' before m).
  ///
  /// Happens-before is read off the log: what a process broadcast or delivered precedes
  /// whatever it broadcasts later. Each message keeps its causal past (its sender's past when it
  /// was broadcast, transitively), so the check takes memory quadratic in the messages.
  static func broadcast(_ events: [ProtocolEvent], total: Bool) -> [Violation] {
    var found: [Violation] = []
    // The causal order: each process's past, each message's past at its broadcast.
    var past: [String: Set<TraceValue>] = [:]
    var causes: [TraceValue: Set<TraceValue>] = [:]
    var causal: Violation?
    let everCrashed = crashed(events)
    var broadcasts: [TraceValue: ProtocolEvent] = [:]
    var bySender: [String: [TraceValue]] = [:]
    var processes: [String] = []
    var deliveries: [String: [ProtocolEvent]] = [:]
    var delivered: [String: [TraceValue: ProtocolEvent]] = [:]
    var integrity: Violation?
    var fifo: Violation?
    // The index of the next message of each sender that each process must deliver.
    var nextFrom: [String: [String: Int]] = [:]
    var senderIndex: [TraceValue: Int] = [:]
    // Every process the trace mentions is a member, even one that never delivers anything.
    for event in events where !processes.contains(event.process) { processes.append(event.process) }
    for event in events {
      if event.kind != .broadcast && event.kind != .deliver { continue }
      guard let message = event.message else { continue }
      if event.kind == .broadcast {
        if broadcasts[message] == nil {
          broadcasts[message] = event
          senderIndex[message] = bySender[event.process, default: []].count
          bySender[event.process, default: []].append(message)
          if !total {
            causes[message] = past[event.process, default: []]
            past[event.process, default: []].insert(message)
          }
        }
        continue
      }
      guard let broadcast = broadcasts[message] else {
        if integrity == nil {
          integrity = violation(
            "integrity", "\(event.process) delivered \(message.text), never broadcast before", [event])
        }
        continue
      }
      if let earlier = delivered[event.process]?[message] {
        if integrity == nil {
          integrity = violation(
            "integrity", "\(event.process) delivered \(message.text) twice", [earlier, event])
        }
        continue
      }
      if !total, causal == nil {
        let had = past[event.process, default: []]
        if let missing = causes[message]?.first(where: {
          !had.contains($0) && delivered[event.process]?[$0] == nil
        }),
          let missingCast = broadcasts[missing]
        {
          causal = violation(
            "causal order",
            "\(event.process) delivered \(message.text) before \(missing.text), which \(broadcast.process) had "
              + "broadcast or delivered before broadcasting \(message.text)", [missingCast, broadcast, event])
        }
      }
      if !total {
        past[event.process, default: []].insert(message)
        past[event.process, default: []].formUnion(causes[message] ?? [])
      }
      delivered[event.process, default: [:]][message] = event
      deliveries[event.process, default: []].append(event)
      let sender = broadcast.process
      let index = senderIndex[message] ?? 0
      let expected = nextFrom[event.process]?[sender] ?? 0
      if fifo == nil && index > expected, let skipped = bySender[sender]?[expected],
        let skippedCast = broadcasts[skipped]
      {
        fifo = violation(
          "FIFO",
          "\(event.process) delivered \(message.text) before \(skipped.text), which \(sender) broadcast first",
          [skippedCast, broadcast, event])
      }
      nextFrom[event.process, default: [:]][sender] = max(expected, index + 1)
    }
    let correct = processes.filter { !everCrashed.contains($0) }
    if total, let order = orderViolation(processes, deliveries) { found.append(order) }
    agreement: for p in correct {
      for event in deliveries[p] ?? [] {
        guard let message = event.message else { continue }
        if let q = correct.first(where: { delivered[$0]?[message] == nil }) {
          found.append(
            violation(
              "agreement", "\(p) delivered \(message.text) but \(q), which never crashes, did not", [event],
              extra: [Witness.Item(text: "\(q) never delivers \(message.text)", process: q)]))
          break agreement
        }
      }
    }
    if let integrity { found.append(integrity) }
    if let fifo { found.append(fifo) }
    if let causal { found.append(causal) }
    return found
  }

  /// The first pair of messages two processes deliver in opposite orders.
  private static func orderViolation(_ processes: [String], _ deliveries: [String: [ProtocolEvent]])
    -> Violation?
  {
    var positions: [String: [TraceValue: Int]] = [:]
    for p in processes {
      var map: [TraceValue: Int] = [:]
      for (i, event) in (deliveries[p] ?? []).enumerated() { if let m = event.message { map[m] = i } }
      positions[p] = map
    }
    for (a, p) in processes.enumerated() {
      for q in processes[(a + 1)...] {
        guard let qPositions = positions[q] else { continue }
        var latest: (position: Int, event: ProtocolEvent)?
        for event in deliveries[p] ?? [] {
          guard let m = event.message, let position = qPositions[m] else { continue }
          if let previous = latest, position < previous.position {
            let qEvents = deliveries[q] ?? []
            return violation(
              "order",
              "\(p) delivered \(previous.event.message?.text ?? "") before \(m.text), \(q) the other way round",
              [previous.event, event, qEvents[position], qEvents[previous.position]])
          }
          if latest == nil || position > (latest?.position ?? 0) { latest = (position, event) }
        }
      }
    }
    return nil
  }

  static func viewSynchrony(_ events: [ProtocolEvent]) -> [Violation] {
    // Per process: the views it installed, each with the deliveries made in it.
    struct Epoch {
      /// The view change that began the epoch (for the initial view, the process's first one).
      var install: ProtocolEvent
      /// The view, nil for the initial one.
      var view: Int?
      var deliveries: [ProtocolEvent] = []
      var next: Int?
    }
    var epochs: [String: [Epoch]] = [:]
    var processes: [String] = []
    // Before its first recorded view change a process is in the initial view: a log from the
    // start of a run need not record the view every process starts in.
    func initialEpoch(_ event: ProtocolEvent) -> Epoch {
      Epoch(install: event, view: nil)
    }
    for event in events {
      switch event.kind {
      case .viewChange:
        if epochs[event.process] == nil {
          processes.append(event.process)
          epochs[event.process] = [initialEpoch(event)]
        }
        if let last = epochs[event.process]?.indices.last { epochs[event.process]?[last].next = event.view }
        epochs[event.process, default: []].append(Epoch(install: event, view: event.view))
      case .deliver:
        if epochs[event.process] == nil {
          processes.append(event.process)
          epochs[event.process] = [initialEpoch(event)]
        }
        if let last = epochs[event.process]?.indices.last {
          epochs[event.process]?[last].deliveries.append(event)
        }
      default: continue
      }
    }
    for (a, p) in processes.enumerated() {
      for q in processes[(a + 1)...] {
        for e in epochs[p] ?? [] {
          guard let next = e.next,
            let f = epochs[q]?.first(where: { $0.view == e.view && $0.next == next })
          else { continue }
          let mine = Set(e.deliveries.compactMap(\.message))
          let theirs = Set(f.deliveries.compactMap(\.message))
          if mine == theirs { continue }
          let differing =
            e.deliveries.filter { !theirs.contains($0.message ?? .null) }
            + f.deliveries.filter { !mine.contains($0.message ?? .null) }
          // An initial epoch's install is synthetic: cite the view changes that end it instead.
          let installs =
            e.view == nil
            ? [epochs[p], epochs[q]].compactMap { $0?.first { $0.view == next }?.install }
            : [e.install, f.install]
          let from = e.view.map { "view \($0)" } ?? "the initial view"
          return [
            violation(
              "view synchrony",
              "\(p) and \(q) both moved from \(from) to view \(next) but delivered different messages in it",
              installs + differing)
          ]
        }
      }
    }
    return []
  }
}
