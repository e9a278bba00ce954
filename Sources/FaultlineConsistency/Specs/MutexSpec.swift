import FaultlineCore

/// A mutex: a process acquires it when free and releases it when it holds it. The state is the
/// holder's interned process (0 when free).
public struct MutexSpec: SequentialSpec {
  /// Free at first.
  public var initialState: Int { 0 }
  /// The processes' names by interned id.
  public var names: [String]

  /// Creates a mutex spec.
  public init(names: [String]) { self.names = names }

  /// Applies an acquire or a release.
  public func apply(_ operation: CollectionOperation, to state: Int) -> Int? {
    switch operation.kind {
    case .acquire:
      if state == 0 { return operation.value }
      return operation.unknown ? state : nil
    case .release:
      if state == operation.value { return 0 }
      return operation.unknown ? state : nil
    default: return nil
    }
  }

  /// The holder, or `free`.
  public func describe(_ state: Int) -> String {
    state == 0 ? "free" : "held by " + (state < names.count ? names[state] : String(state))
  }
}
