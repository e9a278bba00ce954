import Faultline

/// Termination checked as a safety property over a finite state space. There is no liveness
/// checker yet; but a run that does not go on forever ends in a state where no process can take
/// a step except by crashing (no delivery, no detector report, no choice left), and the processes
/// live there are that run's correct processes. So "every correct process eventually does X, in
/// every finite run" is "X holds in every such stuck state".
enum Quiescence {
  /// Whether some step other than a crash is enabled in `state`.
  static func canProgress<P>(_ system: System<P>, _ state: SystemState<P>) -> Bool {
    system.actions(from: state).contains { action in
      if case .handle(_, crashKeeping: nil) = action { return true }
      return false
    }
  }

  /// `system` with its properties and one more, named `name`: in every state where nothing but a
  /// crash can happen, `done` holds.
  static func checking<P>(
    _ system: System<P>, _ name: String, done: @escaping @Sendable (SystemState<P>) -> Bool
  ) throws -> System<P> {
    try System(
      processes: system.processes, network: system.network, faults: system.faults, detector: system.detector,
      properties: system.properties + [.always(name) { state in done(state) || canProgress(system, state) }])
  }
}
