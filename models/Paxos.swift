import Faultline

/// Single-decree Paxos as Lamport describes it in "Paxos Made Simple", written operationally:
/// proposers p0 and p1 (proposing values 0 and 1), acceptors a0, a1, a2 (majorities of two),
/// and one learner, over a network that loses, duplicates and reorders messages.
///
/// - Proposer `i` uses ballots `i, i + 2, ...` below `2 × rounds`. It sends Prepare(b), and with
///   Promises from a majority sends Accept(b, v), where v is the value of the highest-ballot
///   acceptance the Promises report, or its own value if none does.
/// - An acceptor promises a ballot above any it promised, and accepts a ballot at least its
///   promise; it keeps both on stable storage before answering, so a crash and recovery
///   (`--crashes`) loses nothing it acted on.
/// - The learner learns a value once a majority reports accepting it in one ballot.
///
/// Acceptors crash (`Faults.crashable`), at most `--crashes` times, and each may recover; with
/// `--proposer-crashes` proposers may crash and recover too, from the ballot they logged.
/// The network is a message set (`duplicating`): any message may be delivered any number of
/// times, in any order, or never; `--network lossy` also drops messages, which reaches the
/// same local states (a dropped message is one never delivered) through more network states.
///
/// A value is *chosen* when a majority accepted it in one ballot. Acceptors forget, so the
/// checker keeps its own record of every acceptance (`ghostVotes`, kept with stable storage
/// but never read by the protocol).
///
/// Broken variants: an acceptor that logs its acceptance but not its promise recovers having
/// promised only the ballot it accepted (`acceptor-forgets-promise`), and a proposer that proposes its own value whatever the
/// Promises report (`proposer-ignores-accepted`). Each lets two values be chosen.
public struct PaxosProcess: SystemProcess {
  /// The ways the protocol can be broken.
  public enum Variant: String, Sendable, CaseIterable {
    /// The protocol as published.
    case correct
    /// Acceptors log their acceptance but not their promise: they recover promising only the
    /// ballot they accepted.
    case acceptorForgetsPromise = "acceptor-forgets-promise"
    /// Phase 2 uses the proposer's own value even when a Promise reports an accepted one.
    case proposerIgnoresAccepted = "proposer-ignores-accepted"
  }

  /// The protocol's messages; "none" is ballot -1.
  public enum Message: Hashable, Comparable, Sendable, Fingerprintable, CustomStringConvertible {
    /// Phase 1a: promise not to accept below `ballot`.
    case prepare(ballot: Int)
    /// Phase 1b: a promise, with the acceptor's last acceptance (ballot -1 for none).
    case promise(ballot: Int, acceptedBallot: Int, acceptedValue: Int)
    /// Phase 2a: accept `value` in `ballot`.
    case accept(ballot: Int, value: Int)
    /// Phase 2b, to the learner: the acceptor accepted `value` in `ballot`.
    case accepted(ballot: Int, value: Int)

    var key: (Int, Int, Int, Int) {
      switch self {
      case .prepare(let b): return (0, b, 0, 0)
      case .promise(let b, let ab, let av): return (1, b, ab, av)
      case .accept(let b, let v): return (2, b, v, 0)
      case .accepted(let b, let v): return (3, b, v, 0)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// Feeds the kind and fields in one word.
    public func fingerprint(into f: inout Fingerprinter) {
      let (tag, x, y, z) = key
      f.combine(word: UInt64(truncatingIfNeeded: ((tag * 64 + x + 1) * 64 + y + 1) * 64 + z + 1))
    }

    /// `Prepare(1)`, `Promise(1, accepted v0 in 0)`, `Accept(1, v0)`, `Accepted(1, v0)`.
    public var description: String {
      switch self {
      case .prepare(let b): return "Prepare(\(b))"
      case .promise(let b, let ab, let av):
        return ab < 0 ? "Promise(\(b), none accepted)" : "Promise(\(b), accepted v\(av) in \(ab))"
      case .accept(let b, let v): return "Accept(\(b), v\(v))"
      case .accepted(let b, let v): return "Accepted(\(b), v\(v))"
      }
    }
  }

  /// A proposer's one spontaneous step.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// Start the next ballot.
    case prepare
    /// `prepare next ballot`.
    public var description: String { "starts its next ballot" }
  }

  /// A process's local state, by role.
  public enum LocalState: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A proposer: its ballot, the acceptors that promised it, the highest acceptance they
    /// reported, and whether it sent its Accept.
    case proposer(ballot: Int, promises: ProcessSet, highestBallot: Int, highestValue: Int, sentAccept: Bool)
    /// An acceptor: its promise and its last acceptance (-1 for none).
    case acceptor(promised: Int, acceptedBallot: Int, acceptedValue: Int)
    /// The learner: one bit per (ballot, value, acceptor) heard, and what it learned (-1 none).
    case learner(heard: UInt64, learned: Int)

    /// Feeds a tag and the fields.
    public func fingerprint(into f: inout Fingerprinter) {
      switch self {
      case .proposer(let b, let promises, let hb, let hv, let sent):
        f.combine(
          word: UInt64(truncatingIfNeeded: ((b + 1) * 64 + hb + 1) * 64 + hv + 1) << 2 | (sent ? 2 : 0))
        f.combine(promises)
      case .acceptor(let promised, let ab, let av):
        f.combine(word: UInt64(truncatingIfNeeded: ((promised + 1) * 64 + ab + 1) * 64 + av + 1) << 2 | 1)
      case .learner(let heard, let learned):
        f.combine(word: UInt64(truncatingIfNeeded: learned + 1) << 2 | 3)
        f.combine(word: heard)
      }
    }

    /// A short summary of the role's fields.
    public var description: String {
      switch self {
      case .proposer(let b, let promises, _, _, let sent):
        return b < 0 ? "idle" : "ballot \(b), promises \(promises)\(sent ? ", sent Accept" : "")"
      case .acceptor(let promised, let ab, let av):
        return "promised \(promised), " + (ab < 0 ? "nothing accepted" : "accepted v\(av) in \(ab)")
      case .learner(_, let learned):
        return learned < 0 ? "learned nothing" : "learned v\(learned)"
      }
    }
  }

  /// What a process keeps on stable storage, by role; `ghostVotes` is the checker's record of
  /// an acceptor's acceptances (bit `2 × ballot + value`), which the protocol never reads.
  public struct Log: Hashable, Sendable, Fingerprintable, CustomStringConvertible {
    /// A proposer's last ballot, or an acceptor's promise.
    public var ballot = -1
    /// An acceptor's last acceptance, -1 for none.
    public var acceptedBallot = -1
    /// The value of that acceptance.
    public var acceptedValue = -1
    /// What the learner learned, -1 for nothing.
    public var learned = -1
    /// Every acceptance this acceptor made, whether or not it remembers it.
    public var ghostVotes: UInt64 = 0

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(
        word: UInt64(
          truncatingIfNeeded: (((ballot + 1) * 64 + acceptedBallot + 1) * 64 + acceptedValue + 1) * 64
            + learned + 1))
      f.combine(word: ghostVotes)
    }

    /// The fields that are set.
    public var description: String { "ballot \(ballot), accepted \(acceptedBallot)/\(acceptedValue)" }
  }

  /// The stable-storage type.
  public typealias Stable = Log
  /// Values are the proposers' numbers: proposer `i` proposes `i`.
  public typealias Value = Int

  /// The proposers, acceptors and learner by process number.
  public static let proposers = ProcessSet([0, 1])
  /// The acceptors' process numbers.
  public static let acceptors = ProcessSet([2, 3, 4])
  /// The learner's process number.
  public static let learner = 5
  /// How many acceptors make a majority.
  static let majority = 2

  /// Which variant runs.
  public let variant: Variant
  /// Ballots per proposer.
  public let rounds: Int

  /// Creates the code of every process for `variant` with `rounds` ballots per proposer.
  public init(variant: Variant, rounds: Int) {
    self.variant = variant
    self.rounds = rounds
  }

  /// Proposers are idle, acceptors have promised nothing, the learner has heard nothing.
  public func start(_ context: inout Context<Self>) -> LocalState {
    if Self.proposers.contains(context.id) {
      return .proposer(
        ballot: -1, promises: ProcessSet(), highestBallot: -1, highestValue: -1, sentAccept: false)
    }
    return context.id == Self.learner
      ? .learner(heard: 0, learned: -1)
      : .acceptor(
        promised: -1, acceptedBallot: -1, acceptedValue: -1)
  }

  /// A proposer's next ballot, if it has one left.
  func nextBallot(after ballot: Int, of proposer: Int) -> Int? {
    let next = ballot < 0 ? proposer : ballot + 2
    return next < 2 * rounds ? next : nil
  }

  /// A proposer may start its next ballot at any time.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    guard case .proposer(let ballot, _, _, _, _) = state, nextBallot(after: ballot, of: context.id) != nil
    else { return [] }
    return [.prepare]
  }

  /// Starts the next ballot: logs it, then sends Prepare to every acceptor.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    guard case .proposer(let ballot, _, _, _, _) = state, let next = nextBallot(after: ballot, of: context.id)
    else { return }
    state = .proposer(
      ballot: next, promises: ProcessSet(), highestBallot: -1, highestValue: -1, sentAccept: false)
    context.store(Log(ballot: next))
    context.send(.prepare(ballot: next), to: Self.acceptors)
  }

  /// Runs the role's part of the protocol.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch (state, message) {
    case (.acceptor(let promised, let ab, let av), .prepare(let b)) where b > promised:
      state = .acceptor(promised: b, acceptedBallot: ab, acceptedValue: av)
      log(state, &context)
      context.send(.promise(ballot: b, acceptedBallot: ab, acceptedValue: av), to: sender)
    case (.acceptor(let promised, _, _), .accept(let b, let v)) where b >= promised:
      state = .acceptor(promised: b, acceptedBallot: b, acceptedValue: v)
      log(state, &context, newVote: 2 * b + v)
      context.send(.accepted(ballot: b, value: v), to: Self.learner)
    case (.proposer(let ballot, var promises, var hb, var hv, false), .promise(let b, let ab, let av))
    where b == ballot:
      promises.insert(sender)
      if ab > hb { (hb, hv) = (ab, av) }
      guard promises.count >= Self.majority else {
        state = .proposer(
          ballot: ballot, promises: promises, highestBallot: hb, highestValue: hv, sentAccept: false)
        return
      }
      // What it heard no longer matters once it sent its Accept: forget it, to merge states.
      state = .proposer(
        ballot: ballot, promises: ProcessSet(), highestBallot: -1, highestValue: -1, sentAccept: true)
      let value = hb >= 0 && variant != .proposerIgnoresAccepted ? hv : context.id
      context.send(.accept(ballot: ballot, value: value), to: Self.acceptors)
    case (.learner(var heard, let learned), .accepted(let b, let v)) where learned < 0:
      let base = (2 * b + v) * 3
      guard base >= 0, base + 3 <= 64, Self.acceptors.contains(sender) else { return }
      heard |= 1 << UInt64(base + sender - 2)
      let votes = (heard >> UInt64(base)) & 0b111
      if votes.nonzeroBitCount >= Self.majority {
        // Once it has learned, what it heard no longer matters: forget it, to merge states.
        state = .learner(heard: 0, learned: v)
        context.store(Log(learned: v))
        context.decide(v)
      } else {
        state = .learner(heard: heard, learned: -1)
      }
    default:
      break
    }
  }

  /// Writes an acceptor's promise (unless the variant forgets it) and acceptance, and the
  /// checker's record of its votes.
  func log(_ state: LocalState, _ context: inout Context<Self>, newVote: Int? = nil) {
    guard case .acceptor(let promised, let ab, let av) = state else { return }
    var ghost = context.stable?.ghostVotes ?? 0
    if let newVote, newVote >= 0, newVote < 64 { ghost |= 1 << UInt64(newVote) }
    if variant == .acceptorForgetsPromise {
      // The acceptance is logged, the promise is not: it recovers promising only what it accepted.
      context.store(Log(ballot: ab, acceptedBallot: ab, acceptedValue: av, ghostVotes: ghost))
    } else {
      context.store(Log(ballot: promised, acceptedBallot: ab, acceptedValue: av, ghostVotes: ghost))
    }
  }

  /// Each role comes back from what it logged; a proposer does not reuse its last ballot.
  public func recover(_ context: inout Context<Self>) -> LocalState {
    let log = context.stable ?? Log()
    if Self.proposers.contains(context.id) {
      return .proposer(
        ballot: log.ballot, promises: ProcessSet(), highestBallot: -1, highestValue: -1, sentAccept: true)
    }
    if context.id == Self.learner { return .learner(heard: 0, learned: log.learned) }
    return .acceptor(
      promised: log.ballot, acceptedBallot: log.acceptedBallot, acceptedValue: log.acceptedValue)
  }

  /// Renames acceptors in a proposer's promises and in the learner's record.
  public func permute(state: LocalState, by permutation: ProcessPermutation) -> LocalState {
    switch state {
    case .proposer(let b, let promises, let hb, let hv, let sent):
      return .proposer(
        ballot: b, promises: promises.permuted(by: permutation), highestBallot: hb, highestValue: hv,
        sentAccept: sent)
    case .acceptor:
      return state
    case .learner(let heard, let learned):
      var renamed: UInt64 = 0
      for bit in ProcessSet(bits: heard).members {
        let acceptor = permutation[bit % 3 + 2] - 2
        if acceptor >= 0 && acceptor < 3 { renamed |= 1 << UInt64(bit - bit % 3 + acceptor) }
      }
      return .learner(heard: renamed, learned: learned)
    }
  }

  /// `p0`, `p1`, `a0`, `a1`, `a2`, `learner`.
  public func name(of process: Int) -> String {
    if Self.acceptors.contains(process) { return "a\(process - 2)" }
    return process == Self.learner ? "learner" : "p\(process)"
  }
}

/// Builds the Paxos system and its properties.
public enum Paxos {
  /// The most ballots per proposer the catalogue accepts.
  public static let maxRounds = 3

  /// The values chosen in `state`: accepted by a majority in one ballot.
  public static func chosen(in state: SystemState<PaxosProcess>) -> Set<Int> {
    var counts: [Int: Int] = [:]
    for acceptor in PaxosProcess.acceptors.members where acceptor < state.processCount {
      let votes = state.stable[acceptor]?.ghostVotes ?? 0
      for bit in ProcessSet(bits: votes).members { counts[bit, default: 0] += 1 }
    }
    return Set(counts.filter { $0.value >= PaxosProcess.majority }.map { $0.key % 2 })
  }

  /// Two proposers, three acceptors and a learner over a lossy duplicating network; at most
  /// `crashes` crashes, each followed by a possible recovery from stable storage. Only
  /// acceptors crash unless `proposersCrash`, when proposers may too: a recovered proposer
  /// resumes after the ballot it logged and never resends an Accept for it.
  public static func make(
    variant: PaxosProcess.Variant = .correct, rounds: Int = 1, crashes: Int = 1, lossy: Bool = false,
    symmetry: Bool = true, proposersCrash: Bool = false
  ) throws(FaultlineError) -> System<PaxosProcess> {
    guard rounds >= 1 && rounds <= maxRounds else {
      throw .invalidParameter(name: "rounds", value: "\(rounds)", expected: "1 to \(maxRounds)")
    }
    guard crashes >= 0 && crashes <= 3 else {
      throw .invalidParameter(name: "crashes", value: "\(crashes)", expected: "0 to 3")
    }
    let process = PaxosProcess(variant: variant, rounds: rounds)
    return try System(
      processes: Array(repeating: process, count: 6),
      network: NetworkSemantics(delivery: .duplicating, lossy: lossy),
      faults: Faults(
        crashes: crashes, recovery: true,
        crashable: proposersCrash
          ? PaxosProcess.acceptors.union(PaxosProcess.proposers) : PaxosProcess.acceptors),
      symmetric: symmetry ? Array(PaxosProcess.acceptors.members) : [],
      properties: [
        .always("only a proposed value is chosen") { state in
          // Proposer v proposes v, and has proposed once it started a ballot.
          chosen(in: state).allSatisfy { state.stable[$0] != nil }
        },
        .always("at most one value is chosen") { state in chosen(in: state).count <= 1 },
        .always("a learner learns only a chosen value") { state in
          let learned = state.decisions(of: PaxosProcess.learner)
          return learned.isEmpty || chosen(in: state).isSuperset(of: learned)
        },
        SystemProperties.decidesAtMostOnce(),
        .sometimes("a value is chosen") { state in !chosen(in: state).isEmpty },
        .sometimes("the learner learns") { state in !state.decisions(of: PaxosProcess.learner).isEmpty },
      ])
  }
}

extension PaxosProcess {
  /// A value becoming chosen is reported as a decision of the acceptor whose acceptance
  /// completed the majority (as in paxos-lamport), so that a trace shows "at most one value is
  /// chosen" as agreement or integrity.
  public static func traceEvents(
    from before: SystemState<PaxosProcess>, to after: SystemState<PaxosProcess>
  ) -> [StepEvent] {
    Paxos.chosen(in: after).subtracting(Paxos.chosen(in: before)).sorted().map { .decide(.int($0)) }
  }
}
