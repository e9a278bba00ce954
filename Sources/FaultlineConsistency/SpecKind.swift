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

  /// The operation names the spec understands, for error messages.
  package var functions: [String] {
    switch self {
    case .register: return ["read", "write"]
    case .casRegister: return ["read", "write", "cas"]
    case .kv: return ["get", "put", "append"]
    case .set: return ["add", "read"]
    case .queue: return ["enqueue", "dequeue"]
    case .mutex: return ["acquire", "release"]
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
