import Faultline

/// Builds the Paxos progress system: its properties, and the map of states onto representatives
/// that keeps unbounded ballots finite.
public enum PaxosProgress {
  /// The most acceptors the progress variants take.
  public static let maxAcceptors = 3

  /// Two proposers, `acceptors` acceptors that may crash and recover and, with `electsLeader`,
  /// an Ω oracle, over a `latest` network; with `renamesBallots` (the default) ballots are
  /// renamed by `abstraction`, and without it the system is the concrete protocol, whose state
  /// space is infinite (for replaying a lasso with its real ballots). Throws for 0 or more than
  /// `maxAcceptors` acceptors, and for crashes other than at most one of three acceptors.
  public static func make(
    electsLeader: Bool, acceptors: Int = 2, crashes: Int = 0, renamesBallots: Bool = true
  ) throws(FaultlineError) -> System<PaxosProgressProcess> {
    guard acceptors >= 1 && acceptors <= maxAcceptors else {
      throw .invalidParameter(name: "acceptors", value: "\(acceptors)", expected: "1 to \(maxAcceptors)")
    }
    guard crashes == 0 || (crashes == 1 && acceptors == 3) else {
      // Proposers do not retransmit: a crash loses what was in flight to the acceptor.
      throw .invalidParameter(
        name: "crashes", value: "\(crashes)",
        expected: acceptors == 3
          ? "0 or 1 with 3 acceptors: proposers do not retransmit, so a second crash could take away the "
            + "answers of a majority, and the behaviour would stop for want of retransmission, not "
            + "because of the protocol's ballots"
          : "0 with \(acceptors) acceptor\(acceptors == 1 ? "" : "s") (a crash needs 3): proposers do not "
            + "retransmit, so what the crashed acceptor lost, which every majority needs, would never be "
            + "sent again, and the behaviour would stop for want of retransmission")
    }
    let process = PaxosProgressProcess(electsLeader: electsLeader, acceptors: acceptors)
    return try System(
      processes: Array(repeating: process, count: 2 + acceptors + (electsLeader ? 1 : 0)), network: .latest,
      faults: Faults(crashes: crashes, recovery: true, crashable: process.acceptors),
      properties: properties, abstraction: renamesBallots ? abstraction : nil)
  }

  /// The values chosen in `state`: accepted by a majority of the acceptors in one ballot, by
  /// the ghost record.
  public static func chosen(in state: SystemState<PaxosProgressProcess>) -> Set<Int> {
    var voters: [PaxosProgressProcess.Vote: Int] = [:]
    var acceptors = 0
    for process in 0..<state.processCount {
      guard case .acceptor = state.locals[process] else { continue }
      acceptors += 1
      for vote in state.stable[process]?.ghostVotes ?? [] { voters[vote, default: 0] += 1 }
    }
    return Set(voters.filter { $0.value > acceptors / 2 }.map(\.key.value))
  }

  /// Termination (Paxos Made Simple §2.1: "some proposed value is eventually chosen"), and the
  /// safety properties, which the ghost record keeps exact.
  static var properties: [Property<SystemState<PaxosProgressProcess>>] {
    [
      .always("only a proposed value is chosen") { state in
        chosen(in: state).allSatisfy { value in
          if case .proposer(let p) = state.locals[value] { return p.ballot >= 0 }
          return false
        }
      },
      .always("at most one value is chosen") { state in chosen(in: state).count <= 1 },
      .sometimes("a proposer retries after a rejection") { state in
        PaxosProgressProcess.proposers.members.contains { proposer in
          if case .proposer(let p) = state.locals[proposer] { return p.ballot >= 2 }
          return false
        }
      },
      .sometimes("a value is chosen") { state in !chosen(in: state).isEmpty },
      .eventually("termination: a value is chosen") { state in !chosen(in: state).isEmpty },
    ]
  }

  /// Every reached state's representative: messages and records no step will ever use are
  /// dropped, then ballots are renamed to the smallest numbers with the same order and owners.
  public static let abstraction = StateAbstraction<PaxosProgressProcess>(note: renamingNote) { parts in
    collectGarbage(&parts)
    renameBallots(&parts)
  }

  /// "ballots 2, 3 renamed 0, 1", for a step after which ballots are renamed.
  static func renamingNote(_ parts: SystemStateParts<Process>) -> String? {
    var collected = parts
    collectGarbage(&collected)
    let moved = renaming(of: collected).filter { $0.key != $0.value }.sorted { $0.key < $1.key }
    guard !moved.isEmpty else { return nil }
    return "ballots " + moved.map { String($0.key) }.joined(separator: ", ") + " renamed "
      + moved.map { String($0.value) }.joined(separator: ", ")
  }

  typealias Process = PaxosProgressProcess

  /// Drops what no step will ever react to: replies to a ballot its proposer has left or no
  /// longer needs, and ghost votes that can never count.
  static func collectGarbage(_ parts: inout SystemStateParts<Process>) {
    for proposer in Process.proposers.members {
      guard case .proposer(let p) = parts.locals[proposer] else { continue }
      // A proposer's ballot only grows, it sends one Accept per ballot, and it stops leading
      // at most once (Ω settles once): each of these replies is ignored now and for ever.
      parts.inboxes[proposer].removeAll { envelope in
        switch envelope.message {
        case .promise(let b, _, _): return b != p.ballot || p.sentAccept
        case .reject(let b, _): return b != p.ballot || !p.leads
        default: return false
        }
      }
    }
    collectGhostVotes(&parts)
  }

  /// Keeps the ghost votes of ballots that may still be chosen, and of the first ballot that
  /// chose each value: the set of chosen values is then the same, now and later.
  static func collectGhostVotes(_ parts: inout SystemStateParts<Process>) {
    let acceptors = acceptors(in: parts)
    let majority = acceptors.count / 2 + 1
    var voters: [Process.Vote: ProcessSet] = [:]
    for acceptor in acceptors.members {
      for vote in parts.stable[acceptor]?.ghostVotes ?? [] {
        voters[vote, default: ProcessSet()].insert(acceptor)
      }
    }
    var firstChosen: [Int: Int] = [:]
    for (vote, voted) in voters where voted.count >= majority {
      firstChosen[vote.value] = min(firstChosen[vote.value] ?? vote.ballot, vote.ballot)
    }
    let kept = Set(
      voters.filter { vote, voted in
        if voted.count >= majority { return firstChosen[vote.value] == vote.ballot }
        return voted.union(mayStillAccept(vote.ballot, in: parts)).count >= majority
      }.keys)
    guard kept.count < voters.count else { return }
    for acceptor in acceptors.members {
      guard var log = parts.stable[acceptor] else { continue }
      log.ghostVotes.removeAll { !kept.contains($0) }
      parts.stable[acceptor] = log
    }
  }

  /// The acceptors that may still accept `ballot`: their promise is not above it, and its
  /// Accept is in flight to them or not yet sent (its proposer is in it and has not sent it;
  /// a proposer sends one Accept per ballot, and a promise only grows).
  static func mayStillAccept(_ ballot: Int, in parts: SystemStateParts<Process>) -> ProcessSet {
    let owner = Process.owner(of: ballot)
    var unsent = false
    if case .proposer(let p) = parts.locals[owner] { unsent = p.ballot == ballot && !p.sentAccept }
    var result = ProcessSet()
    for acceptor in acceptors(in: parts).members {
      guard case .acceptor(let promised, _, _) = parts.locals[acceptor], promised <= ballot else { continue }
      let inFlight = parts.inboxes[acceptor].contains { envelope in
        if case .accept(let b, _) = envelope.message { return envelope.from == owner && b == ballot }
        return false
      }
      if unsent || inFlight { result.insert(acceptor) }
    }
    return result
  }

  /// The acceptors, by their local states' role.
  static func acceptors(in parts: SystemStateParts<Process>) -> ProcessSet {
    var result = ProcessSet()
    for process in 0..<parts.processCount {
      if case .acceptor = parts.locals[process] { result.insert(process) }
    }
    return result
  }

  /// Renames every ballot to the smallest number with the same owner above the previous one,
  /// in increasing order: the order of ballots and who owns each are kept, the gaps between
  /// them are not.
  static func renameBallots(_ parts: inout SystemStateParts<Process>) {
    let renamed = renaming(of: parts)
    guard renamed.contains(where: { $0.key != $0.value }) else { return }
    mapBallots(&parts) { renamed[$0] ?? $0 }
  }

  /// Each ballot in `parts` and its new name: the smallest with its owner above the previous.
  static func renaming(of parts: SystemStateParts<Process>) -> [Int: Int] {
    // Ballots in representatives are small (one past the largest of a few dozen), so a word of
    // bits holds them; a larger one takes a set.
    var present: UInt64 = 0
    var large = Set<Int>()
    forEachBallot(in: parts) { ballot in
      if ballot >= 64 {
        large.insert(ballot)
      } else if ballot >= 0 {
        present |= 1 << UInt64(ballot)
      }
    }
    var renamed: [Int: Int] = [:]
    var previous = -1
    var rest = present
    while rest != 0 {
      let ballot = rest.trailingZeroBitCount
      rest &= rest - 1
      previous = Process.smallestBallot(of: Process.owner(of: ballot), above: previous)
      renamed[ballot] = previous
    }
    for ballot in large.sorted() {
      previous = Process.smallestBallot(of: Process.owner(of: ballot), above: previous)
      renamed[ballot] = previous
    }
    return renamed
  }

  /// Calls `body` with every ballot in `parts` (-1, "none", included).
  static func forEachBallot(in parts: SystemStateParts<Process>, _ body: (Int) -> Void) {
    for process in 0..<parts.processCount {
      switch parts.locals[process] {
      case .proposer(let p):
        body(p.ballot)
        body(p.highestBallot)
      case .acceptor(let promised, let ab, _):
        body(promised)
        body(ab)
      case .omega: break
      }
      if let log = parts.stable[process] {
        body(log.promised)
        body(log.acceptedBallot)
        for vote in log.ghostVotes { body(vote.ballot) }
      }
      for envelope in parts.inboxes[process] {
        switch envelope.message {
        case .prepare(let b), .accept(let b, _): body(b)
        case .promise(let b, let ab, _):
          body(b)
          body(ab)
        case .reject(let b, let m):
          body(b)
          body(m)
        case .leader: break
        }
      }
    }
  }

  /// Replaces every ballot in `parts` (-1, "none", included) by `rename(ballot)`.
  static func mapBallots(_ parts: inout SystemStateParts<Process>, _ rename: (Int) -> Int) {
    for process in 0..<parts.processCount {
      switch parts.locals[process] {
      case .proposer(var p):
        p.ballot = rename(p.ballot)
        p.highestBallot = rename(p.highestBallot)
        parts.locals[process] = .proposer(p)
      case .acceptor(let promised, let ab, let av):
        parts.locals[process] = .acceptor(
          promised: rename(promised), acceptedBallot: rename(ab), acceptedValue: av)
      case .omega:
        break
      }
      if var log = parts.stable[process] {
        log.promised = rename(log.promised)
        log.acceptedBallot = rename(log.acceptedBallot)
        for index in log.ghostVotes.indices {
          log.ghostVotes[index].ballot = rename(log.ghostVotes[index].ballot)
        }
        parts.stable[process] = log
      }
      for index in parts.inboxes[process].indices {
        let message = parts.inboxes[process][index].message
        let renamed: Process.Message
        switch message {
        case .prepare(let b): renamed = .prepare(ballot: rename(b))
        case .promise(let b, let ab, let av):
          renamed = .promise(ballot: rename(b), acceptedBallot: rename(ab), acceptedValue: av)
        case .accept(let b, let v): renamed = .accept(ballot: rename(b), value: v)
        case .reject(let b, let m): renamed = .reject(ballot: rename(b), promised: rename(m))
        case .leader: renamed = message
        }
        parts.inboxes[process][index].message = renamed
      }
    }
  }
}
