import Faultline

/// Remote procedure calls under client retransmissions, lost and duplicated messages, server
/// crashes and client crashes (see `RpcProcess`): at-least-once against at-most-once with a
/// duplicate-detection table, and the orphans a crashed client leaves.
///
/// The properties:
/// - *at most once*: no call executes twice (its identifier is in the server's log at most once);
/// - *replies are results*: a result a client takes for a call is what an execution of that call
///   returned;
/// - *no orphans*: once a client's new incarnation has made a call, no call of an earlier
///   incarnation of it is running at the server (so none executes after that point either: a
///   call executes by running to completion);
/// - liveness: every client eventually makes all its calls and takes a result for each call
///   whose incarnation lives on. Deliveries to a live process are strongly fair on a lossy
///   network (fair-lossy links: a message sent again and again is eventually delivered), timers
///   and the processes' own steps weakly fair, and crashed processes recover.
///
/// ```swift
/// let system = try Rpc.make(clients: 1, calls: 2, serverCrashes: 1, clientCrashes: 1)
/// let exploration = try Explorer(system).run()   // holds, liveness included
/// ```
public enum Rpc {
  /// The protocol as published, or one of the deliberately broken versions.
  public typealias Variant = RpcProcess.Variant

  /// The most clients accepted.
  public static let maxClients = 3
  /// The most calls per client accepted.
  public static let maxCalls = 3
  /// The most server crashes accepted.
  public static let maxServerCrashes = 3
  /// The most client crashes (in all) accepted.
  public static let maxClientCrashes = 3

  /// The networks a call can travel on, by the names the command line uses.
  public static let networks: [(name: String, semantics: NetworkSemantics)] = [
    ("latest", .latest), ("lossy", NetworkSemantics(delivery: .latest, lossy: true)),
    ("duplicating", .duplicating),
  ]

  /// A server and `clients` clients making `calls` calls each over `network`, with at most
  /// `serverCrashes` crashes of the server and `clientCrashes` crashes of clients in all, each
  /// followed by a recovery from stable storage and each possibly in mid-step.
  ///
  /// The network must not grow with retransmissions, since a client resends its call for as long
  /// as it waits: `latest` (a resend replaces the copy still in flight on its link) or
  /// `duplicating` (a set: resending what is there adds nothing), either possibly lossy.
  public static func make(
    clients: Int = 1, calls: Int = 2, serverCrashes: Int = 1, clientCrashes: Int = 1,
    network: NetworkSemantics = .latest, variant: Variant = .correct
  ) throws(FaultlineError) -> RpcSystem {
    guard (1...maxClients).contains(clients) else {
      throw .invalidParameter(
        name: "clients", value: "\(clients)", expected: "an integer from 1 to \(maxClients)")
    }
    guard (1...maxCalls).contains(calls) else {
      throw .invalidParameter(name: "calls", value: "\(calls)", expected: "an integer from 1 to \(maxCalls)")
    }
    guard (0...maxServerCrashes).contains(serverCrashes) else {
      throw .invalidParameter(
        name: "server-crashes", value: "\(serverCrashes)",
        expected: "an integer from 0 to \(maxServerCrashes)")
    }
    guard (0...maxClientCrashes).contains(clientCrashes) else {
      throw .invalidParameter(
        name: "client-crashes", value: "\(clientCrashes)",
        expected: "an integer from 0 to \(maxClientCrashes)")
    }
    guard network.delivery == .latest || network.delivery == .duplicating else {
      throw .invalidParameter(
        name: "network", value: network.delivery.rawValue,
        expected: "latest, lossy or duplicating: a client resends its call for as long as it waits, and on "
          + "a network that keeps every copy the messages in flight grow without bound")
    }
    guard network.partitionEvents == 0 else { throw .invalidModel("rpc models no partitions") }
    let process = RpcProcess(clients: clients, calls: calls, variant: variant)
    var crashable = ProcessSet()
    if serverCrashes > 0 { crashable.insert(0) }
    if clientCrashes > 0 { for client in 1...clients { crashable.insert(client) } }
    let base = try System(
      processes: Array(repeating: process, count: clients + 1), network: network,
      faults: Faults(
        crashes: serverCrashes + clientCrashes, crashDuringSends: true, recovery: true, crashable: crashable),
      properties: properties(clients: clients, calls: calls))
    return RpcSystem(base, serverCrashes: serverCrashes, clientCrashes: clientCrashes)
  }

  typealias State = SystemState<RpcProcess>

  /// The calls the server has executed, in order (its stable log).
  static func log(_ state: State) -> [RpcProcess.Call] {
    if case .server(let storage)? = state.stable[0] { return storage.log }
    return []
  }

  /// Whether every client is up, has made all its calls and waits for nothing.
  static func allDone(_ state: State, calls: Int) -> Bool {
    (1..<state.processCount).allSatisfy { client in
      let local = state.locals[client]
      return !state.crashed.contains(client) && local.phase == .idle && local.made == calls
    }
  }

  /// At most once, replies are results, no orphans, and termination.
  static func properties(clients: Int, calls: Int) -> [Property<State>] {
    [
      .always("at most once: no call executes twice") { state in
        let executed = log(state)
        return Set(executed).count == executed.count
      },
      .always("replies are results: a client takes only what its call's execution returned") { state in
        let executed = log(state)
        return (1..<state.processCount).allSatisfy { client in
          guard let reply = state.locals[client].reply else { return true }
          return executed.indices.contains(reply.result - 1) && executed[reply.result - 1] == reply.call
        }
      },
      .always("no orphans: once a client's new incarnation calls, no call of an earlier one runs") { state in
        guard !state.crashed.contains(0) else { return true }
        return state.locals[0].running.allSatisfy { call in
          call.epoch >= (state.locals[call.client + 1].lastCall?.epoch ?? -1)
        }
      },
      .sometimes("every client completes its calls") { allDone($0, calls: calls) },
      .eventually("every client eventually completes its calls") { allDone($0, calls: calls) },
    ]
  }
}
