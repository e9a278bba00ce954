import Faultline

/// Single-decree Paxos with proposers that retry when they are preempted, written from
/// Lamport's "Paxos Made Simple" (2001) for its progress property: §2.3's acceptor that tells a
/// proposer it ignored its request, and §2.4's scenario in which "two proposers each keep issuing
/// a sequence of proposals with increasing numbers, none of which are ever chosen", which only
/// a distinguished proposer avoids.
///
/// - Proposers p0 and p1 propose v0 and v1; proposer i owns the ballots i, i + 2, ... A proposer
///   starts with its first ballot. An acceptor that ignores a Prepare or an Accept below its
///   promise answers Reject(b, promised); a proposer rejected in its current ballot starts its
///   smallest ballot above the promise it was told, and sends Prepare again. Ballots are never
///   bounded.
/// - One to three acceptors (`--acceptors`); an acceptor promises a ballot above its promise and
///   accepts one at least its promise, logging both before it answers; with three acceptors one
///   may crash (`--crashes 1`) and recover.
/// - A value is chosen once a majority accepted it in one ballot; acceptors forget, so the
///   checker keeps its own record of the votes that may still count (`Log.ghostVotes`).
/// - `dueling-proposers`: no leader election; both proposers retry for ever. `stable-leader`:
///   an Ω oracle settles, at some point of every fair behaviour, on one proposer and tells
///   both; from then on only that one starts or retries ballots.
///
/// The network is `latest`: each channel holds the newest message sent on it, and delivers it
/// eventually while it stays there. With that, and ballots renamed to the smallest that keep
/// their order and owners (`PaxosProgress.abstraction`), the state space is finite, so a duel
/// comes back as a cycle that repeats for ever. The soundness argument is in docs/models.md.
public struct PaxosProgressProcess: SystemProcess {
  /// The protocol's messages; ballot -1 stands for "none".
  public enum Message: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Phase 1a: promise not to accept below `ballot`.
    case prepare(ballot: Int)
    /// Phase 1b: a promise, with the acceptor's last acceptance (ballot -1 for none).
    case promise(ballot: Int, acceptedBallot: Int, acceptedValue: Int)
    /// Phase 2a: accept `value` in `ballot`.
    case accept(ballot: Int, value: Int)
    /// The acceptor ignored a request in `ballot`, having promised `promised`.
    case reject(ballot: Int, promised: Int)
    /// Ω's output, from the oracle to a proposer: `proposer` is the leader from now on.
    case leader(proposer: Int)

    var key: (Int, Int, Int, Int) {
      switch self {
      case .prepare(let b): return (0, b, 0, 0)
      case .promise(let b, let ab, let av): return (1, b, ab, av)
      case .accept(let b, let v): return (2, b, v, 0)
      case .reject(let b, let m): return (3, b, m, 0)
      case .leader(let p): return (4, p, 0, 0)
      }
    }

    /// Orders by kind, then fields.
    public static func < (a: Message, b: Message) -> Bool { a.key < b.key }

    /// `Prepare(2)`, `Reject(0, promised 1)`, `Leader(p0)`, ...
    public var description: String {
      switch self {
      case .prepare(let b): return "Prepare(\(b))"
      case .promise(let b, let ab, let av):
        return ab < 0 ? "Promise(\(b), none accepted)" : "Promise(\(b), accepted v\(av) in \(ab))"
      case .accept(let b, let v): return "Accept(\(b), v\(v))"
      case .reject(let b, let m): return "Reject(\(b), promised \(m))"
      case .leader(let p): return "Leader(p\(p))"
      }
    }
  }

  /// The spontaneous steps: a proposer's first ballot, and the oracle settling.
  public enum Choice: Hashable, Sendable, CustomStringConvertible {
    /// A proposer starts its first ballot.
    case start
    /// The Ω oracle settles on `proposer` for good.
    case settle(on: Int)

    /// `starts its first ballot`, `settles on p0`.
    public var description: String {
      switch self {
      case .start: return "starts its first ballot"
      case .settle(let p): return "settles on p\(p) for good"
      }
    }
  }

  /// A proposer's state.
  public struct Proposer: Hashable, Sendable {
    /// Its current ballot, -1 before it starts.
    public var ballot = -1
    /// The acceptors that promised the current ballot.
    public var promises = ProcessSet()
    /// The highest acceptance those promises report (-1 for none), and its value.
    public var highestBallot = -1
    /// The value of that acceptance.
    public var highestValue = -1
    /// Whether it sent its Accept for the current ballot.
    public var sentAccept = false
    /// Whether Ω names it leader: true until the oracle settles on the other proposer.
    public var leads = true
  }

  /// A process's local state, by role.
  public enum LocalState: Hashable, Sendable, CustomStringConvertible {
    /// A proposer.
    case proposer(Proposer)
    /// An acceptor: its promise and its last acceptance (-1 for none).
    case acceptor(promised: Int, acceptedBallot: Int, acceptedValue: Int)
    /// The Ω oracle: the proposer it settled on, -1 before.
    case omega(leader: Int)

    /// A short summary of the role's fields.
    public var description: String {
      switch self {
      case .proposer(let p):
        guard p.ballot >= 0 else { return p.leads ? "idle" : "idle, follower" }
        // Acceptor i is process i + 2.
        let promised = p.promises.members.map { "a\($0 - 2)" }.joined(separator: ", ")
        return "ballot \(p.ballot), " + (p.sentAccept ? "sent Accept" : "promises {\(promised)}")
          + (p.leads ? "" : ", follower")
      case .acceptor(let promised, let ab, let av):
        return "promised \(promised), " + (ab < 0 ? "nothing accepted" : "accepted v\(av) in \(ab)")
      case .omega(let leader):
        return leader < 0 ? "unsettled" : "settled on p\(leader)"
      }
    }
  }

  /// An acceptor's stable storage: its promise and last acceptance, and the checker's record of
  /// its votes that may still count towards a chosen value (`ghostVotes`, never read by the
  /// protocol).
  public struct Log: Hashable, Sendable, CustomStringConvertible {
    /// The promise, -1 for none.
    public var promised = -1
    /// The last acceptance, -1 for none.
    public var acceptedBallot = -1
    /// Its value.
    public var acceptedValue = -1
    /// (ballot, value) of the votes that are kept: those of ballots that may still be chosen,
    /// and of the first ballot that chose each value; sorted.
    public var ghostVotes: [Vote] = []

    /// The fields the protocol reads.
    public var description: String { "promised \(promised), accepted \(acceptedBallot)/\(acceptedValue)" }
  }

  /// One acceptance, in the checker's record.
  public struct Vote: Hashable, Sendable, Comparable {
    /// The ballot.
    public var ballot: Int
    /// The value.
    public var value: Int

    /// Orders by ballot, then value.
    public static func < (a: Vote, b: Vote) -> Bool { (a.ballot, a.value) < (b.ballot, b.value) }
  }

  /// The stable-storage type.
  public typealias Stable = Log

  /// The proposers' process numbers; proposer i proposes value i.
  public static let proposers = ProcessSet([0, 1])
  /// The acceptors' process numbers: 2, 3, ...
  public let acceptors: ProcessSet
  /// The Ω oracle's process number (the last), in the `stable-leader` variant.
  public var omega: Int { 2 + acceptors.count }
  /// How many acceptors make a majority.
  public var majority: Int { acceptors.count / 2 + 1 }

  /// Whether an Ω oracle settles on a leader (`stable-leader`) or not (`dueling-proposers`).
  public let electsLeader: Bool

  /// Creates the code of every process with `acceptors` acceptors; with `electsLeader`, the
  /// last process is the Ω oracle.
  public init(electsLeader: Bool, acceptors: Int = 3) {
    self.electsLeader = electsLeader
    self.acceptors = ProcessSet(2..<(2 + acceptors))
  }

  /// The owner of a ballot: proposer `ballot mod 2`.
  public static func owner(of ballot: Int) -> Int { ballot & 1 }

  /// Proposer `proposer`'s smallest ballot above `ballot`.
  public static func smallestBallot(of proposer: Int, above ballot: Int) -> Int {
    var next = ballot + 1
    if owner(of: next) != proposer { next += 1 }
    return next
  }

  /// Proposers idle and leading, acceptors with nothing promised, the oracle unsettled.
  public func start(_ context: inout Context<Self>) -> LocalState {
    switch context.id {
    case _ where Self.proposers.contains(context.id): return .proposer(Proposer())
    case omega where electsLeader: return .omega(leader: -1)
    default: return .acceptor(promised: -1, acceptedBallot: -1, acceptedValue: -1)
    }
  }

  /// A leading proposer that has not started may start; the oracle may settle on either proposer.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] {
    switch state {
    case .proposer(let p) where p.ballot < 0 && p.leads: return [.start]
    case .omega(let leader) where leader < 0: return [.settle(on: 0), .settle(on: 1)]
    default: return []
    }
  }

  /// Starts the first ballot, or settles Ω and tells both proposers.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {
    switch (state, choice) {
    case (.proposer(var p), .start) where p.ballot < 0:
      p.ballot = Self.smallestBallot(of: context.id, above: -1)
      state = .proposer(p)
      context.send(.prepare(ballot: p.ballot), to: acceptors)
    case (.omega(let leader), .settle(let proposer)) where leader < 0:
      state = .omega(leader: proposer)
      context.send(.leader(proposer: proposer), to: Self.proposers)
    default:
      break
    }
  }

  /// Runs the role's part of the protocol.
  public func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>
  ) {
    switch (state, message) {
    case (.acceptor(let promised, let ab, let av), .prepare(let b)):
      if b > promised {
        state = .acceptor(promised: b, acceptedBallot: ab, acceptedValue: av)
        log(state, &context, vote: nil)
        context.send(.promise(ballot: b, acceptedBallot: ab, acceptedValue: av), to: sender)
      } else if b < promised {
        context.send(.reject(ballot: b, promised: promised), to: sender)
      }
    case (.acceptor(let promised, _, _), .accept(let b, let v)):
      if b >= promised {
        state = .acceptor(promised: b, acceptedBallot: b, acceptedValue: v)
        log(state, &context, vote: Vote(ballot: b, value: v))
      } else {
        context.send(.reject(ballot: b, promised: promised), to: sender)
      }
    case (.proposer(var p), .promise(let b, let ab, let av)) where b == p.ballot && !p.sentAccept:
      p.promises.insert(sender)
      if ab > p.highestBallot { (p.highestBallot, p.highestValue) = (ab, av) }
      if p.promises.count >= majority {
        let value = p.highestBallot >= 0 ? p.highestValue : context.id
        // What it heard no longer matters once it sent its Accept: forget it, to merge states.
        p = Proposer(ballot: p.ballot, sentAccept: true, leads: p.leads)
        context.send(.accept(ballot: b, value: value), to: acceptors)
      }
      state = .proposer(p)
    case (.proposer(let p), .reject(let b, let promised)) where b == p.ballot && p.leads:
      let next = Self.smallestBallot(of: context.id, above: max(p.ballot, promised))
      state = .proposer(Proposer(ballot: next, leads: true))
      context.send(.prepare(ballot: next), to: acceptors)
    case (.proposer(var p), .leader(let proposer)):
      p.leads = proposer == context.id
      state = .proposer(p)
    default:
      break
    }
  }

  /// Writes an acceptor's promise and acceptance, and the checker's record of the new vote.
  func log(_ state: LocalState, _ context: inout Context<Self>, vote: Vote?) {
    guard case .acceptor(let promised, let ab, let av) = state else { return }
    var votes = context.stable?.ghostVotes ?? []
    if let vote, !votes.contains(vote) {
      votes.append(vote)
      votes.sort()
    }
    context.store(Log(promised: promised, acceptedBallot: ab, acceptedValue: av, ghostVotes: votes))
  }

  /// An acceptor comes back with what it logged.
  public func recover(_ context: inout Context<Self>) -> LocalState {
    let log = context.stable ?? Log()
    return .acceptor(
      promised: log.promised, acceptedBallot: log.acceptedBallot, acceptedValue: log.acceptedValue)
  }

  /// `p0`, `p1`, `a0`, `a1`, `a2`, `omega`.
  public func name(of process: Int) -> String {
    if acceptors.contains(process) { return "a\(process - 2)" }
    return process == omega ? "omega" : "p\(process)"
  }
}
