import FaultlineConsistency
import FaultlineCore

extension EventChecks {
  /// Checkpointing and rollback recovery (Elnozahy, Alvisi, Wang and Johnson, "A Survey of
  /// Rollback-Recovery Protocols in Message-Passing Systems", 2002; Koo and Toueg, 1987), read off
  /// `checkpoint`, `rollback`, `app-send` and `app-receive` events:
  /// - *no orphans*: when the trace ends, every application message a live process has received
  ///   in its current state was sent in its live sender's current state (a rollback undoes the
  ///   sends and receipts made after the checkpoint it restores);
  /// - *bounded rollback*: no process restores a checkpoint older than its latest permanent one
  ///   (a checkpoint never recorded is the initial state, older than every recorded one).
  ///
  /// A checkpoint saves the sends and receipts its process has made in its current state; a
  /// tentative one is permanent once a later `checkpoint` event with its name says so.
  static func checkpoint(_ events: [ProtocolEvent]) -> [Violation] {
    struct Cut {
      var sent: Set<TraceValue> = []
      var received: [TraceValue: ProtocolEvent] = [:]
    }
    var current: [String: Cut] = [:]
    var saved: [String: [TraceValue: Cut]] = [:]
    // Per process, its permanent checkpoints in the order made, with the event that made each.
    var permanent: [String: [(name: TraceValue, event: ProtocolEvent)]] = [:]
    var tentative: [String: Set<TraceValue>] = [:]
    var rollbacks: [String: ProtocolEvent] = [:]
    var down: Set<String> = []
    var bounded: Violation?

    for event in events {
      let process = event.process
      switch event.kind {
      case .crash: down.insert(process)
      case .recover: down.remove(process)
      case .appSend:
        if let message = event.message { current[process, default: Cut()].sent.insert(message) }
      case .appReceive:
        if let message = event.message { current[process, default: Cut()].received[message] = event }
      case .checkpoint:
        guard let name = event.checkpoint else { continue }
        if event.tentative == true {
          saved[process, default: [:]][name] = current[process] ?? Cut()
          tentative[process, default: []].insert(name)
          continue
        }
        if tentative[process]?.remove(name) == nil {
          saved[process, default: [:]][name] = current[process] ?? Cut()
        }
        permanent[process, default: []].removeAll { $0.name == name }
        permanent[process, default: []].append((name, event))
      case .rollback:
        guard let name = event.checkpoint else { continue }
        let made = permanent[process] ?? []
        let index = made.lastIndex { $0.name == name }
        let isTentative = tentative[process]?.contains(name) == true
        if !isTentative, let latest = made.last, index.map({ $0 < made.count - 1 }) ?? true {
          if bounded == nil {
            bounded = violation(
              "bounded rollback",
              "\(process) rolls back to \(index == nil ? "its initial state" : name.text), past its latest "
                + "permanent checkpoint \(latest.name.text)", [latest.event, event])
          }
        }
        if !isTentative { permanent[process] = index.map { Array(made[...$0]) } ?? [] }
        current[process] = saved[process]?[name] ?? Cut()
        rollbacks[process] = event
      default:
        continue
      }
    }

    var orphans: Violation?
    search: for (process, cut) in current.sorted(by: { $0.key < $1.key }) where !down.contains(process) {
      for (message, receipt) in cut.received.sorted(by: { $0.value.line < $1.value.line }) {
        guard let sender = receipt.peer, !down.contains(sender) else { continue }
        if current[sender]?.sent.contains(message) == true { continue }
        let undone = rollbacks[sender]
        orphans = violation(
          "no orphans",
          "\(process) has received \(message.text) from \(sender), whose state "
            + (undone == nil ? "never sent it" : "no longer sends it after rolling back"),
          [receipt] + (undone.map { [$0] } ?? []))
        break search
      }
    }
    return [orphans, bounded].compactMap { $0 }
  }
}
