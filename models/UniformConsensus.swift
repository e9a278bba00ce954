import Faultline

/// Uniform consensus, as hierarchical consensus with a perfect failure detector (Cachin,
/// Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed Programming",
/// algorithms 5.2 and 5.4): process `i` proposes `i`, and processes lead in rank order, each
/// once every lower rank is suspected (or, in the non-uniform variant, has announced its
/// decision).
///
/// Assumptions: fail-stop processes (fewer crashes than processes, each possibly in
/// mid-broadcast), reliable links, a perfect failure detector.
///
/// - The non-uniform variant's leader decides at once and then broadcasts its decision. If it
///   crashes in mid-broadcast, telling only some, the next leader may decide another value:
///   correct processes still agree, but uniform agreement fails.
/// - The uniform variant's leader first has every process it does not suspect adopt its
///   value, and decides only then, so whoever leads next proposes the same value.
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
  public func start(_ context: inout Context<Self>) -> LocalState { LocalState(proposal: context.id) }

  /// The ranks above this one: the only processes that can still lead after it.
  func higher(_ context: Context<Self>) -> ProcessSet {
    ProcessSet((context.id + 1)..<max(context.processCount, context.id + 1))
  }

  /// Leads when its round has come and it has not led or decided.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    state.round == context.id && !state.led && state.decided == nil ? [.lead] : []
  }

  /// Non-uniform: decide, then tell the higher ranks. Uniform: ask the higher ranks to adopt.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    state.led = true
    if uniform {
      state.acks = ProcessSet([context.id])
      context.send(.propose(state.proposal), to: higher(context))
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
      // A proposal from a rank below the one followed is stale: that leader has crashed.
      guard sender >= state.round else { return }
      state.round = sender
      state.proposal = value
      state.adoptedRank = sender
      context.send(.ack, to: sender)
    case .ack:
      guard state.led else { return }
      state.acks.insert(sender)
      decideIfAcknowledged(&state, &context)
    case .decided(let value):
      if uniform {
        guard state.decided == nil else { return }
        state.decided = value
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

  func advance(_ state: inout LocalState, _ context: Context<Self>) {
    while state.round < context.id
      && (context.suspected.contains(state.round) || state.heardFrom.contains(state.round))
    {
      state.round += 1
    }
  }

  func decideIfAcknowledged(_ state: inout LocalState, _ context: inout Context<Self>) {
    guard uniform, state.led, state.decided == nil else { return }
    let needed = higher(context).union(ProcessSet([context.id]))
    guard state.acks.union(context.suspected).isSuperset(of: needed) else { return }
    state.decided = state.proposal
    context.decide(state.proposal)
    context.send(.decided(state.proposal), to: higher(context))
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
  /// at most `crashes` crashes, each of which may strike in mid-broadcast.
  public static func make(
    processes: Int, crashes: Int, uniform: Bool, network: NetworkSemantics = .unordered,
    agreement: Agreement = .uniform
  ) throws(FaultlineError) -> System<UniformConsensusProcess> {
    guard processes >= 1 && processes <= 8 else {
      throw .invalidParameter(name: "processes", value: "\(processes)", expected: "1 to 8")
    }
    guard crashes >= 0 && crashes < processes else {
      throw .invalidParameter(name: "crashes", value: "\(crashes)", expected: "0 to \(processes - 1)")
    }
    return try System(
      processes: Array(repeating: UniformConsensusProcess(uniform: uniform), count: processes),
      network: network, faults: Faults(crashes: crashes, crashDuringSends: true), detector: .perfect,
      properties: (agreement == .uniform ? [SystemProperties.uniformAgreement()] : []) + [
        SystemProperties.agreement(),
        SystemProperties.validity(proposals: Set(0..<processes)),
        SystemProperties.decidesAtMostOnce(),
        .sometimes("some process decides") { state in state.outputs.contains { !$0.isEmpty } },
      ])
  }
}
