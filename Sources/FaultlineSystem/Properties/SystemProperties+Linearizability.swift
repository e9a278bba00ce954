import FaultlineConsistency
import FaultlineCore

extension SystemProperties {
  /// Linearizability: the clients' history so far is linearizable against `spec`.
  public static func linearizable<P, S: ObjectSpecification>(_ spec: S) -> Property<SystemState<P>>
  where S.Value == P.Value {
    .always("linearizability") { state in ClientHistory.isLinearizable(state.history, spec) }
  }
}
