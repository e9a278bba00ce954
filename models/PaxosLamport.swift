import Faultline

/// Lamport's Paxos consensus on the `System` layer, following his TLA+ specification Paxos.tla
/// (in the TLA+ examples, checked by TLC as MCPaxos) and *Paxos Made Simple* (2001): acceptors
/// a1, a2, a3 (processes 0, 1, 2), one leader per ballot `0...maxBallot` (process 3 + b), and 2
/// values, over a network where messages form a set that only grows (`duplicating`).
///
/// - Phase1a(b): the leader of ballot b sends 1a(b) to the acceptors, at any time.
/// - Phase1b(a): an acceptor that receives 1a(b) with b > maxBal promises b (maxBal := b) and
///   answers 1b(b, maxVBal, maxVal), its last vote.
/// - Phase2a(b, v): once its leader holds 1b messages from a majority, it sends 2a(b, v), v being
///   the value of the highest-ballot vote they report, or any value if none reports one; at most
///   one 2a per ballot.
/// - Phase2b(a): an acceptor that receives 2a(b, v) with b ≥ maxBal votes for it (maxBal :=
///   maxVBal := b, maxVal := v) and announces 2b(b, v) to the leader.
///
/// A value is chosen when a majority voted for it in one ballot. Every acceptor keeps the set of
/// its votes (`votes`, the variable of Lamport's Voting specification that Paxos refines); the
/// protocol never reads it, and it adds no state, since it is exactly the acceptor's 2b messages.
///
/// The states correspond to TLC's, except for one thing the System layer cannot avoid: in
/// Paxos.tla, Phase2a reads the message set directly, while a leader here must receive each 1b
/// and can choose only from its local state. So a state also says which of its ballot's 1b
/// messages each leader that has not yet proposed has received. Every state, with that part
/// forgotten, is one of TLC's states, and each of TLC's 3,921 states (at `maxBallot` 1) is
/// reached; a TLC state with k_b 1b messages of ballot b, for each ballot b without a 2a, stands
/// for 2^(k_0 + k_1 + ...) states here: 7,056 in all (see docs/models.md).
public struct PaxosLamportProcess: SystemProcess {
  /// The protocol as specified, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// The correct protocol.
    case correct
    /// A leader proposes any value, even when a promise reports a vote.
    case phase2aIgnoresVotes = "phase2a-ignores-votes"
    /// An acceptor votes for a proposal below the ballot it promised.
    case acceptorAcceptsBelowPromise = "acceptor-accepts-below-promise"
  }

  /// The messages of Paxos.tla; the acceptor that sends a 1b or a 2b is on the envelope.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Phase 1a: the leader asks acceptors to promise `ballot`.
    case oneA(ballot: Int)
    /// Phase 1b: a promise of `ballot`, with the acceptor's last vote (`mbal` -1 and `mval`
    /// nil: none).
    case oneB(ballot: Int, mbal: Int, mval: Int?)
    /// Phase 2a: the leader proposes `value` in `ballot`.
    case twoA(ballot: Int, value: Int)
    /// Phase 2b: the acceptor voted for `value` in `ballot`.
    case twoB(ballot: Int, value: Int)

    /// Kind, ballot, and two more fields, each at least -1: the order and the fingerprint.
    var key: (Int, Int, Int, Int) {
      switch self {
      case .oneA(let b): return (0, b, -1, -1)
      case .oneB(let b, let mbal, let mval): return (1, b, mbal, mval ?? -1)
      case .twoA(let b, let v): return (2, b, v, -1)
      case .twoB(let b, let v): return (3, b, v, -1)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// Feeds the kind and fields in one word.
    public func fingerprint(into f: inout Fingerprinter) {
      let (kind, x, y, z) = key
      f.combine(word: UInt64(truncatingIfNeeded: ((kind * 64 + x + 1) * 64 + y + 1) * 64 + z + 1))
    }

    /// `1a(0)`, `1b(1, voted v1 in 0)`, `2a(0, v1)`, `2b(0, v1)`.
    public var description: String {
      switch self {
      case .oneA(let b): return "1a(\(b))"
      case .oneB(let b, let mbal, let mval):
        return mval.map { "1b(\(b), voted \(valueName($0)) in \(mbal))" } ?? "1b(\(b), no vote)"
      case .twoA(let b, let v): return "2a(\(b), \(valueName(v)))"
      case .twoB(let b, let v): return "2b(\(b), \(valueName(v)))"
      }
    }
  }

  /// A leader's spontaneous steps.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Phase1a(ballot): start the ballot.
    case phase1a(ballot: Int)
    /// Phase2a(ballot, value): propose `value`.
    case phase2a(ballot: Int, value: Int)

    /// `Phase1a(0)`, `Phase2a(1, v2)`, as Paxos.tla names the actions.
    public var description: String {
      switch self {
      case .phase1a(let b): return "Phase1a(\(b))"
      case .phase2a(let b, let v): return "Phase2a(\(b), \(valueName(v)))"
      }
    }
  }

  /// An acceptor's variables, as Paxos.tla names them, and its votes.
  public struct Acceptor: Hashable, Sendable {
    /// The highest ballot it promised or voted in, -1 for none.
    public var maxBal = -1
    /// The ballot of its last vote, -1 for none.
    public var maxVBal = -1
    /// The value of its last vote, nil for none.
    public var maxVal: Int? = nil
    /// Every vote it cast, bit `ballot × values + value`; only the properties read it.
    public var votes: UInt32 = 0
  }

  /// A vote: an acceptor voted for `value` in `ballot`.
  public struct Vote: Hashable, Sendable {
    /// The ballot.
    public var ballot: Int
    /// The value.
    public var value: Int
  }

  /// A leader's knowledge: the acceptors whose 1b it received and the highest vote they
  /// reported, until it proposes; then only its proposal.
  public struct Leader: Hashable, Sendable {
    /// The acceptors whose promise it received.
    public var promised = ProcessSet()
    /// The highest-ballot vote the promises report, if any.
    public var highest: Vote? = nil
    /// The value of its 2a, once sent.
    public var proposal: Int? = nil
  }

  /// A process's local state, by role.
  public enum LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// An acceptor.
    case acceptor(Acceptor)
    /// The leader of a ballot.
    case leader(Leader)

    /// Feeds a tag and every field in one word.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .acceptor(let a):
        let variables = ((a.maxBal + 1) * 64 + a.maxVBal + 1) * 64 + (a.maxVal ?? -1) + 1
        f.combine(word: UInt64(a.votes) << 32 | UInt64(truncatingIfNeeded: variables) << 1)
      case .leader(let l):
        let highest = ((l.highest?.ballot ?? -1) + 1) * 64 + (l.highest?.value ?? -1) + 1
        let fields = (highest * 64 + (l.proposal ?? -1) + 1) * 64 + Int(truncatingIfNeeded: l.promised.bits)
        f.combine(word: UInt64(truncatingIfNeeded: fields) << 1 | 1)
      }
    }

    /// `maxBal 1, maxVBal 0, maxVal v1`, `promises from a1, a2; highest vote v1 in 0`,
    /// `proposed v2`.
    public var description: String {
      switch self {
      case .acceptor(let a):
        return "maxBal \(a.maxBal), maxVBal \(a.maxVBal), maxVal \(a.maxVal.map(valueName) ?? "none")"
      case .leader(let l):
        if let proposal = l.proposal { return "proposed \(valueName(proposal))" }
        if l.promised.isEmpty { return "no promises" }
        let from = l.promised.members.map(acceptorName).joined(separator: ", ")
        let highest = l.highest.map { "highest vote \(valueName($0.value)) in \($0.ballot)" } ?? "no vote"
        return "promises from \(from); \(highest)"
      }
    }
  }

  /// Values are 0 and 1, shown as v1 and v2.
  public typealias Value = Int

  /// Which protocol runs.
  public let variant: Variant

  /// Creates the code of every process.
  public init(variant: Variant) { self.variant = variant }

  /// The acceptors' process numbers.
  static let acceptors = ProcessSet(0..<PaxosLamport.acceptors)
  /// Any two of the three acceptors: Paxos.tla's quorums.
  static let majority = 2

  /// Acceptors have promised nothing and voted for nothing; leaders know nothing.
  public func start(_ context: inout Context<Self>) -> LocalState {
    Self.acceptors.contains(context.id) ? .acceptor(Acceptor()) : .leader(Leader())
  }

  /// Phase1a is always open to a leader; Phase2a once it holds a majority of promises and has
  /// not proposed: the highest reported vote's value, or either value if none was reported.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    guard case .leader(let leader) = state else { return [] }
    let ballot = context.id - PaxosLamport.acceptors
    var open: [Choice] = [.phase1a(ballot: ballot)]
    guard leader.proposal == nil, leader.promised.count >= Self.majority else { return open }
    if let highest = leader.highest, variant != .phase2aIgnoresVotes {
      open.append(.phase2a(ballot: ballot, value: highest.value))
    } else {
      open += (0..<PaxosLamport.values).map { .phase2a(ballot: ballot, value: $0) }
    }
    return open
  }

  /// Phase1a(b) and Phase2a(b, v): send to every acceptor. Having proposed, the leader forgets
  /// the promises: they no longer matter.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch choice {
    case .phase1a(let b):
      context.send(.oneA(ballot: b), to: Self.acceptors)
    case .phase2a(let b, let v):
      state = .leader(Leader(proposal: v))
      context.send(.twoA(ballot: b, value: v), to: Self.acceptors)
    }
  }

  /// Phase1b and Phase2b at an acceptor; a leader collects promises until it proposes.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch (state, message) {
    case (.acceptor(var a), .oneA(let b)) where b > a.maxBal:
      a.maxBal = b
      state = .acceptor(a)
      context.send(.oneB(ballot: b, mbal: a.maxVBal, mval: a.maxVal), to: sender)
    case (.acceptor(var a), .twoA(let b, let v))
    where b >= a.maxBal || variant == .acceptorAcceptsBelowPromise:
      // Only the broken variant votes below its promise; it keeps the higher promise.
      a.maxBal = max(a.maxBal, b)
      a.maxVBal = b
      a.maxVal = v
      a.votes |= 1 << UInt32(b * PaxosLamport.values + v)
      state = .acceptor(a)
      context.send(.twoB(ballot: b, value: v), to: sender)
    case (.leader(var l), .oneB(_, let mbal, let mval)) where l.proposal == nil:
      l.promised.insert(sender)
      if let mval, mbal > (l.highest?.ballot ?? -1) { l.highest = Vote(ballot: mbal, value: mval) }
      state = .leader(l)
    default:
      // Stale 1a and 2a, promises after proposing, and 2b: nothing to do.
      break
    }
  }

  /// The values chosen in `state` are reported as a decision of the acceptor whose vote made
  /// them chosen, so a trace shows "at most one value chosen" as agreement (or integrity).
  public static func traceEvents(
    from before: SystemState<PaxosLamportProcess>, to after: SystemState<PaxosLamportProcess>
  ) -> [StepEvent] {
    let newlyChosen = PaxosLamport.chosen(in: after) & ~PaxosLamport.chosen(in: before)
    return (0..<PaxosLamport.values).filter { newlyChosen & (1 << $0) != 0 }.map {
      .decide(.string(valueName($0)))
    }
  }

  /// `a1`, `a2`, `a3`, `leader0`, `leader1`, ...
  public func name(of process: Int) -> String {
    Self.acceptors.contains(process) ? acceptorName(process) : "leader\(process - PaxosLamport.acceptors)"
  }
}

/// `a1` for acceptor 0.
private func acceptorName(_ acceptor: Int) -> String { "a\(acceptor + 1)" }
/// `v1` for value 0.
private func valueName(_ value: Int) -> String { "v\(value + 1)" }

/// Builds Lamport's Paxos on the System layer and its properties.
public enum PaxosLamport {
  /// The number of acceptors.
  public static let acceptors = 3
  /// The number of values that may be proposed.
  public static let values = 2
  /// The largest `maxBallot` the catalogue accepts; 2 already gives 494,784 states.
  public static let largestMaxBallot = 4

  /// The values a majority of acceptors voted for in one ballot (Lamport's `chosen`), as a
  /// bit set: bit v for value v.
  public static func chosen(in state: SystemState<PaxosLamportProcess>) -> Int {
    var castOnce: UInt32 = 0
    var castTwice: UInt32 = 0
    for process in 0..<min(acceptors, state.processCount) {
      guard case .acceptor(let acceptor) = state.locals[process] else { continue }
      castTwice |= castOnce & acceptor.votes
      castOnce |= acceptor.votes
    }
    // Any two of the three acceptors are a majority.
    var values = 0
    for vote in 0..<UInt32.bitWidth where castTwice & (1 << UInt32(vote)) != 0 {
      values |= 1 << (vote % Self.values)
    }
    return values
  }

  /// The values some leader proposed, as a bit set.
  static func proposed(in state: SystemState<PaxosLamportProcess>) -> Int {
    var values = 0
    for local in state.locals.dropFirst(acceptors) {
      if case .leader(let leader) = local, let proposal = leader.proposal { values |= 1 << proposal }
    }
    return values
  }

  /// Three acceptors and a leader for each ballot `0...maxBallot`, over a message set.
  public static func make(
    maxBallot: Int = 1, variant: PaxosLamportProcess.Variant = .correct
  ) throws(FaultlineError) -> System<PaxosLamportProcess> {
    guard (0...largestMaxBallot).contains(maxBallot) else {
      throw .invalidParameter(
        name: "max-ballot", value: String(maxBallot), expected: "an integer from 0 to \(largestMaxBallot)")
    }
    let process = PaxosLamportProcess(variant: variant)
    return try System(
      processes: Array(repeating: process, count: acceptors + maxBallot + 1), network: .duplicating,
      properties: [
        // Lamport's Consistency.
        .always("at most one value chosen") { chosen(in: $0).nonzeroBitCount <= 1 },
        .always("only a proposed value is chosen") { chosen(in: $0) & ~proposed(in: $0) == 0 },
        .sometimes("a value is chosen") { chosen(in: $0) != 0 },
      ])
  }
}
