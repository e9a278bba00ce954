import Faultline

/// Lamport, Shostak and Pease's oral-messages algorithm OM(m), from *The Byzantine Generals
/// Problem* (ACM TOPLAS 4(3), 1982, section 3), against m traitors among n generals.
///
/// OM(0): the commander sends its value to every lieutenant, and each uses the value it
/// receives. OM(m), m > 0: the commander sends its value to every lieutenant; each lieutenant i
/// then acts as the commander of OM(m − 1), sending the value it received to the n − 2 others;
/// each lieutenant finally takes the majority of the value it received from the commander and
/// the values the OM(m − 1) runs gave it, retreat on a tie. A message is named by its path, the
/// generals it went through from the commander: lieutenant k's value for path p is what the
/// last general of p sent it, and the OM(m − 1) run of p's last general ends in k's majority over
/// p's value and the values of p extended by each other lieutenant.
///
/// Assumptions, the paper's A1–A3: every message sent is delivered, the receiver knows who sent
/// it, and a missing message is noticed (a silent traitor is the same as one that sends
/// retreat, the default). So rounds are synchronous, and within a round the order in which
/// messages arrive does not matter: the model sends round after round in a fixed order. Loyal
/// generals follow the algorithm; each traitor message to a loyal lieutenant is a step that
/// chooses attack or retreat, so every strategy of the traitors, adaptive or not, is a path.
/// (What traitors receive is not modelled: a traitor may send anything whatever it heard.)
///
/// Two reductions keep the space small, both sound for interactive consistency:
/// - **Symmetry among lieutenants.** OM treats lieutenants alike, so a set of traitors is one of
///   two cases up to renaming: m lieutenants (the highest numbered) under a loyal commander,
///   which orders attack or retreat, or the commander and m − 1 lieutenants.
/// - **Folding the last round.** Messages of the last round are not relayed. Each loyal
///   lieutenant in turn receives its last-round messages in the order of its tree of paths and
///   keeps, instead of each value, only the running counts of the majorities still open (a stack
///   of at most m + 1 counts): that is all OM reads of them.
///
/// What holds: IC1 (loyal lieutenants agree) and IC2 (they obey a loyal commander) with more
/// than 3m generals. With n ≤ 3m and at least two loyal generals, some strategy of the traitors
/// breaks one of them (the paper's theorem 1 for three generals, and its corollary).
public struct ByzantineGenerals: Model {
  /// The algorithm as published, or a deliberately broken version.
  public enum Variant: String, Sendable, CaseIterable {
    /// OM(m) against m traitors.
    case correct
    /// Lieutenants obey the commander's message without comparing notes (OM(0)).
    case skipRelay = "skip-relay"
    /// OM(m − 1) against m traitors: one round of relays too few.
    case oneRoundShort = "one-round-short"
  }

  /// A traitor's message or a loyal lieutenant's decision.
  public enum Action: Sendable, Hashable {
    /// A traitor sends `value` along `path` (commander first, the traitor last) to `to`.
    case send(path: [Int], to: Int, value: Int)
    /// Loyal lieutenant `lieutenant` has every value and decides.
    case decide(lieutenant: Int)
  }

  /// What the traitors have sent so far, and where the last round stands.
  public struct State: Hashable, Sendable, Fingerprintable {
    /// 0: a loyal commander orders attack; 1: it orders retreat; 2: the commander is a traitor.
    var scenario: UInt8
    /// The values of the traitors' relayed-round messages to loyal lieutenants, in send order.
    var early: [UInt8] = []
    /// Index among the loyal lieutenants of the one receiving its last round.
    var receiver: UInt8 = 0
    /// Position in that lieutenant's last-round program.
    var pc: UInt16 = 0
    /// Attack and retreat counts of the majorities still open, outermost first.
    var counts: [UInt8] = []
    /// Each lieutenant's decision, 0 none yet (traitors' stay 0).
    var decisions: [UInt8]

    /// Feeds every field.
    public func fingerprint(into f: inout Fingerprinter) {
      f.combine(word: UInt64(scenario) | UInt64(receiver) << 8 | UInt64(pc) << 16)
      early.fingerprint(into: &f)
      counts.fingerprint(into: &f)
      decisions.fingerprint(into: &f)
    }
  }

  /// Message and decision values; 0 means none yet.
  static let attack = 1, retreat = 2

  /// The fewest and most generals, commander included.
  public static let generalsRange = 3...7
  /// The most traitors.
  public static let traitorsRange = 0...3

  /// The number of generals, the commander included.
  public let generals: Int
  /// The number of traitors.
  public let traitors: Int
  /// Which algorithm to run.
  public let variant: Variant
  let plan: [Plan]

  /// Creates the model; at least two generals must be loyal.
  public init(generals: Int = 4, traitors: Int = 1, variant: Variant = .correct) throws(FaultlineError) {
    guard Self.generalsRange.contains(generals) else {
      throw .invalidParameter(
        name: "generals", value: String(generals),
        expected: "an integer from \(Self.generalsRange.lowerBound) to \(Self.generalsRange.upperBound)")
    }
    guard Self.traitorsRange.contains(traitors), traitors <= generals - 2 else {
      throw .invalidParameter(
        name: "traitors", value: String(traitors),
        expected:
          "an integer from 0 to \(min(Self.traitorsRange.upperBound, generals - 2)) with \(generals) generals"
          + " (at least two loyal generals, or interactive consistency says nothing)")
    }
    self.generals = generals
    self.traitors = traitors
    self.variant = variant
    let rounds =
      switch variant {
      case .correct: traitors + 1
      case .skipRelay: 1
      case .oneRoundShort: max(traitors, 1)
      }
    plan = (0..<3).map { Plan(generals: generals, traitors: traitors, rounds: rounds, scenario: $0) }
  }

  /// A loyal commander ordering attack or retreat, and a traitorous commander.
  public var initialStates: [State] {
    (0..<(traitors == 0 ? 2 : 3)).map { scenario in
      var s = State(scenario: UInt8(scenario), decisions: Array(repeating: 0, count: generals))
      if plan[scenario].early.isEmpty { plan[scenario].advance(&s, with: nil) }
      return s
    }
  }

  public func actions(from s: State, into actions: inout [Action]) {
    let p = plan[Int(s.scenario)]
    if s.early.count < p.early.count {
      let m = p.early[s.early.count]
      for value in [Self.attack, Self.retreat] { actions.append(.send(path: m.path, to: m.to, value: value)) }
      return
    }
    guard Int(s.receiver) < p.loyal.count else { return }
    let k = p.loyal[Int(s.receiver)]
    let program = p.programs[Int(s.receiver)]
    if Int(s.pc) == program.count {
      actions.append(.decide(lieutenant: k))
    } else if case .leaf(let path) = program[Int(s.pc)] {
      for value in [Self.attack, Self.retreat] { actions.append(.send(path: path, to: k, value: value)) }
    }
  }

  public func successor(of state: State, via action: Action) -> State? {
    var s = state
    let p = plan[Int(s.scenario)]
    switch action {
    case .send(_, _, let value):
      if s.early.count < p.early.count {
        s.early.append(UInt8(value))
        if s.early.count == p.early.count { p.advance(&s, with: nil) }
      } else {
        p.advance(&s, with: value)
      }
    case .decide(let k):
      guard s.counts.count == 2 else { return nil }
      s.decisions[k] = UInt8(Self.majority(s.counts))
      s.counts = []
      s.receiver += 1
      s.pc = 0
      if Int(s.receiver) < p.loyal.count { p.advance(&s, with: nil) }
    }
    return s
  }

  /// Attack if the attack count at the top of `counts` (a pair) beats the retreat count.
  static func majority(_ counts: [UInt8]) -> Int {
    let n = counts.count
    return counts[n - 2] > counts[n - 1] ? attack : retreat
  }

  public var properties: [Property<State>] {
    let plans = plan
    return [
      .always("IC1: loyal lieutenants agree") { s in
        var seen: UInt8 = 0
        for d in s.decisions where d != 0 {
          if seen != 0 && seen != d { return false }
          seen = d
        }
        return true
      },
      .always("IC2: loyal lieutenants obey a loyal commander") { s in
        s.scenario == 2 || s.decisions.allSatisfy { $0 == 0 || Int($0) == Int(s.scenario) + 1 }
      },
      .sometimes("every loyal lieutenant decided") { s in
        Int(s.receiver) == plans[Int(s.scenario)].loyal.count
      },
    ]
  }

  /// The traitor's message, or the decision; a loyal commander's order is its proposal, so
  /// traces show IC2 as validity and IC1 as agreement.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    var description = describe(action)
    switch action {
    case .send(let path, let to, let value):
      description.events = [.send(message: .string(report(path: path, value: value)), to: name(to))]
    case .decide(let k):
      description.events = [.decide(.string(Self.word(Int(after.decisions[k]))))]
    }
    return description
  }

  public func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .send(let path, let to, let value):
      let sender = path.last ?? 0
      return ActionDescription(
        process: name(sender), action: "tells \(name(to)): \(report(path: path, value: value))")
    case .decide(let k):
      let how = variant == .skipRelay ? "obeys the commander" : "decides by majority"
      return ActionDescription(process: name(k), action: how)
    }
  }

  public func describe(_ s: State) -> [StateVariable] {
    let p = plan[Int(s.scenario)]
    var variables = [
      StateVariable(
        "commander", s.scenario == 2 ? "traitor" : "loyal, orders \(Self.word(Int(s.scenario) + 1))")
    ]
    for l in 1..<generals {
      variables.append(StateVariable(name(l), p.isTraitor[l] ? "traitor" : "loyal"))
    }
    for (i, m) in p.early.enumerated() where i < s.early.count {
      variables.append(
        StateVariable(
          "\(name(m.path.last ?? 0)) to \(name(m.to))", report(path: m.path, value: Int(s.early[i]))))
    }
    if Int(s.receiver) < p.loyal.count && !s.counts.isEmpty {
      let open = stride(from: 0, to: s.counts.count, by: 2).map { "\(s.counts[$0])-\(s.counts[$0 + 1])" }
      variables.append(
        StateVariable(
          "\(name(p.loyal[Int(s.receiver)])).tally", "attack-retreat " + open.joined(separator: ", ")))
    }
    for l in 1..<generals where s.decisions[l] != 0 {
      variables.append(StateVariable("\(name(l)).decision", Self.word(Int(s.decisions[l]))))
    }
    return variables
  }

  /// `the commander said attack`, `L1 said the commander said attack`, ...
  private func report(path: [Int], value: Int) -> String {
    var text = Self.word(value)
    for general in path.dropLast() {
      text = "\(general == 0 ? "the commander" : name(general)) said \(text)"
    }
    return text
  }

  private func name(_ general: Int) -> String { general == 0 ? "commander" : "L\(general)" }
  static func word(_ value: Int) -> String {
    value == attack ? "attack" : value == retreat ? "retreat" : "none"
  }
}

extension ByzantineGenerals {
  /// One step of a loyal lieutenant's last round: a majority opens with the lieutenant's own
  /// value for a path, a last-round message arrives, or the innermost majority closes.
  enum Instruction: Sendable {
    case open(path: [Int])
    case leaf(path: [Int])
    case close
  }

  /// A relayed-round message from a traitor to a loyal lieutenant.
  struct EarlyMessage: Sendable {
    var path: [Int]
    var to: Int
  }

  /// Everything fixed by the set of traitors: who is loyal, which messages the traitors choose
  /// in the relayed rounds, and each loyal lieutenant's last-round program.
  struct Plan: Sendable {
    let isTraitor: [Bool]
    let order: Int?
    let loyal: [Int]
    let early: [EarlyMessage]
    /// Index into `early` by path and receiver.
    let earlyIndex: [[Int]: Int]
    let programs: [[Instruction]]

    /// The plan of OM(rounds − 1) among `n` generals against `m` traitors in `scenario`.
    init(generals n: Int, traitors m: Int, rounds: Int, scenario: Int) {
      var isTraitor = Array(repeating: false, count: n)
      let commanderTraitor = scenario == 2 && m > 0
      if commanderTraitor { isTraitor[0] = true }
      for l in (n - (commanderTraitor ? m - 1 : m))..<n { isTraitor[l] = true }
      self.isTraitor = isTraitor
      order = scenario == 2 ? nil : scenario + 1
      loyal = (1..<n).filter { !isTraitor[$0] }
      // The relayed rounds: paths of 1 ... rounds - 1 generals, round by round.
      var early: [EarlyMessage] = []
      var frontier: [[Int]] = [[0]]
      for _ in 1..<max(rounds, 1) {
        for path in frontier where isTraitor[path.last ?? 0] {
          for to in loyal where !path.contains(to) { early.append(EarlyMessage(path: path, to: to)) }
        }
        frontier = frontier.flatMap { path in (1..<n).filter { !path.contains($0) }.map { path + [$0] } }
      }
      self.early = early
      var index: [[Int]: Int] = [:]
      for (i, message) in early.enumerated() { index[message.path + [message.to]] = i }
      earlyIndex = index
      // Each receiver's tree of paths, depth first.
      programs = loyal.map { k in
        var program: [Instruction] = []
        func visit(_ path: [Int]) {
          if path.count == rounds {
            program.append(.leaf(path: path))
            return
          }
          program.append(.open(path: path))
          for next in 1..<n where next != k && !path.contains(next) { visit(path + [next]) }
          program.append(.close)
        }
        visit([0])
        return program
      }
    }

    /// The value general `g` holds for `path`, as sent by the path's last general, or nil
    /// where a traitor's message has not been chosen yet.
    func held(_ g: Int, _ path: [Int], early chosen: [UInt8]) -> Int? {
      let sender = path.last ?? 0
      if isTraitor[sender] {
        guard let i = earlyIndex[path + [g]], i < chosen.count else { return nil }
        return Int(chosen[i])
      }
      if path.count == 1 { return order }
      return held(sender, Array(path.dropLast()), early: chosen)
    }

    /// Runs the receiver's program from `s.pc`, taking `value` as the pending leaf's value if
    /// one is given, up to the next traitor leaf or the end.
    func advance(_ s: inout State, with value: Int?) {
      let k = loyal[Int(s.receiver)]
      let program = programs[Int(s.receiver)]
      var pending = value
      while Int(s.pc) < program.count {
        switch program[Int(s.pc)] {
        case .open(let path):
          s.counts.append(0)
          s.counts.append(0)
          add(held(k, path, early: s.early) ?? ByzantineGenerals.retreat, to: &s.counts)
        case .leaf(let path):
          let v: Int
          if isTraitor[path.last ?? 0] {
            guard let chosen = pending else { return }
            v = chosen
            pending = nil
          } else {
            v = held(k, path, early: s.early) ?? ByzantineGenerals.retreat
          }
          // OM(0): the one value is the whole tally.
          if s.counts.isEmpty { s.counts = [0, 0] }
          add(v, to: &s.counts)
        case .close:
          // The outermost majority stays open for the decision step.
          if s.counts.count > 2 {
            let v = ByzantineGenerals.majority(s.counts)
            s.counts.removeLast(2)
            add(v, to: &s.counts)
          }
        }
        s.pc += 1
      }
    }

    private func add(_ value: Int, to counts: inout [UInt8]) {
      counts[counts.count - (value == ByzantineGenerals.attack ? 2 : 1)] += 1
    }
  }
}
