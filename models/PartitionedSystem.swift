import Faultline

/// A `System` under network partitions whose failure detector suspects only the processes a
/// process cannot reach: crashed ones, and live ones across a cut link, whose suspicion it
/// withdraws only after the link heals.
///
/// A partition and a perfect failure detector cannot both be assumed: a process cut off looks
/// crashed to the others, so a detector that never suspects a live process would have to wait
/// forever. What a real (timeout) detector does under a partition is suspect the processes it
/// cannot reach. The System layer's detectors do not look at links (◇P may suspect any live
/// process), so this model restricts the `base` system's ◇P detector: a live process may be
/// suspected only across a cut link, and the suspicion is withdrawn only once the link heals.
/// Suspecting an unreachable process is weakly fair, as suspecting a crashed one is (strong
/// completeness); withdrawing it after the heal is weakly fair under ◇P. Every other step, and
/// every report and trace, is the base system's.
///
/// The base system should allow two false suspicions per partition event, enough for both ends
/// of every cut link to suspect each other.
public struct PartitionedSystem<P: SystemProcess>: Model {
  /// A state of the whole system.
  public typealias State = SystemState<P>
  /// A step of the whole system.
  public typealias Action = SystemAction<P>

  /// The system whose detector reports are restricted.
  public let base: System<P>

  /// Wraps `base`, whose detector should be ◇P (a perfect one never suspects a live process).
  public init(_ base: System<P>) { self.base = base }

  /// Whether the detector may take `action` in `state`: a suspicion only of a crashed or cut-off
  /// process, a withdrawal only of a reachable one.
  func allows(_ action: Action, in state: State) -> Bool {
    guard case .handle(let event, _) = action else { return true }
    switch event {
    case .suspect(let observer, let target):
      return state.crashed.contains(target) || state.cutLinks[observer].contains(target)
    case .trust(let observer, let target):
      return !state.cutLinks[observer].contains(target)
    case .deliver, .fire, .choose, .recover:
      return true
    }
  }

  /// The base system's initial state.
  public var initialStates: [State] { base.initialStates }

  /// The base system's steps, but for the detector reports that `allows` rules out.
  public func actions(from state: State, into actions: inout [Action]) {
    let start = actions.count
    base.actions(from: state, into: &actions)
    var kept = start
    for index in start..<actions.count where allows(actions[index], in: state) {
      actions[kept] = actions[index]
      kept += 1
    }
    actions.removeLast(actions.count - kept)
  }

  /// The base system's successor, for an allowed step.
  public func successor(of state: State, via action: Action) -> State? {
    allows(action, in: state) ? base.successor(of: state, via: action) : nil
  }

  /// The base system's properties.
  public var properties: [Property<State>] { base.properties }

  /// The base system's fairness.
  public func fairness(of action: Action) -> Fairness { base.fairness(of: action) }

  /// As the base system, and suspecting an unreachable live process is weakly fair too.
  public func fairness(of action: Action, in state: State) -> Fairness {
    if case .handle(.suspect(let observer, let target), nil) = action,
      !state.crashed.contains(target), state.cutLinks[observer].contains(target)
    {
      return .weak
    }
    return base.fairness(of: action, in: state)
  }

  /// The base system's bound.
  public func bound(reachedIn state: State) -> String? { base.bound(reachedIn: state) }

  /// As the base system: a behaviour may stop where only the environment could act.
  public var stuttersWithoutFairSteps: Bool { base.stuttersWithoutFairSteps }

  /// The base system's description of a step.
  public func describe(_ action: Action) -> ActionDescription { base.describe(action) }

  /// The base system's description of a step with its events.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    base.describe(action, from: before, to: after)
  }

  /// The base system's description of a state.
  public func describe(_ state: State) -> [StateVariable] { base.describe(state) }

  /// The base system's fingerprint.
  public func fingerprint(of state: State) -> UInt64 { base.fingerprint(of: state) }

  /// A copy around the base system's copy for one search thread.
  public func worker() -> Self { PartitionedSystem(base.worker()) }

  /// The base system's packing.
  public var packedStateWords: Int { base.packedStateWords }

  /// Packs as the base system does.
  public func pack(_ state: State, into words: UnsafeMutablePointer<UInt32>) {
    base.pack(state, into: words)
  }

  /// Unpacks as the base system does.
  public func unpack(_ words: UnsafePointer<UInt32>) -> State { base.unpack(words) }
}
