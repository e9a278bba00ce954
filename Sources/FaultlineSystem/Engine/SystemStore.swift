import FaultlineConsistency
import FaultlineCore
import Synchronization

/// The numbered slots and environments of every system whose processes run `P`'s code.
///
/// One store serves every system of the same process type for the life of the program, so a
/// `SystemState` (a vector of numbers) stays readable wherever it goes, without reference
/// counting on the hot path. Numbering is canonical: equal values, equal numbers.
@usableFromInline
final class SystemStore<P: SystemProcess>: @unchecked Sendable {
  @usableFromInline let slots = Interner<ProcessSlot<P>>()
  @usableFromInline let environments = Interner<SystemEnvironment<P>>()

  @usableFromInline init() {}

  /// The store for `P`, made on first use and kept for the life of the program.
  @usableFromInline static var shared: SystemStore<P> {
    let type = ObjectIdentifier(P.self)
    return storeRegistry.withLock { stores in
      if let store = stores[type] as? SystemStore<P> { return store }
      let store = SystemStore<P>()
      stores[type] = store
      return store
    }
  }

  /// The number of `slot`.
  @inlinable func number(of slot: ProcessSlot<P>) -> UInt32 {
    guard let number = slots.number(of: slot) else { Self.full() }
    return number
  }

  /// The number of `environment`.
  @inlinable func number(of environment: SystemEnvironment<P>) -> UInt32 {
    guard let number = environments.number(of: environment) else { Self.full() }
    return number
  }

  @usableFromInline static func full() -> Never {
    fatalError("more than 268 million distinct process states: the model is beyond exhaustive checking")
  }
}

/// Every `SystemStore`, by process type.
let storeRegistry = Mutex<[ObjectIdentifier: AnyObject]>([:])
