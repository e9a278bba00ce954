import FaultlineConsistency
import FaultlineCore

extension EventChecks {
  /// Remote procedure calls (Birrell and Nelson, "Implementing Remote Procedure Calls", 1984;
  /// Nelson's orphans, 1981), read off `call`, `begin`, `execute`, `abandon` and `reply` events:
  /// - *at most once*: no call executes twice;
  /// - *replies are results*: a result a client takes for a call is one an execution of that call
  ///   returned (any, when the executions record none);
  /// - *no orphans*: once a client has restarted (`recover`) and made a call, no call it made in
  ///   an earlier incarnation begins, executes or is still running at a server (begun there, not
  ///   executed or abandoned, and the server not crashed since).
  ///
  /// A call's incarnation is its maker's number of `recover` events before its `call` event; a
  /// call with no `call` event is never an orphan.
  static func rpc(_ events: [ProtocolEvent]) -> [Violation] {
    var atMostOnce: Violation?
    var replies: Violation?
    var orphans: Violation?
    var executions: [TraceValue: [ProtocolEvent]] = [:]
    var made: [TraceValue: (event: ProtocolEvent, incarnation: Int)] = [:]
    var restarts: [String: Int] = [:]
    var latest: [String: (event: ProtocolEvent, incarnation: Int)] = [:]
    // Per server, the `begin` events of the calls it is running.
    var running: [String: [ProtocolEvent]] = [:]
    var servers: [String] = []

    /// The `call` event of `call` and its maker's later call in a newer incarnation, if any.
    func orphan(_ call: TraceValue) -> (made: ProtocolEvent, newer: ProtocolEvent)? {
      guard let origin = made[call], let newest = latest[origin.event.process],
        newest.incarnation > origin.incarnation
      else { return nil }
      return (origin.event, newest.event)
    }
    func stop(_ event: ProtocolEvent) {
      guard let call = event.call, let index = running[event.process]?.firstIndex(where: { $0.call == call })
      else { return }
      running[event.process]?.remove(at: index)
    }

    for event in events {
      switch event.kind {
      case .recover:
        restarts[event.process, default: 0] += 1
      case .crash:
        running[event.process] = []
      case .call:
        guard let call = event.call else { continue }
        let incarnation = restarts[event.process] ?? 0
        if made[call] == nil { made[call] = (event, incarnation) }
        latest[event.process] = (event, incarnation)
        guard orphans == nil else { continue }
        for server in servers {
          for begun in running[server] ?? [] {
            guard let old = begun.call, let origin = orphan(old) else { continue }
            orphans = violation(
              "no orphans",
              "\(event.process) calls \(call.text) after restarting, while \(server) still runs "
                + "\(old.text), which it called before", [origin.made, begun, event])
            break
          }
          if orphans != nil { break }
        }
      case .begin:
        if !servers.contains(event.process) { servers.append(event.process) }
        running[event.process, default: []].append(event)
        if orphans == nil, let call = event.call, let (origin, newer) = orphan(call) {
          orphans = violation(
            "no orphans",
            "\(event.process) begins \(call.text), which \(origin.process) called before restarting and "
              + "calling \(newer.call?.text ?? "again")", [origin, newer, event])
        }
      case .execute:
        guard let call = event.call else { continue }
        stop(event)
        if atMostOnce == nil, let earlier = executions[call]?.first {
          atMostOnce = violation("at most once", "\(call.text) executed twice", [earlier, event])
        }
        executions[call, default: []].append(event)
        if orphans == nil, let (origin, newer) = orphan(call) {
          orphans = violation(
            "no orphans",
            "\(event.process) executes \(call.text), which \(origin.process) called before restarting and "
              + "calling \(newer.call?.text ?? "again")", [origin, newer, event])
        }
      case .abandon:
        stop(event)
      case .reply:
        guard replies == nil, let call = event.call else { continue }
        let returned = executions[call] ?? []
        if returned.isEmpty {
          replies = violation(
            "replies are results", "\(event.process) took a result for \(call.text), which never executed",
            [event])
        } else if let result = event.value,
          !returned.contains(where: { $0.value == nil || $0.value == result })
        {
          replies = violation(
            "replies are results",
            "\(event.process) took \(result) for \(call.text), which no execution of it returned",
            returned + [event])
        }
      default:
        continue
      }
    }
    return [atMostOnce, replies, orphans].compactMap { $0 }
  }
}
