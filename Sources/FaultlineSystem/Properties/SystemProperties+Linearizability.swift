import FaultlineConsistency
import FaultlineCore

extension SystemProperties {
  /// Linearizability: the clients' history so far is linearizable against `spec`, checked by
  /// the same search as `faultline verify`, whatever the history's length.
  @inlinable
  public static func linearizable<P, S: SequentialSpec>(_ spec: S) -> Property<SystemState<P>>
  where S.Operation == ClientOperation<P.Value> {
    .always("linearizability") { state in
      // Without a time limit the answer is never incomplete: only a violation fails.
      Linearizability.check(history: state.history, spec: spec).violations.isEmpty
    }
  }
}
