import FaultlineCore

/// An object's sequential specification: what each operation does to a state, and whether the
/// output it returned is allowed there.
///
/// The one spec protocol of every check: recorded traces (`faultline verify`), the client
/// histories models keep in their states (`SystemProperties.linearizable`), and histories users
/// check from their own tests (`Linearizability.check`). For a typed history the operation is a
/// `ClientOperation`, which carries both what was invoked and what it returned.
///
/// States are value types compared and hashed by the linearizability checker's memo table, so a
/// spec whose state fits in a machine word (an interned register value) is checked fastest.
public protocol SequentialSpec: Sendable {
  /// The object's state between operations.
  associatedtype State: Hashable & Sendable
  /// One operation with its input and observed output (or unknown output).
  associatedtype Operation: Sendable

  /// The state before any operation.
  var initialState: State { get }

  /// The state after `operation` from `state`, or nil when its observed output is impossible
  /// there. An operation whose output is unknown must be allowed in every state (as a no-op when
  /// it cannot take effect), since it may not have happened at all.
  func apply(_ operation: Operation, to state: State) -> State?

  /// The state for people, used in witnesses.
  func describe(_ state: State) -> String
}

extension SequentialSpec {
  /// The state as Swift prints it.
  public func describe(_ state: State) -> String { String(describing: state) }
}
