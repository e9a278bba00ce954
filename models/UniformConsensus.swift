import Faultline

/// Consensus by rank with a perfect failure detector, in the two hierarchical algorithms of
/// Cachin, Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed
/// Programming" (2nd ed., 2011): process `i` proposes `i`, and processes lead in rank order,
/// each once every lower rank is suspected (or, in the non-uniform variant, has announced its
/// decision).
///
/// Assumptions: fail-stop processes (fewer crashes than processes, each possibly in
/// mid-broadcast), reliable links, a perfect failure detector.
///
/// - The non-uniform variant is algorithm 5.2, "Hierarchical Consensus": the leader decides at
///   once and then broadcasts its decision; a process adopts the decision of the highest lower
///   rank it heard from and moves past that rank. If the leader crashes in mid-broadcast,
///   telling only some, the next leader may decide another value: correct processes still agree,
///   but uniform agreement fails.
/// - The uniform variant is algorithm 5.4, "Hierarchical Uniform Consensus": the leader of round
///   `r` broadcasts `Propose`; a process records it and acknowledges it unless it has moved past
///   round `r`; a process moving past a suspected round adopts that round's recorded proposal.
///   Once every process it does not suspect acknowledged, the leader broadcasts `Decided` by
///   reliable broadcast (eager, algorithm 3.3: the first `Decided` a process receives it relays
///   to all before deciding), so one correct process that decides lets every correct process
///   decide. Issue #13: `Decided` used to go by plain sends to higher ranks without relay; a
///   leader that crashed after telling one process left the others waiting for it forever.
public struct UniformConsensusProcess: SystemProcess {
  /// The protocol's messages; the sender's rank is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The uniform leader asks others to adopt a value.
    case propose(Int)
    /// A process has adopted the leader's value.
    case ack
    /// The leader has decided a value.
    case decided(Int)

    /// Feeds a tag and the value.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .propose(let value): f.combine(word: UInt64(truncatingIfNeeded: value) << 2 | 1)
      case .ack: f.combine(word: 2)
      case .decided(let value): f.combine(word: UInt64(truncatingIfNeeded: value) << 2 | 3)
      }
    }

    /// `Propose(v)`, `Ack`, `Decided(v)`.
    public var description: String {
      switch self {
      case .propose(let value): return "Propose(\(value))"
      case .ack: return "Ack"
      case .decided(let value): return "Decided(\(value))"
      }
    }
  }

  /// The one spontaneous step: leading, once it is this process's round.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Lead the round.
    case lead
    /// `lead`.
    public var description: String { "lead" }
  }

  /// What a process remembers.
  public struct LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// The value it would propose if it led now.
    public var proposal: Int
    /// The rank whose value it adopted, -1 for its own.
    public var adoptedRank = -1
    /// The rank it currently follows; it leads when this reaches its own rank.
    public var round = 0
    /// The ranks whose decision it has received (non-uniform variant).
    public var heardFrom = ProcessSet()
    /// The processes that acknowledged its proposal (uniform variant).
    public var acks = ProcessSet()
    /// For each rank, the proposal received from it, -1 for none (uniform variant).
    public var proposed: [Int] = []
    /// Whether it has led its round.
    public var led = false
    /// Its decision, once made.
    public var decided: Int? = nil

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(proposal)
      f.combine(adoptedRank)
      f.combine(round)
      f.combine(heardFrom)
      f.combine(acks)
      f.combine(proposed)
      f.combine(led)
      f.combine(decided)
    }

    /// `proposal 1, round 2, decided 1`.
    public var description: String {
      var text = "proposal \(proposal), round \(round)"
      if led { text += ", led" }
      if !acks.isEmpty { text += ", acks \(acks)" }
      if let decided { text += ", decided \(decided)" }
      return text
    }
  }

  /// Processes decide process numbers: process `i` proposes `i`.
  public typealias Value = Int

  /// Whether the leader collects acknowledgements before deciding.
  public let uniform: Bool

  /// Creates the process code of one variant.
  public init(uniform: Bool) { self.uniform = uniform }

  /// Process `i` proposes `i` and follows rank 0.
  public func start(_ context: inout Context<Self>) -> LocalState {
    var state = LocalState(proposal: context.id)
    if uniform { state.proposed = Array(repeating: -1, count: context.processCount) }
    return state
  }

  /// The ranks above this one: the only processes that can still lead after it.
  func higher(_ context: Context<Self>) -> ProcessSet {
    ProcessSet((context.id + 1)..<max(context.processCount, context.id + 1))
  }

  /// The others, but for suspected processes: with a perfect detector they have crashed, and a
  /// message to them would be lost, so leaving them out of a broadcast changes nothing but the
  /// number of ways a crash can cut it short.
  func unsuspected(_ context: Context<Self>) -> ProcessSet {
    context.others.subtracting(context.suspected)
  }

  /// Leads when its round has come and it has not led or decided.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.round == context.id && !state.led && state.decided == nil ? [.lead] : []
  }

  /// Non-uniform: decide, then tell the higher ranks. Uniform: propose to all; the leader
  /// receives its own proposal at once, and acknowledges it.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.led = true
    if uniform {
      state.proposed[context.id] = state.proposal
      state.acks = ProcessSet([context.id])
      context.send(.propose(state.proposal), to: unsuspected(context))
      decideIfAcknowledged(&state, &context)
    } else {
      state.decided = state.proposal
      context.decide(state.proposal)
      context.send(.decided(state.proposal), to: higher(context))
    }
  }

  /// Adopts values from leaders, counts acknowledgements, and learns decisions.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch message {
    case .propose(let value):
      // Recorded whatever the round; adopted only when moving past the sender's round. A
      // proposal from a round already passed is stale (its leader crashed): no acknowledgement.
      state.proposed[sender] = value
      if sender >= state.round { context.send(.ack, to: sender) }
    case .ack:
      guard state.led else { return }
      state.acks.insert(sender)
      decideIfAcknowledged(&state, &context)
    case .decided(let value):
      if uniform {
        // Reliable broadcast: relay the first decision to all, then deliver (decide) it.
        guard state.decided == nil else { return }
        state.decided = value
        context.send(.decided(value), to: unsuspected(context))
        context.decide(value)
      } else if sender < context.id {
        state.heardFrom.insert(sender)
        if sender > state.adoptedRank {
          state.proposal = value
          state.adoptedRank = sender
        }
        advance(&state, context)
      }
    }
  }

  /// Moves past suspected leaders, and lets a waiting leader stop waiting for crashed ones.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {
    advance(&state, context)
    if uniform { decideIfAcknowledged(&state, &context) }
  }

  /// Moves past rounds whose leader is suspected (or, non-uniform, has announced its decision);
  /// the uniform variant adopts the proposal it recorded from each round it moves past.
  func advance(_ state: inout LocalState, _ context: Context<Self>) {
    while state.round < context.id
      && (context.suspected.contains(state.round) || state.heardFrom.contains(state.round))
    {
      if uniform, state.proposed[state.round] >= 0 {
        state.proposal = state.proposed[state.round]
        state.adoptedRank = state.round
      }
      state.round += 1
    }
  }

  /// Once every process acknowledged or is suspected, the leader broadcasts its decision by
  /// reliable broadcast, delivering it to itself at once.
  func decideIfAcknowledged(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard uniform, state.led, state.decided == nil else { return }
    guard state.acks.union(context.suspected).isSuperset(of: ProcessSet.all(context.processCount)) else {
      return
    }
    state.decided = state.proposal
    context.send(.decided(state.proposal), to: unsuspected(context))
    context.decide(state.proposal)
  }
}

/// Builds the uniform (hierarchical) consensus system in either variant.
public enum UniformConsensus {
  /// Which agreement a check asks for.
  public enum Agreement: String, Sendable, CaseIterable {
    /// Uniform agreement (no two processes decide differently, crashed or not) and agreement.
    case uniform
    /// Agreement among correct processes only: the non-uniform variant keeps it.
    case regular
  }

  /// `processes` processes over a reliable unordered network with a perfect failure detector,
  /// at most `crashes` crashes, each of which may strike in mid-broadcast. Under an eventually
  /// perfect or strong `detector` (which may suspect live processes), or a network whose links
  /// may be cut, the algorithm's assumption is broken: the check then shows why it needs P.
  public static func make(
    processes: Int, crashes: Int, uniform: Bool, network: NetworkSemantics = .unordered,
    agreement: Agreement = .uniform, detector: FailureDetector = .perfect
  ) throws(FaultlineError) -> System<UniformConsensusProcess> {
    try DetectorSetting.validate(detector, network: network)
    guard processes >= 1 && processes <= 8 else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "1 to 8")
    }
    guard crashes >= 0 && crashes < processes else {
      throw .invalidParameter(name: "crashes", value: "\(crashes)", expected: "0 to \(processes - 1)")
    }
    return try System(
      processes: Array(repeating: UniformConsensusProcess(uniform: uniform), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true),
      detector: detector,
      properties: (agreement == .uniform ? [SystemProperties.uniformAgreement()] : []) + [
        SystemProperties.agreement(),
        SystemProperties.validity(proposals: Set(0..<processes)),
        SystemProperties.decidesAtMostOnce(),
        SystemProperties.termination(),
        .sometimes("some process decides") { state in state.outputs.contains { !$0.isEmpty } },
      ])
  }
}
