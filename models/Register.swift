import Faultline

/// A client operation on a single integer register, or its result: the value type the
/// replication models use for client histories and for the updates replicas deliver.
public enum RegisterOperation: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
  /// Write a value; the result is `ok`.
  case write(Int)
  /// Read the register; the result is `value`.
  case read
  /// The result of a write.
  case ok
  /// The result of a read.
  case value(Int)

  /// The operation client number `index` (0, 1, 2, ...) performs: clients with an even index
  /// write (1, 2, ...), the others read.
  public static func of(client index: Int) -> RegisterOperation {
    index % 2 == 0 ? .write(index / 2 + 1) : .read
  }

  /// Feeds a tag and the payload.
  public func fingerprint(into f: inout Fingerprinter) {
    switch self {
    case .write(let v): f.combine(word: 1 | UInt64(truncatingIfNeeded: v) << 2)
    case .read: f.combine(word: 2)
    case .ok: f.combine(word: 3)
    case .value(let v): f.combine(word: UInt64(truncatingIfNeeded: v) << 2)
    }
  }

  /// `write(1)`, `read`, `ok`, `1`.
  public var description: String {
    switch self {
    case .write(let v): return "write(\(v))"
    case .read: return "read"
    case .ok: return "ok"
    case .value(let v): return "\(v)"
    }
  }
}

extension RegisterOperation: TraceOperationConvertible {
  /// A register starting at 0.
  public static var traceObject: (spec: String, initial: TraceValue) { ("register", .int(0)) }

  /// `write [v]` or `read`; nil for results.
  public var traceOperation: (name: String, arguments: [TraceValue])? {
    switch self {
    case .write(let v): return ("write", [.int(v)])
    case .read: return ("read", [])
    case .ok, .value: return nil
    }
  }

  /// A read's value; nothing for a write's `ok`.
  public var traceResult: TraceValue? {
    if case .value(let v) = self { return .int(v) }
    return nil
  }
}

/// The sequential specification of a register holding 0 at first.
public struct RegisterSpecification: SequentialSpec {
  /// Creates the specification.
  public init() {}
  /// The register starts at 0.
  public var initialState: Int { 0 }
  /// A write replaces the value and returns `ok`; a read returns the value. A pending
  /// operation's result is unknown, so any state allows it.
  public func apply(_ operation: ClientOperation<RegisterOperation>, to state: Int) -> Int? {
    let (next, result): (Int, RegisterOperation)
    switch operation.operation {
    case .write(let v): (next, result) = (v, .ok)
    default: (next, result) = (state, .value(state))
    }
    return operation.result.map { $0 == result } ?? true ? next : nil
  }
}

/// A client of a replicated register: it invokes its one operation, sends it to the replica
/// `target` names, resends when its failure detector suspects that replica, and records the
/// first reply.
struct RegisterClient: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
  /// Whether it has invoked its operation.
  var invoked = false
  /// Whether it has its reply.
  var done = false
  /// The replica it last sent its request to.
  var sentTo = -1

  func fingerprint(into f: inout Fingerprinter) {
    f.combine(word: (invoked ? 1 : 0) | (done ? 2 : 0) | UInt64(truncatingIfNeeded: sentTo + 1) << 2)
  }

  var description: String { done ? "done" : invoked ? "waiting on p\(sentTo)" : "idle" }
}

/// What the replicated-register models (primary-backup, chain replication) share: the limits on
/// their parameters, and a system of replicas followed by clients over a reliable unordered
/// network with a perfect failure detector, where only replicas crash.
enum ReplicatedRegister {
  /// `replicas` replicas (processes 0..<replicas) then `clients` clients of `process`; at most
  /// `crashes` crashes of replicas, each possibly in mid-broadcast; linearizability of the
  /// register plus `properties`.
  static func system<P: SystemProcess>(
    _ process: P, replicas: Int, clients: Int, crashes: Int, detector: FailureDetector = .perfect,
    network: NetworkSemantics = .unordered, properties: [Property<SystemState<P>>]
  ) throws(FaultlineError) -> System<P> where P.Value == RegisterOperation {
    guard (1...4).contains(replicas) else {
      throw .invalidParameter(name: "replicas", value: "\(replicas)", expected: "an integer from 1 to 4")
    }
    guard (1...4).contains(clients) else {
      throw .invalidParameter(name: "clients", value: "\(clients)", expected: "an integer from 1 to 4")
    }
    guard (0..<replicas).contains(crashes) else {
      throw .invalidParameter(name: "crashes", value: "\(crashes)", expected: "0 to \(replicas - 1)")
    }
    return try System(
      processes: Array(repeating: process, count: replicas + clients), network: network,
      faults: Faults(crashes: crashes, crashDuringSends: true, crashable: ProcessSet(0..<replicas)),
      detector: detector,
      properties: [SystemProperties.linearizable(RegisterSpecification())] + properties)
  }

  /// Refuses a broken variant where its bug cannot show: with fewer than `replicas` replicas
  /// or no crash, a "holds" would say nothing about it.
  static func requireForVariant(
    _ variant: String, replicas: (needed: Int, given: Int, why: String), crashes: (given: Int, why: String)
  ) throws(FaultlineError) {
    guard replicas.given >= replicas.needed else {
      throw .invalidParameter(
        name: "replicas", value: "\(replicas.given)",
        expected: "\(replicas.needed) or more for variant \(variant) (\(replicas.why))")
    }
    guard crashes.given >= 1 else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes.given)",
        expected: "1 or more for variant \(variant) (\(crashes.why))")
    }
  }

  /// Whether `operations` client operations were invoked and every one has its reply.
  static func allReplied<P: SystemProcess>(_ state: SystemState<P>, operations: Int) -> Bool
  where P.Value == RegisterOperation {
    let invoked = ClientHistory.operations(of: state.history)
    return invoked.count == operations && invoked.allSatisfy { $0.result != nil }
  }
}
