import FaultlineCore

/// The sequential specifications `verify --spec` can check a history against.
public enum SpecKind: String, CaseIterable, Sendable {
  /// read, write.
  case register
  /// read, write, cas.
  case casRegister = "cas-register"
  /// get, put, append per key; checked key by key.
  case kv
  /// add, read (the whole set).
  case set
  /// enqueue, dequeue.
  case queue
  /// acquire, release.
  case mutex
  /// Transactions of appends to and reads of lists per key (Elle's list-append).
  case listAppend = "list-append"
  /// Transactions of writes to and reads of registers per key (Elle's rw-register).
  case rwRegister = "rw-register"

  /// Whether the spec is of transactions, checked for isolation anomalies, not linearizability.
  public var isTransactional: Bool { self == .listAppend || self == .rwRegister }

  /// The operation names the spec understands, for error messages.
  package var functions: [String] {
    switch self {
    case .register: return ["read", "write"]
    case .casRegister: return ["read", "write", "cas"]
    case .kv: return ["get", "put", "append"]
    case .set: return ["add", "read"]
    case .queue: return ["enqueue", "dequeue"]
    case .mutex: return ["acquire", "release"]
    case .listAppend, .rwRegister: return ["txn"]
    }
  }

  /// The spec whose operation names a history uses, when one clearly fits.
  public static func guess(for history: History) -> SpecKind? {
    var names = Set<String>()
    for operation in history.operations { names.insert(operation.function) }
    if names.isEmpty { return nil }
    if history.operations.contains(where: { $0.key != nil }) { return .kv }
    let order: [SpecKind] = [.register, .casRegister, .kv, .set, .queue, .mutex]
    return order.first { names.isSubset(of: Set($0.functions)) }
  }
}
