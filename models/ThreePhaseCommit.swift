import Faultline

/// Three-phase commit with its termination protocol (see `ThreePhaseCommitProcess`), under
/// crash-stop faults with a perfect failure detector, or under network partitions.
///
/// With crashes alone, each possibly in mid-broadcast, it is safe and non-blocking (every process
/// that never crashes decides) in every instance checked: up to 3 participants with up to 3
/// crashes (every process, with 1 or 2 participants), and 4 participants with 1 crash. Skeen
/// proves it for any number of crashes; larger instances were not explored. Under partitions it
/// is neither: a process cut off cannot be told from a crashed one, so both sides of a partition
/// run the termination protocol, and one may commit while the other aborts. `partitioned` shows
/// it, with a detector that may suspect the processes behind a cut link (`PartitionedSystem`).
///
/// ```swift
/// let system = try ThreePhaseCommit.make(participants: 3, crashes: 3)
/// let exploration = try Explorer(system).run()   // holds, termination included
/// ```
public enum ThreePhaseCommit {
  /// The protocol as published, or one of the deliberately broken versions.
  public typealias Variant = ThreePhaseCommitProcess.Variant

  /// The most participants accepted.
  public static let maxParticipants = 6

  /// The transaction's name in traces.
  static let transaction: TraceValue = "t1"

  /// The most partition events (link cuts and heals) accepted.
  public static let maxPartitionEvents = 4

  /// A coordinator (process 0) and `participants` participants over `network`, at most
  /// `crashes` crash-stop failures of any processes (0...participants + 1), each possibly in
  /// mid-broadcast, and a perfect failure detector.
  public static func make(
    participants: Int, crashes: Int = 1, variant: Variant = .correct, network: NetworkSemantics = .unordered
  ) throws(FaultlineError) -> System<ThreePhaseCommitProcess> {
    try system(
      participants: participants, crashes: crashes, partitions: 0, variant: variant, network: network)
  }

  /// As `make`, with at most `partitions` link cuts and heals (1...maxPartitionEvents), and a
  /// detector that suspects a live process only across a cut link and withdraws the suspicion
  /// only after the link heals (`PartitionedSystem`).
  public static func partitioned(
    participants: Int, crashes: Int = 1, partitions: Int, variant: Variant = .correct,
    network: NetworkSemantics = .unordered
  ) throws(FaultlineError) -> PartitionedSystem<ThreePhaseCommitProcess> {
    guard (1...maxPartitionEvents).contains(partitions) else {
      throw .invalidParameter(
        name: "partitions", value: "\(partitions)", expected: "an integer from 1 to \(maxPartitionEvents)")
    }
    return PartitionedSystem(
      try system(
        participants: participants, crashes: crashes, partitions: partitions, variant: variant,
        network: network))
  }

  static func system(
    participants: Int, crashes: Int, partitions: Int, variant: Variant, network: NetworkSemantics
  ) throws(FaultlineError) -> System<ThreePhaseCommitProcess> {
    guard (1...maxParticipants).contains(participants) else {
      throw .invalidParameter(
        name: "participants", value: "\(participants)", expected: "an integer from 1 to \(maxParticipants)")
    }
    guard (0...participants + 1).contains(crashes) else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)",
        expected: "an integer from 0 to \(participants + 1) (every process) with \(participants) participants"
      )
    }
    let process = ThreePhaseCommitProcess(participants: participants, variant: variant)
    var links = network
    links.partitionEvents = partitions
    // Each cut lets both of its ends suspect each other once; `PartitionedSystem` keeps these
    // suspicions to processes behind a cut link.
    let detector: FailureDetector =
      partitions == 0 ? .perfect : .eventuallyPerfect(falseSuspicions: 2 * partitions)
    return try System(
      processes: Array(repeating: process, count: participants + 1), network: links,
      faults: Faults(crashes: crashes, crashDuringSends: true), detector: detector,
      properties: properties(participants: participants, crashes: crashes))
  }

  /// Atomic commit (uniform: crashed processes' decisions count), abort only for a reason,
  /// integrity, non-blocking termination, and the reachability checks that keep them from being
  /// vacuous.
  static func properties(participants: Int, crashes: Int) -> [Property<SystemState<ThreePhaseCommitProcess>>]
  {
    var list: [Property<SystemState<ThreePhaseCommitProcess>>] = [
      SystemProperties.atomicCommit(commit: .commit, voters: ProcessSet(1...participants)) { state, process in
        state.locals[process].votedYes == true
      },
      .always("abort validity: abort only after a no vote, a crash or a suspicion") { state in
        let aborted = (0..<state.processCount).contains { state.decisions(of: $0).contains(.abort) }
        guard aborted, state.crashesUsed == 0, state.falseSuspicionsUsed == 0 else { return true }
        return (1..<state.processCount).contains { state.locals[$0].votedYes == false }
      },
      SystemProperties.decidesAtMostOnce(),
      SystemProperties.termination(),
      .sometimes("all committed") { state in
        (0..<state.processCount).allSatisfy { state.locals[$0].phase == .committed }
      },
      .sometimes("all aborted") { state in
        (0..<state.processCount).allSatisfy { state.locals[$0].phase == .aborted }
      },
    ]
    if crashes > 0 {
      // What two-phase commit cannot do: decide after the coordinator crashed undecided.
      list.append(
        .sometimes("non-blocking: a participant commits after the coordinator crashed undecided") { state in
          state.crashed.contains(0) && state.decisions(of: 0).isEmpty
            && (1..<state.processCount).contains {
              !state.crashed.contains($0) && state.locals[$0].phase == .committed
            }
        })
    }
    return list
  }
}
