import Faultline

/// The log entries, messages and states of `StateMachineReplicationProcess`.
extension StateMachineReplicationProcess {
  /// A client request in a replica's log: who asked, its request-number, and the operation.
  public struct Entry: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The client's process number.
    public var client: Int
    /// The client's request-number for it (its operations are numbered from 0).
    public var number: Int
    /// The operation on the register.
    public var operation: RegisterOperation

    /// Creates a log entry.
    public init(client: Int, number: Int, operation: RegisterOperation) {
      self.client = client
      self.number = number
      self.operation = operation
    }

    /// Orders by client, then request-number, then operation.
    public static func < (a: Entry, b: Entry) -> Bool {
      (a.client, a.number) < (b.client, b.number)
        || (a.client, a.number) == (b.client, b.number)
          && a.operation < b.operation
    }

    /// `3#0:write(1)`: client process 3's request 0, a write of 1.
    public var description: String { "\(client)#\(number):\(operation)" }
  }

  /// A replica's status (§4: normal, view-change; recovering is not modelled).
  public enum Status: Int, Hashable, Sendable {
    /// Processing client requests in its view.
    case normal
    /// Taking part in a view change to its view.
    case viewChange
  }

  /// The messages of §4.1 and §4.2 (Commit left out: see `commitPrepared`); the sender is on the
  /// envelope.
  public enum Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// ⟨REQUEST op, c, s⟩ from a client: the entry carries the client, request-number and op.
    case request(Entry)
    /// ⟨PREPARE v, m, n, k⟩: the primary of view v puts entry m at op-number n; k is its
    /// commit-number.
    case prepare(view: Int, entry: Entry, opNumber: Int, commit: Int)
    /// ⟨PREPAREOK v, n, i⟩: the sender has every entry up to op-number n of view v.
    case prepareOK(view: Int, opNumber: Int)
    /// ⟨REPLY v, s, x⟩: the result x of the client's request s.
    case reply(view: Int, number: Int, result: RegisterOperation)
    /// ⟨STARTVIEWCHANGE v, i⟩.
    case startViewChange(view: Int)
    /// ⟨DOVIEWCHANGE v, l, v′, n, k, i⟩: the sender's log l, the view v′ of its last normal
    /// status, its commit-number k (its op-number n is the log's length).
    case doViewChange(view: Int, log: [Entry], lastNormal: Int, commit: Int)
    /// ⟨STARTVIEW v, l, n, k⟩: the new primary's log l and commit-number k.
    case startView(view: Int, log: [Entry], commit: Int)

    /// The kind's rank and the integer fields, for the order.
    var key: (Int, Int, Int, Int) {
      switch self {
      case .request(let e): return (0, e.client, e.number, 0)
      case .prepare(let v, _, let n, let k): return (1, v, n, k)
      case .prepareOK(let v, let n): return (2, v, n, 0)
      case .reply(let v, let s, _): return (4, v, s, 0)
      case .startViewChange(let v): return (5, v, 0, 0)
      case .doViewChange(let v, let l, let last, let k): return (6, v, last * 16 + l.count, k)
      case .startView(let v, let l, let k): return (7, v, l.count, k)
      }
    }

    /// The payload the integer key leaves out.
    var rest: (entries: [Entry], result: RegisterOperation) {
      switch self {
      case .request(let e), .prepare(_, let e, _, _): return ([e], .ok)
      case .reply(_, _, let x): return ([], x)
      case .doViewChange(_, let l, _, _), .startView(_, let l, _): return (l, .ok)
      case .prepareOK, .startViewChange: return ([], .ok)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool {
      if a.key != b.key { return a.key < b.key }
      let (x, y) = (a.rest, b.rest)
      if x.entries != y.entries { return x.entries.lexicographicallyPrecedes(y.entries) }
      return x.result < y.result
    }

    /// `Prepare(v0, #1 3#0:write(1), k0)`, `DoViewChange(v1, [..], v′0, k0)`, ...
    public var description: String {
      func list(_ log: [Entry]) -> String { "[" + log.map(\.description).joined(separator: ", ") + "]" }
      switch self {
      case .request(let e): return "Request(\(e))"
      case .prepare(let v, let e, let n, let k): return "Prepare(v\(v), #\(n) \(e), k\(k))"
      case .prepareOK(let v, let n): return "PrepareOK(v\(v), #\(n))"
      case .reply(let v, let s, let x): return "Reply(v\(v), #\(s), \(x))"
      case .startViewChange(let v): return "StartViewChange(v\(v))"
      case .doViewChange(let v, let l, let last, let k):
        return "DoViewChange(v\(v), \(list(l)), v′\(last), k\(k))"
      case .startView(let v, let l, let k): return "StartView(v\(v), \(list(l)), k\(k))"
      }
    }
  }

  /// A DoViewChange the new primary has collected (its own included).
  public struct ViewChangeRecord: Hashable, Sendable {
    /// The replica that sent it.
    public var sender: Int
    /// The sender's log.
    public var log: [Entry]
    /// The view in which the sender's status was last normal.
    public var lastNormal: Int
    /// The sender's commit-number.
    public var commit: Int
  }

  /// A spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// A client invokes its next operation and sends the request to the primary it knows.
    case invoke
    /// A waiting client times out and resends its request to every replica (once per request).
    case resend
    /// A replica's timer on the primary expires: it starts a view change to the next view.
    case timeout

    /// `invoke`, `resends`, `times out`.
    public var description: String {
      switch self {
      case .invoke: return "invoke"
      case .resend: return "resends its request to every replica"
      case .timeout: return "times out on the primary: starts a view change"
      }
    }
  }

  /// A replica's state (§4: view-number, status, op-number, log, commit-number, and the view
  /// change's bookkeeping) or a client's (its view-number and request-number).
  public struct LocalState: Hashable, Sendable, CustomStringConvertible {
    /// The view-number this replica (or client) knows.
    public var view = 0
    /// A replica's status.
    public var status = Status.normal
    /// The view in which the replica's status was last normal.
    public var lastNormal = 0
    /// The log; the op-number is its length, op-number n being `log[n - 1]`.
    public var log: [Entry] = []
    /// The commit-number: the op-number of the last committed entry.
    public var commit = 0
    /// At the primary, for each entry of the log, the backups that sent PrepareOK for it.
    public var prepared: [ProcessSet] = []
    /// The replicas whose StartViewChange for `view` this replica has.
    public var startViewChanges = ProcessSet()
    /// Whether the replica has sent its DoViewChange for `view`.
    public var sentDoViewChange = false
    /// At the new primary, the DoViewChange messages for `view`, by sender.
    public var doViewChanges: [ViewChangeRecord] = []
    /// A client's count of completed operations (its next request-number).
    public var completed = 0
    /// Whether a client waits for a reply.
    public var waiting = false
    /// Whether the waiting client has resent its request.
    public var resent = false
    /// Whether this is a client (for the description).
    var isClient = false
    /// Ghost state, never read by the protocol: the longest committed prefix this replica has
    /// held, and whether its committed prefix ever stopped being a prefix of that one (a
    /// committed entry replaced). Log agreement reads these, so a committed entry that a later
    /// log overwrites is caught even when no two current logs disagree.
    public var committedEver: [Entry] = []
    public var revokedCommit = false

    /// Brings the ghost up to date with the current committed prefix.
    mutating func noteCommitted() {
      let current = log[..<min(commit, log.count)]
      if current.count >= committedEver.count {
        if current.starts(with: committedEver) {
          committedEver = Array(current)
        } else {
          revokedCommit = true
        }
      } else if !committedEver.starts(with: current) {
        revokedCommit = true
      }
    }

    /// `v1 normal, log [3#0:write(1)], k1`; `v0, request #0 pending`.
    public var description: String {
      if isClient {
        return "v\(view), \(completed) done" + (waiting ? ", request #\(completed) pending" : "")
          + (resent ? " (resent)" : "")
      }
      var text = "v\(view) \(status == .normal ? "normal" : "view-change"), log ["
      text += log.map(\.description).joined(separator: ", ") + "], k\(commit)"
      if status == .viewChange {
        text += ", v′\(lastNormal), svc \(startViewChanges)"
        if !doViewChanges.isEmpty { text += ", dvc from \(ProcessSet(doViewChanges.map(\.sender)))" }
      }
      return text
    }
  }
}
