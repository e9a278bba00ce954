import Faultline

/// Flooding consensus with a perfect failure detector (Cachin, Guerraoui and Rodrigues,
/// "Introduction to Reliable and Secure Distributed Programming", algorithm 5.1).
///
/// Assumptions: fail-stop processes (crashes, possibly in mid-broadcast), reliable links (FIFO
/// by default), a perfect failure detector (it suspects only crashed processes, eventually all of them).
/// Process `i` proposes `min(i, values - 1)`: by default `values` is the number of processes, so
/// every proposal is distinct; with fewer values the last ones repeat, and value 0 stays p0's alone,
/// so a crash of p0 in mid-flood can always hide the smallest proposal from some processes.
///
/// Processes run in rounds. In each round a process broadcasts every proposal it knows, and
/// the round ends once it has heard, in that round, from every process it does not suspect.
/// If it heard from the same processes as in the previous round, no crash can have hidden a
/// proposal from it: it decides the smallest proposal it knows and broadcasts the decision.
/// Otherwise someone crashed, perhaps in mid-flood after telling only some processes, and it
/// floods once more.
///
/// - Variant `correct` is the algorithm above. Agreement among correct processes holds;
///   uniform agreement does not (a process may decide and crash before anyone hears it).
/// - Variant `decide-early` decides at the end of its first round, without the check that
///   nobody it heard from before went missing: a crash in mid-flood breaks agreement.
public struct FloodingConsensusProcess: SystemProcess {
  /// The protocol's messages; the sender is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The proposals the sender knows at the start of `round`, one bit per value.
    case proposal(round: Int, values: UInt64)
    /// The sender has decided `value`.
    case decided(Int)

    /// Feeds a tag, the round and the values.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .proposal(let round, let values):
        f.combine(word: UInt64(truncatingIfNeeded: round) << 1)
        f.combine(word: values)
      case .decided(let value):
        f.combine(word: UInt64(truncatingIfNeeded: value) << 1 | 1)
      }
    }

    /// Proposals before decisions, then by round and values.
    public static func < (a: Message, b: Message) -> Bool {
      switch (a, b) {
      case (.proposal(let r, let v), .proposal(let s, let w)): return (r, v) < (s, w)
      case (.proposal, .decided): return true
      case (.decided, .proposal): return false
      case (.decided(let v), .decided(let w)): return v < w
      }
    }

    /// `Proposal(1, {0, 2})`, `Decided(0)`.
    public var description: String {
      switch self {
      case .proposal(let round, let values): return "Proposal(\(round), \(ProcessSet(bits: values)))"
      case .decided(let value): return "Decided(\(value))"
      }
    }
  }

  /// The one spontaneous step: proposing.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Propose this process's value and start round 1.
    case propose
    /// `propose`.
    public var description: String { "propose" }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Whether it has proposed.
    public var proposed = false
    /// The round it is in, from 1.
    public var round = 1
    /// For each round, the processes it heard from in that round (round 0: everyone).
    public var receivedFrom: [ProcessSet]
    /// For each round, the proposals it knows in that round, one bit per value.
    public var proposals: [UInt64]
    /// Its decision, once made.
    public var decision: Int? = nil

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(proposed)
      f.combine(round)
      f.combine(receivedFrom)
      f.combine(proposals)
      f.combine(decision)
    }

    /// `round 2, heard {0, 1}, knows {0, 1}` or `decided 0`.
    public var description: String {
      if let decision { return "decided \(decision)" }
      guard proposed else { return "not proposed" }
      let heard = receivedFrom.indices.contains(round) ? receivedFrom[round] : ProcessSet()
      let known = proposals.indices.contains(round) ? proposals[round] : 0
      return "round \(round), heard \(heard), knows \(ProcessSet(bits: known))"
    }
  }

  /// The number of distinct proposals: process `i` proposes `min(i, values - 1)`.
  public let values: Int
  /// Whether the process decides at the end of its first round, skipping the check.
  public let decidesEarly: Bool

  /// Creates the process code of one variant.
  public init(values: Int, decidesEarly: Bool) {
    self.values = max(values, 1)
    self.decidesEarly = decidesEarly
  }

  /// Its proposal.
  func value(of process: Int) -> Int { min(process, values - 1) }

  /// Round 0 counts everyone as heard from, so round 1 always compares against all.
  public func start(_ context: inout Context<Self>) -> LocalState {
    LocalState(receivedFrom: [ProcessSet.all(context.processCount), ProcessSet()], proposals: [0, 0])
  }

  /// Proposes once, unless it has already adopted a decision. (Under P that cannot come first:
  /// a process decides only after hearing every unsuspected process's proposal. Under ◇P it can,
  /// from a process that wrongly suspected this one, and proposing then changes nothing.)
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.proposed || state.decision != nil ? [] : [.propose]
  }

  /// Floods its own proposal in round 1.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.proposed = true
    state.proposals[1] |= 1 << UInt64(value(of: context.id))
    state.receivedFrom[1].insert(context.id)
    context.broadcast(.proposal(round: 1, values: state.proposals[1]))
    endRounds(&state, &context)
  }

  /// Collects proposals of any round, and adopts the decision of an unsuspected process.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    guard state.decision == nil else { return }
    switch message {
    case .proposal(let round, let values):
      Self.extend(&state, to: round)
      state.receivedFrom[round].insert(sender)
      state.proposals[round] |= values
      endRounds(&state, &context)
    case .decided(let value):
      guard !context.suspected.contains(sender) else { return }
      decide(value, &state, &context)
    }
  }

  /// A new suspicion may end the round.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    endRounds(&state, &context)
  }

  /// Ends every round in which it has heard from all the processes it does not suspect.
  func endRounds(_ state: inout LocalState, _ context: inout Context<Self>) {
    let everyone = ProcessSet.all(context.processCount)
    while state.proposed && state.decision == nil
      && state.receivedFrom[state.round].union(context.suspected).isSuperset(of: everyone)
    {
      let round = state.round
      if decidesEarly || state.receivedFrom[round] == state.receivedFrom[round - 1] {
        let known = state.proposals[round]
        decide(known == 0 ? value(of: context.id) : known.trailingZeroBitCount, &state, &context)
        return
      }
      state.round = round + 1
      Self.extend(&state, to: round + 1)
      state.receivedFrom[round + 1].insert(context.id)
      state.proposals[round + 1] |= state.proposals[round]
      context.broadcast(.proposal(round: round + 1, values: state.proposals[round]))
    }
  }

  /// Decides, tells everyone, and forgets the rounds: nothing it hears matters any more.
  func decide(_ value: Int, _ state: inout LocalState, _ context: inout Context<Self>) {
    state.decision = value
    state.receivedFrom = []
    state.proposals = []
    context.decide(value)
    context.broadcast(.decided(value))
  }

  static func extend(_ state: inout LocalState, to round: Int) {
    while state.receivedFrom.count <= round {
      state.receivedFrom.append(ProcessSet())
      state.proposals.append(0)
    }
  }
}

/// Builds the flooding consensus system in either variant.
public enum FloodingConsensus {
  /// `processes` processes over `network` with a perfect failure detector and at most
  /// `crashes` crashes, each of which may strike in mid-broadcast; `values` distinct proposals,
  /// one per process when nil. Under an eventually perfect or strong `detector`, or a `network`
  /// whose links may be cut, the algorithm's assumption is broken: the check then shows why it
  /// needs P.
  public static func make(
    processes: Int, crashes: Int, values: Int? = nil, decidesEarly: Bool, network: NetworkSemantics = .fifo,
    detector: FailureDetector = .perfect, properties: [Property<SystemState<FloodingConsensusProcess>>]? = nil
  ) throws(FaultlineError) -> System<FloodingConsensusProcess> {
    try DetectorSetting.validate(detector, network: network)
    let values = values ?? processes
    guard processes >= 1 && processes <= 6 else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "1 to 6")
    }
    guard crashes >= 0 && crashes < processes else {
      throw .invalidParameter(name: "crashes", value: "\(crashes)", expected: "0 to \(processes - 1)")
    }
    guard values >= 1 && values <= 64 else {
      throw .invalidParameter(name: "values", value: "\(values)", expected: "1 to 64")
    }
    let proposed = Set((0..<processes).map { min($0, values - 1) })
    return try System(
      processes: Array(
        repeating: FloodingConsensusProcess(values: values, decidesEarly: decidesEarly), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true), detector: detector,
      properties: properties ?? [
        SystemProperties.agreement(),
        SystemProperties.validity(proposals: proposed),
        SystemProperties.decidesAtMostOnce(),
        SystemProperties.termination(),
        .sometimes("some process decides") { state in state.outputs.contains { !$0.isEmpty } },
      ])
  }
}
