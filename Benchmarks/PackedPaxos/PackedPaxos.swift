import Faultline

/// Lamport's Paxos consensus in message-set style, transcribed from his Paxos specification
/// (the one TLC checks as MCPaxos) and packed by hand into two words: 3 acceptors, 2 values,
/// ballots `0...maxBallot`, and the three majority quorums. It was the catalogue's `paxos-lamport`
/// until that model moved to the System layer (#12); it stays here as the speed limit a System
/// model is measured against.
///
/// The state is exactly TLC's (3,921 distinct states at `maxBallot` 1, 185,369 at 2), and
/// every binding of the specification's existential quantifiers is an action of its own (the
/// quorum a 2a is based on, and the 1b whose vote it follows), as TLC enumerates them, so the
/// generated count agrees with TLC's too (23,563 with the initial state, at `maxBallot` 1).
/// Messages and acceptors' variables sit in one word, the 1b messages in the other, so nothing
/// is allocated per state.
public struct PackedPaxos: Model {
  /// The protocol as written, or one of the deliberately broken versions.
  public enum Variant: String, Sendable, CaseIterable {
    /// The correct protocol.
    case correct
    /// A leader proposes any value, even when a promise reports a vote.
    case phase2aIgnoresVotes = "phase2a-ignores-votes"
    /// An acceptor votes for a proposal below the ballot it promised.
    case acceptorAcceptsBelowPromise = "acceptor-accepts-below-promise"
  }

  /// A step of a leader or an acceptor.
  public enum Action: Sendable, Equatable {
    /// The leader of `ballot` sends 1a(ballot).
    case phase1a(ballot: Int)
    /// `acceptor` receives 1a(ballot), promises it, and sends its 1b.
    case phase1b(acceptor: Int, ballot: Int)
    /// The leader of `ballot` sends 2a(ballot, value), based on the 1b messages of `quorum`
    /// (an index into `PackedPaxos.quorums`) and following the vote reported by `following`.
    case phase2a(ballot: Int, value: Int, quorum: Int, following: Int?)
    /// `acceptor` receives 2a(ballot, v), votes for it, and sends 2b(acceptor, ballot, v).
    case phase2b(acceptor: Int, ballot: Int)
  }

  /// Every message sent and every acceptor's variables, in two words laid out by `PaxosFields`.
  public struct State: Hashable, Sendable, Fingerprintable {
    /// 1a, 2a and 2b messages, and maxBal, maxVBal, maxVal of each acceptor.
    var core = PackedState()
    /// The 1b messages: for each acceptor and ballot, absent, without a vote, or the vote.
    var promises = PackedState()

    /// Feeds both words.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(word: core.bits)
      f.combine(word: promises.bits)
    }
  }

  /// The number of acceptors.
  public static let acceptors = 3
  /// The number of values that may be proposed.
  public static let values = 2
  /// The majority quorums of three acceptors, as bit sets.
  public static let quorums: [UInt64] = [0b011, 0b101, 0b110]
  /// The largest `maxBallot` whose state fits in two words.
  public static let largestMaxBallot = 4

  /// The highest ballot number; ballots are `0...maxBallot`.
  public let maxBallot: Int
  /// Which protocol to run.
  public let variant: Variant
  let fields: PaxosFields

  /// Creates the model; `maxBallot` must be in 0...4.
  public init(maxBallot: Int = 1, variant: Variant = .correct) throws(FaultlineError) {
    guard (0...Self.largestMaxBallot).contains(maxBallot) else {
      throw .invalidParameter(
        name: "max-ballot", value: String(maxBallot),
        expected: "an integer from 0 to \(Self.largestMaxBallot)")
    }
    self.maxBallot = maxBallot
    self.variant = variant
    self.fields = PaxosFields(maxBallot: maxBallot)
  }

  public var initialStates: [State] { [State()] }

  public func actions(from s: State, into actions: inout [Action]) {
    let f = fields
    for b in 0...maxBallot {
      actions.append(.phase1a(ballot: b))
      // Phase2a(b, v) for v in Value, as the specification nests them.
      guard s.core[f.twoA, b] == 0 else { continue }
      for v in 0..<Self.values {
        for (q, quorum) in Self.quorums.enumerated() {
          appendPhase2a(s, ballot: b, value: v, quorum: q, members: quorum, into: &actions)
        }
      }
    }
    for a in 0..<Self.acceptors {
      let maxBal = s.core[f.maxBal, a] - 1
      for b in 0...maxBallot where s.core[f.oneA, b] == 1 && b > maxBal {
        actions.append(.phase1b(acceptor: a, ballot: b))
      }
      for b in 0...maxBallot where s.core[f.twoA, b] != 0 {
        if b >= maxBal || variant == .acceptorAcceptsBelowPromise {
          actions.append(.phase2b(acceptor: a, ballot: b))
        }
      }
    }
  }

  /// Appends Phase2a(b, v) once for each 1b message that justifies v, or once if none voted.
  private func appendPhase2a(
    _ s: State, ballot b: Int, value v: Int, quorum q: Int, members: UInt64, into actions: inout [Action]
  ) {
    let f = fields
    var highest = -1
    for a in 0..<Self.acceptors where members & (1 << UInt64(a)) != 0 {
      let report = s.promises[f.oneB, a * f.ballots + b]
      guard report != PaxosFields.absent else { return }
      highest = max(highest, PaxosFields.votedBallot(report))
    }
    if highest < 0 || variant == .phase2aIgnoresVotes {
      actions.append(.phase2a(ballot: b, value: v, quorum: q, following: nil))
      return
    }
    for a in 0..<Self.acceptors where members & (1 << UInt64(a)) != 0 {
      let report = s.promises[f.oneB, a * f.ballots + b]
      if PaxosFields.votedBallot(report) == highest && PaxosFields.votedValue(report) == v {
        actions.append(.phase2a(ballot: b, value: v, quorum: q, following: a))
      }
    }
  }

  public func successor(of state: State, via action: Action) -> State? {
    var s = state
    let f = fields
    switch action {
    case .phase1a(let b): s.core[f.oneA, b] = 1
    case .phase1b(let a, let b):
      s.core[f.maxBal, a] = b + 1
      s.promises[f.oneB, a * f.ballots + b] = PaxosFields.report(
        votedBallot: s.core[f.maxVBal, a] - 1, value: s.core[f.maxVal, a] - 1)
    case .phase2a(let b, let v, _, _): s.core[f.twoA, b] = v + 1
    case .phase2b(let a, let b):
      // Only the broken variant reaches here with b below maxBal; it keeps the higher promise.
      s.core[f.maxBal, a] = max(s.core[f.maxBal, a], b + 1)
      s.core[f.maxVBal, a] = b + 1
      s.core[f.maxVal, a] = s.core[f.twoA, b]
      s.core[f.twoB, a * f.ballots + b] = 1
    }
    return s
  }

  /// The values chosen in `s`, as a bit set: v is chosen when a quorum sent 2b for v in one ballot.
  func chosen(_ s: State) -> Int {
    let f = fields
    var values = 0
    for b in 0...maxBallot where s.core[f.twoA, b] != 0 {
      var votes = 0
      for a in 0..<Self.acceptors { votes += s.core[f.twoB, a * f.ballots + b] }
      // Any two of three acceptors form a quorum.
      if votes >= 2 { values |= 1 << (s.core[f.twoA, b] - 1) }
    }
    return values
  }

  public var properties: [Property<State>] {
    [
      .always("at most one value chosen") { s in chosen(s).nonzeroBitCount <= 1 },
      .sometimes("a value is chosen") { s in chosen(s) != 0 },
    ]
  }

  public func fingerprint(of state: State) -> UInt64 {
    Fingerprinter.avalanche(state.core.bits ^ Fingerprinter.avalanche(state.promises.bits))
  }

  /// The step's messages; the 2b vote that completes a quorum is reported as that acceptor
  /// deciding the value now chosen, so traces show "at most one value chosen" as agreement.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    var description = describe(action)
    switch action {
    case .phase1a(let b): description.events = [.send(message: "1a(\(b))", to: nil)]
    case .phase1b(_, let b):
      description.events = [
        .receive(message: "1a(\(b))", from: leader(b)), .send(message: "1b(\(b))", to: leader(b)),
      ]
    case .phase2a(let b, let v, _, _): description.events = [.send(message: "2a(\(b), \(value(v)))", to: nil)]
    case .phase2b(let a, let b):
      // After voting, the acceptor's maxVal is the value of the 2a it received.
      let voted = after.core[fields.maxVal, a] - 1
      description.events = [.receive(message: "2a(\(b), \(value(voted)))", from: leader(b))]
      let newlyChosen = chosen(after) & ~chosen(before)
      if newlyChosen != 0 { description.events.append(.decide(.string(value(voted)))) }
    }
    return description
  }

  public func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .phase1a(let b):
      return ActionDescription(process: leader(b), action: "sends 1a(\(b))")
    case .phase1b(let a, let b):
      return ActionDescription(process: acceptor(a), action: "receives 1a(\(b)), promises \(b), sends 1b")
    case .phase2a(let b, let v, let q, let following):
      let members = (0..<Self.acceptors).filter { Self.quorums[q] & (1 << UInt64($0)) != 0 }
      let basis = "1b from {" + members.map(acceptor).joined(separator: ", ") + "}"
      let unguided = variant == .phase2aIgnoresVotes ? "whatever they report" : "no vote to follow"
      let reason = following.map { "following \(acceptor($0))'s vote" } ?? unguided
      return ActionDescription(
        process: leader(b), action: "sends 2a(\(b), \(value(v))) on \(basis), \(reason)")
    case .phase2b(let a, let b):
      return ActionDescription(process: acceptor(a), action: "receives 2a(\(b)), votes, sends 2b")
    }
  }

  public func describe(_ s: State) -> [StateVariable] {
    let f = fields
    var variables: [StateVariable] = []
    for a in 0..<Self.acceptors {
      variables.append(StateVariable("\(acceptor(a)).maxBal", String(s.core[f.maxBal, a] - 1)))
      variables.append(StateVariable("\(acceptor(a)).maxVBal", String(s.core[f.maxVBal, a] - 1)))
      variables.append(StateVariable("\(acceptor(a)).maxVal", value(s.core[f.maxVal, a] - 1)))
    }
    let chosenValues = (0..<Self.values).filter { chosen(s) & (1 << $0) != 0 }.map(value)
    variables.append(StateVariable("chosen", "{" + chosenValues.joined(separator: ", ") + "}"))
    // One variable per message sent, so a step shows the message it adds.
    for b in 0...maxBallot where s.core[f.oneA, b] == 1 {
      variables.append(StateVariable("1a(\(b))", "sent"))
    }
    for b in 0...maxBallot {
      for a in 0..<Self.acceptors {
        let report = s.promises[f.oneB, a * f.ballots + b]
        guard report != PaxosFields.absent else { continue }
        let voted = PaxosFields.votedBallot(report)
        let text =
          voted < 0 ? "no vote" : "voted \(value(PaxosFields.votedValue(report))) in ballot \(voted)"
        variables.append(StateVariable("1b(\(acceptor(a)), \(b))", text))
      }
    }
    for b in 0...maxBallot where s.core[f.twoA, b] != 0 {
      let proposal = value(s.core[f.twoA, b] - 1)
      variables.append(StateVariable("2a(\(b))", proposal))
      for a in 0..<Self.acceptors where s.core[f.twoB, a * f.ballots + b] == 1 {
        variables.append(StateVariable("2b(\(acceptor(a)), \(b))", proposal))
      }
    }
    return variables
  }

  private func acceptor(_ a: Int) -> String { "a\(a + 1)" }
  private func leader(_ b: Int) -> String { "leader\(b)" }
  private func value(_ v: Int) -> String { v < 0 ? "none" : "v\(v + 1)" }
}

/// Where each part of a Paxos state sits. `core` holds 1a(b) (1 bit each), the value of 2a(b)
/// (0 = none, 1 + v), 2b(a, b) (1 bit; its value is 2a(b)'s, as a ballot has at most one 2a),
/// and each acceptor's maxBal + 1, maxVBal + 1 and maxVal + 1. `promises` holds 1b(a, b),
/// which an acceptor sends at most once per ballot, as `absent`, `noVote`, or its last vote.
struct PaxosFields: Sendable {
  static let absent = 0, noVote = 1

  let ballots: Int
  let oneA: BitFieldArray
  let twoA: BitFieldArray
  let twoB: BitFieldArray
  let maxBal: BitFieldArray
  let maxVBal: BitFieldArray
  let maxVal: BitFieldArray
  let oneB: BitFieldArray

  init(maxBallot: Int) {
    let n = maxBallot + 1
    let a = PackedPaxos.acceptors
    ballots = n
    var core = BitLayout()
    oneA = core.fields(count: n, values: 2)
    twoA = core.fields(count: n, values: PackedPaxos.values + 1)
    twoB = core.fields(count: a * n, values: 2)
    maxBal = core.fields(count: a, values: n + 1)
    maxVBal = core.fields(count: a, values: n + 1)
    maxVal = core.fields(count: a, values: PackedPaxos.values + 1)
    var promises = BitLayout()
    // A 1b for ballot b reports a vote in a lower ballot, so maxBallot * values votes at most.
    oneB = promises.fields(count: a * n, values: 2 + maxBallot * PackedPaxos.values)
  }

  /// The 1b encoding of a report: `noVote` when `votedBallot` is -1.
  static func report(votedBallot: Int, value: Int) -> Int {
    votedBallot < 0 ? noVote : 2 + votedBallot * PackedPaxos.values + value
  }

  /// The ballot of the vote a 1b reports, or -1.
  static func votedBallot(_ report: Int) -> Int {
    report < 2 ? -1 : (report - 2) / PackedPaxos.values
  }

  /// The value of the vote a 1b reports, or -1.
  static func votedValue(_ report: Int) -> Int {
    report < 2 ? -1 : (report - 2) % PackedPaxos.values
  }
}
