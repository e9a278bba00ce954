import Faultline

/// The identifiers, messages and states of `RpcProcess`.
extension RpcProcess {
  /// A call's identifier: the client, the client's incarnation that made it, and its number
  /// among the client's calls (from 0, across incarnations).
  public struct Call: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The client's index (0 for c0).
    public var client: Int
    /// The incarnation (epoch) of the client that made the call, from 0.
    public var epoch: Int
    /// The call's number among the client's calls, from 0.
    public var number: Int

    /// Creates a call identifier.
    public init(client: Int, epoch: Int, number: Int) {
      self.client = client
      self.epoch = epoch
      self.number = number
    }

    /// Orders by client, then number, then epoch.
    public static func < (a: Call, b: Call) -> Bool {
      (a.client, a.number, a.epoch) < (b.client, b.number, b.epoch)
    }

    /// `c0#1@0`: client c0's call number 1, made in its incarnation 0.
    public var description: String { "c\(client)#\(number)@\(epoch)" }
  }

  /// A completed call and the result it returned.
  public struct Entry: Hashable, Sendable, CustomStringConvertible {
    /// The call.
    public var call: Call
    /// What it returned: the log's length after its append.
    public var result: Int

    /// `c0#1@0 → 2`.
    public var description: String { "\(call) → \(result)" }
  }

  /// The messages between the clients and the server; the sender is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A client calls the procedure (or retransmits the call).
    case call(Call)
    /// The server returns a call's result.
    case result(Call, Int)
    /// A restarted client announces its new epoch.
    case newEpoch(Int)
    /// The server has killed the client's calls of earlier epochs and refuses them from now on.
    case epochAck(Int)

    /// `Call(c0#0@0)`, `Result(c0#0@0, 1)`, `NewEpoch(1)`, `EpochAck(1)`.
    public var description: String {
      switch self {
      case .call(let call): return "Call(\(call))"
      case .result(let call, let result): return "Result(\(call), \(result))"
      case .newEpoch(let epoch): return "NewEpoch(\(epoch))"
      case .epochAck(let epoch): return "EpochAck(\(epoch))"
      }
    }
  }

  /// A waiting client's retransmission timer.
  public enum Timer: Int, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The timeout after which a client resends its call or its epoch.
    case retry

    /// Orders by raw value.
    public static func < (a: Timer, b: Timer) -> Bool { a.rawValue < b.rawValue }

    /// `retry`.
    public var description: String { "retry" }
  }

  /// A spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// An idle client with calls left makes its next call.
    case call
    /// The server completes a running call: it appends to the log and returns the result.
    case complete(Call)

    /// `calls`, `completes c0#0@0`.
    public var description: String {
      switch self {
      case .call: return "calls"
      case .complete(let call): return "completes \(call)"
      }
    }
  }

  /// Where a client stands.
  public enum Phase: Hashable, Sendable {
    /// No call outstanding.
    case idle
    /// Waiting for the result of this call.
    case waiting(Call)
    /// Restarted, waiting for the server to acknowledge its new epoch.
    case restarting
  }

  /// What the server keeps on stable storage, and what a client does.
  public enum Stable: Hashable, Sendable, CustomStringConvertible {
    /// The server's log, its restarts, and (when the variant keeps them there) its table.
    case server(ServerStorage)
    /// A client's incarnation number and how many calls it has made.
    case client(epoch: Int, made: Int)

    /// `log [c0#0@0], boots 1, table [c0#0@0 → 1], epochs [0]`, `epoch 1, made 2`.
    public var description: String {
      switch self {
      case .server(let storage): return storage.description
      case .client(let epoch, let made): return "epoch \(epoch), made \(made)"
      }
    }
  }

  /// The server's stable storage.
  public struct ServerStorage: Hashable, Sendable, CustomStringConvertible {
    /// The procedure's data: every call it executed, in order.
    public var log: [Call] = []
    /// How many times the server has restarted.
    public var boots = 0
    /// Per client, the last completed call and its result (empty when the table is volatile).
    public var table: [Entry?] = []
    /// Per client, the newest epoch it announced (empty when the table is volatile).
    public var epochs: [Int] = []

    /// `log [c0#0@0], boots 1, table [c0#0@0 → 1], epochs [0]`.
    public var description: String {
      var text = "log [" + log.map(\.description).joined(separator: ", ") + "], boots \(boots)"
      if !table.isEmpty {
        text += ", table [" + table.map { $0?.description ?? "-" }.joined(separator: ", ") + "]"
      }
      if !epochs.isEmpty { text += ", epochs \(epochs)" }
      return text
    }
  }

  /// A process's memory: the server's part or a client's.
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// The server's running computations, sorted (a call may run twice at once, at least once).
    public var running: [Call] = []
    /// The server's table: per client, the last completed call and its result.
    public var table: [Entry?] = []
    /// The server's table: per client, the newest epoch announced.
    public var epochs: [Int] = []
    /// A client's incarnation number.
    public var epoch = 0
    /// How many calls a client has made, in all its incarnations.
    public var made = 0
    /// Where a client stands.
    public var phase = Phase.idle
    /// The last call this incarnation of the client made.
    public var lastCall: Call? = nil
    /// The result this incarnation of the client last took, with the call it took it for.
    public var reply: Entry? = nil
    /// Whether this is the server (for the description).
    var isServer = false

    /// `running [c0#0@0], table [-], epochs [0]`; `epoch 1, made 1, waiting for c0#1@1`.
    public var description: String {
      if isServer {
        var text = "running [" + running.map(\.description).joined(separator: ", ") + "]"
        if !table.isEmpty {
          text += ", table [" + table.map { $0?.description ?? "-" }.joined(separator: ", ") + "]"
        }
        if !epochs.isEmpty { text += ", epochs \(epochs)" }
        return text
      }
      var text = "epoch \(epoch), made \(made)"
      switch phase {
      case .idle: text += ", idle"
      case .waiting(let call): text += ", waiting for \(call)"
      case .restarting: text += ", waiting for EpochAck(\(epoch))"
      }
      if let reply { text += ", took \(reply)" }
      return text
    }
  }
}
