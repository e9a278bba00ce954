import Faultline

/// Consensus with a rotating coordinator and an eventually strong failure detector (◇S), in
/// the style of Chandra and Toueg ("Unreliable failure detectors for reliable distributed
/// systems", 1996).
///
/// Assumptions: fail-stop processes, fewer crashes than half the processes (a majority is
/// correct), reliable links (FIFO by default), a ◇S failure detector that may suspect live processes a bounded
/// number of times. Process `i` proposes `i`. Rounds are bounded so the state space is finite:
/// a process that has finished the last round only listens for a decision.
///
/// Round `r` is coordinated by process `r % n`. Every process sends the coordinator its
/// estimate and the round in which it adopted it (its timestamp). The coordinator waits for
/// estimates from a majority, proposes the one with the newest timestamp, and each process
/// either adopts the proposal and acks, or, suspecting the coordinator, nacks; then it moves
/// on. A coordinator whose first majority of replies are all acks decides and sends the
/// decision to everyone. Two majorities always intersect, so a value decided in round `r` is
/// the newest estimate any later coordinator sees: false suspicions cost rounds, never
/// agreement.
///
/// The decision goes out by reliable broadcast, as Chandra and Toueg have it: each process
/// relays it when it first decides. That matters for termination (#14): without the relay, a
/// coordinator that crashes while sending it can leave one process decided and another waiting
/// forever in a later round for a majority of estimates that the decided process no longer
/// sends. A relay can still arrive late, so the processes the coordinator missed may run later
/// rounds first and must reach the same value by the intersection argument alone.
///
/// Termination is checked under ◇S's fairness: messages are delivered, a crashed process is
/// eventually suspected by every live one, and a false suspicion may last forever. The round
/// bound is the model's, not the protocol's: a behaviour in which a process runs out of rounds
/// undecided leaves termination not determined rather than violated. It is checked only with
/// fewer false suspicions than processes that never crash, so that some correct process is
/// eventually trusted by all (◇S's eventual weak accuracy); otherwise the model checks safety.
///
/// - Variant `majority` is the algorithm above.
/// - Variant `minority-quorum` waits for only ⌊n/2⌋ estimates and replies: two such quorums
///   need not intersect, and one false suspicion lets two coordinators decide differently.
public struct RotatingCoordinatorProcess: SystemProcess {
  /// The protocol's messages; the sender is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Phase 1: the sender's estimate for `round`, adopted in round `timestamp - 1` (0: its own).
    case estimate(round: Int, value: Int, timestamp: Int)
    /// Phase 2: the coordinator of `round` proposes `value`.
    case propose(round: Int, value: Int)
    /// Phase 3: the sender adopted the proposal of `round`.
    case ack(round: Int)
    /// Phase 3: the sender suspected the coordinator of `round` and moved on.
    case nack(round: Int)
    /// The decision, reliably broadcast.
    case decide(Int)

    var key: (Int, Int, Int, Int) {
      switch self {
      case .estimate(let round, let value, let timestamp): return (0, round, value, timestamp)
      case .propose(let round, let value): return (1, round, value, 0)
      case .ack(let round): return (2, round, 0, 0)
      case .nack(let round): return (3, round, 0, 0)
      case .decide(let value): return (4, value, 0, 0)
      }
    }

    /// Feeds the tag and the fields.
    public func fingerprint(into f: inout Fingerprinter) {
      let (tag, a, b, c) = key
      f.combine(
        word: UInt64(truncatingIfNeeded: tag) | UInt64(truncatingIfNeeded: a) << 8
          | UInt64(truncatingIfNeeded: b) << 24 | UInt64(truncatingIfNeeded: c) << 40)
    }

    /// By tag, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// `Estimate(r0, 1, ts 0)`, `Propose(r0, 1)`, `Ack(r0)`, `Nack(r0)`, `Decide(1)`.
    public var description: String {
      switch self {
      case .estimate(let round, let value, let timestamp):
        return "Estimate(r\(round), \(value), ts \(timestamp))"
      case .propose(let round, let value): return "Propose(r\(round), \(value))"
      case .ack(let round): return "Ack(r\(round))"
      case .nack(let round): return "Nack(r\(round))"
      case .decide(let value): return "Decide(\(value))"
      }
    }
  }

  /// The one spontaneous step: proposing, which starts round 0.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Propose this process's value.
    case propose
    /// `propose`.
    public var description: String { "propose" }
  }

  /// Where a process is within its current round.
  public enum Phase: Int, Hashable, Sendable, Fingerprintable {
    /// Not yet proposed, or out of rounds.
    case idle
    /// A coordinator collecting estimates.
    case collecting
    /// A coordinator that proposed, counting replies.
    case awaitingReplies
    /// A participant waiting for the coordinator's proposal or for suspecting it.
    case awaitingProposal
  }

  /// What a process has heard about one round ahead of time, or while it runs.
  public struct RoundLog: Hashable, Sendable, Fingerprintable {
    /// The processes whose estimate the coordinator has.
    public var estimatesFrom = ProcessSet()
    /// The newest timestamp among them, -1 for none.
    public var newest = -1
    /// The smallest value with that timestamp.
    public var value = 0
    /// The coordinator's proposal, once received.
    public var proposal: Int? = nil
    /// As the round's coordinator, the processes that nacked before it proposed (a nack needs
    /// only a suspicion, so it can come first; channels are reliable, so it is kept, not lost).
    public var earlyNacks = ProcessSet()

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(estimatesFrom)
      f.combine(newest)
      f.combine(value)
      f.combine(proposal)
      f.combine(earlyNacks)
    }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The current round; the round bound once out of rounds.
    public var round = 0
    /// Where it is in the round.
    public var phase = Phase.idle
    /// Its estimate.
    public var estimate: Int
    /// One more than the round in which it adopted its estimate; 0 for its own proposal.
    public var timestamp = 0
    /// What it heard for each round; reset once a round is over.
    public var logs: [RoundLog]
    /// As the coordinator of the current round, the processes that acked.
    public var acks = ProcessSet()
    /// As the coordinator of the current round, the processes that nacked.
    public var nacks = ProcessSet()
    /// Its decision, once made.
    public var decision: Int? = nil

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(round)
      f.combine(phase)
      f.combine(estimate)
      f.combine(timestamp)
      f.combine(logs)
      f.combine(acks)
      f.combine(nacks)
      f.combine(decision)
    }

    /// `r1 awaitingProposal, estimate 0 (ts 1)` or `decided 0`.
    public var description: String {
      if let decision { return "decided \(decision)" }
      var text = "r\(round) \(phase), estimate \(estimate) (ts \(timestamp))"
      if !acks.isEmpty || !nacks.isEmpty { text += ", acks \(acks), nacks \(nacks)" }
      return text
    }
  }

  /// The number of rounds a process runs before it only listens.
  public let rounds: Int
  /// How many estimates, and how many replies, a coordinator waits for.
  public let quorum: Int

  /// Creates the process code; `quorum` is a majority in the correct protocol.
  public init(rounds: Int, quorum: Int) {
    self.rounds = max(rounds, 1)
    self.quorum = max(quorum, 1)
  }

  /// Process `i` starts with estimate `i`.
  public func start(_ context: inout Context<Self>) -> LocalState {
    LocalState(estimate: context.id, logs: Array(repeating: RoundLog(), count: rounds))
  }

  /// A process that finished the last round undecided would start the next one: the model's
  /// round bound, not the protocol, stops it there.
  public func bound(reachedIn state: LocalState) -> String? {
    state.decision == nil && state.round >= rounds ? "out of rounds after \(rounds) (--rounds)" : nil
  }

  /// Proposes once.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.phase == .idle && state.round == 0 && state.decision == nil ? [.propose] : []
  }

  /// Enters round 0.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    enter(0, &state, &context)
    progress(&state, &context)
  }

  /// Files each message under its round; a round already over ignores it.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    guard state.decision == nil else { return }
    switch message {
    case .estimate(let round, let value, let timestamp):
      guard round >= state.round, round < rounds, coordinator(of: round, context) == context.id else {
        return
      }
      // Once the coordinator has proposed, later estimates for its round come too late.
      guard round > state.round || state.phase != .awaitingReplies else { return }
      record(from: sender, value: value, timestamp: timestamp, in: &state.logs[round])
    case .propose(let round, let value):
      guard round >= state.round, round < rounds else { return }
      state.logs[round].proposal = value
    case .ack(let round), .nack(let round):
      if case .nack = message, round < rounds, coordinator(of: round, context) == context.id,
        round > state.round || (round == state.round && state.phase != .awaitingReplies)
      {
        state.logs[round].earlyNacks.insert(sender)
      }
      guard round == state.round, state.phase == .awaitingReplies else { return }
      if case .ack = message { state.acks.insert(sender) } else { state.nacks.insert(sender) }
    case .decide(let value):
      // Reliable broadcast of the decision, as Chandra and Toueg have it: a process relays it
      // when it first decides, so the decision reaches every correct process even when the
      // coordinator crashed while sending it.
      decide(value, &state, &context)
      return
    }
    progress(&state, &context)
  }

  /// Suspecting the coordinator ends the wait for its proposal.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    progress(&state, &context)
  }

  func coordinator(of round: Int, _ context: Context<Self>) -> Int { round % context.processCount }

  func record(from sender: Int, value: Int, timestamp: Int, in log: inout RoundLog) {
    guard !log.estimatesFrom.contains(sender) else { return }
    log.estimatesFrom.insert(sender)
    if timestamp > log.newest || (timestamp == log.newest && value < log.value) {
      log.newest = timestamp
      log.value = value
    }
  }

  /// Phase 1 of `round`: the coordinator files its own estimate, the others send theirs.
  func enter(_ round: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.round = round
    state.acks = ProcessSet()
    state.nacks = ProcessSet()
    guard round < rounds else {
      state.phase = .idle
      return
    }
    let coordinator = coordinator(of: round, context)
    if coordinator == context.id {
      state.phase = .collecting
      record(from: context.id, value: state.estimate, timestamp: state.timestamp, in: &state.logs[round])
    } else {
      state.phase = .awaitingProposal
      context.send(
        .estimate(round: round, value: state.estimate, timestamp: state.timestamp), to: coordinator)
    }
  }

  /// Takes every step the process's knowledge allows, round after round.
  func progress(_ state: inout LocalState, _ context: inout Context<Self>) {
    while state.decision == nil {
      let round = state.round
      switch state.phase {
      case .idle:
        return
      case .collecting:
        guard state.logs[round].estimatesFrom.count >= quorum else { return }
        let value = state.logs[round].value
        state.estimate = value
        state.timestamp = round + 1
        state.acks = ProcessSet([context.id])
        state.nacks = state.logs[round].earlyNacks
        state.phase = .awaitingReplies
        context.send(.propose(round: round, value: value), to: context.others)
      case .awaitingReplies:
        guard state.acks.count + state.nacks.count >= quorum else { return }
        if state.nacks.isEmpty {
          decide(state.estimate, &state, &context)
          return
        }
        next(&state, &context)
      case .awaitingProposal:
        let coordinator = coordinator(of: round, context)
        if let value = state.logs[round].proposal {
          state.estimate = value
          state.timestamp = round + 1
          context.send(.ack(round: round), to: coordinator)
        } else if context.suspected.contains(coordinator) {
          context.send(.nack(round: round), to: coordinator)
        } else {
          return
        }
        next(&state, &context)
      }
    }
  }

  /// Forgets the round that ended and enters the next.
  func next(_ state: inout LocalState, _ context: inout Context<Self>) {
    state.logs[state.round] = RoundLog()
    enter(state.round + 1, &state, &context)
  }

  /// Decides once and forgets all but the round it was in; a deciding coordinator (`tell`)
  /// sends the decision to everyone.
  func decide(_ value: Int, _ state: inout LocalState, _ context: inout Context<Self>, tell: Bool = true) {
    guard state.decision == nil else { return }
    state = LocalState(round: state.round, estimate: value, logs: [])
    state.decision = value
    context.decide(value)
    if tell { context.broadcast(.decide(value)) }
  }
}

/// Builds the rotating-coordinator system in either variant.
public enum RotatingCoordinator {
  /// `processes` processes over `network` with `detector` (the algorithm's ◇S, allowed some
  /// suspicions of live processes, or a stronger one), at most `crashes` crashes (a minority,
  /// each possibly in mid-broadcast), and `rounds` rounds; `majority` false waits for only ⌊n/2⌋.
  public static func make(
    processes: Int, crashes: Int, detector: FailureDetector, rounds: Int, majority: Bool,
    network: NetworkSemantics = .fifo
  ) throws(FaultlineError) -> System<RotatingCoordinatorProcess> {
    let falseSuspicions = detector.falseSuspicionBound
    guard processes >= 2 && processes <= 6 else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "2 to 6")
    }
    guard crashes >= 0 && 2 * crashes < processes else {
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)", expected: "0 to \((processes - 1) / 2) (a minority)")
    }
    guard falseSuspicions >= 0 && falseSuspicions <= 8, detector.isEnabled else {
      throw .invalidParameter(name: "false-suspicions", value: "\(falseSuspicions)", expected: "0 to 8")
    }
    guard network.partitionEvents == 0 else {
      throw .invalidModel("rotating-coordinator models no partitions")
    }
    guard rounds >= 1 && rounds <= 8 else {
      throw .invalidParameter(name: "rounds", value: "\(rounds)", expected: "1 to 8")
    }
    let quorum = majority ? processes / 2 + 1 : processes / 2
    var liveness: [Property<SystemState<RotatingCoordinatorProcess>>] = []
    // Termination needs ◇S's eventual weak accuracy, which the bound keeps only while some
    // process that never crashes cannot be suspected forever (System refuses liveness otherwise).
    // Under ◇P every false suspicion ends, whatever the bound.
    if falseSuspicions < processes - crashes
      || detector == .eventuallyPerfect(falseSuspicions: falseSuspicions)
    {
      liveness.append(SystemProperties.termination())
    }
    return try System(
      processes: Array(
        repeating: RotatingCoordinatorProcess(rounds: rounds, quorum: quorum), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true),
      detector: detector,
      properties: [
        // Chandra and Toueg's consensus is uniform: no two processes decide differently, even
        // one that crashed after deciding (the decision needs a majority of acks, and every
        // later coordinator's majority of estimates meets it).
        SystemProperties.uniformAgreement(),
        SystemProperties.validity(proposals: Set(0..<processes)),
        SystemProperties.decidesAtMostOnce(),
        .sometimes("some process decides") { state in state.outputs.contains { !$0.isEmpty } },
        .sometimes("a process decides after round 0") { state in
          state.locals.contains { $0.decision != nil && $0.round > 0 }
        },
      ] + liveness)
  }
}
