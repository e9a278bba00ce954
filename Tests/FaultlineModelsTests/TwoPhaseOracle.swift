/// An independent, deliberately naive enumeration of TwoPhase with crash-stop and crash–recovery
/// faults, written from the specification in shared/oracles/README.md and docs/models.md with
/// plain sets, arrays and strings and a `Set`-based breadth-first search. It shares no code with
/// the explorer, the System layer or the model.
///
/// Two network semantics:
/// - `messageSet` is TwoPhase's: Prepared(rm), Commit and Abort form one set that only grows,
///   and a crash loses nothing (the message-set model, as the hand-packed benchmark has it);
/// - `addressed` is the System layer's duplicating network: each message has one addressee, a
///   crash loses the messages addressed to the crashed process, and a message sent to a crashed
///   process is lost. So recovering processes ask again: a participant that recovers prepared
///   sends Prepared, which a decided coordinator answers with its decision; a coordinator that
///   recovers sends its decision to every participant, or if undecided a VoteRequest, which a
///   prepared participant answers with Prepared. With `crashInSends`, a crash may also strike
///   in a step (recoveries included) after any proper subset of its sends.
///
/// With `recovery`, a crashed process comes back from what it logged: a participant logs each
/// phase it enters and keeps a logged decision, is prepared again with only a yes vote logged
/// (or, with `recoveryDecidesAlone`, aborts), and aborts with nothing logged; the coordinator
/// logs its decision, keeps it and forgets the votes it recorded.
struct TwoPhaseOracle {
  enum Network { case messageSet, addressed }

  struct State: Hashable {
    var rm: [String]  // "working", "prepared", "committed", "aborted"
    var voted: Set<Int> = []
    var tm = "init"
    var tmPrepared: Set<Int> = []
    // "Prepared3"; messageSet: "Commit"; addressed: "Commit3", "VoteRequest3" (to rm 3)
    var msgs: Set<String> = []
    var crashed: Set<String> = []  // "tm" or "rm<i>"
    var crashesSoFar = 0
    var rmLog: [String?]
    var tmLog: String? = nil
  }

  var n: Int
  var crashes: Int
  var network = Network.messageSet
  var commitNeedsAllVotes = true
  var preparedMayAbort = false
  var recovery = false
  var recoveryDecidesAlone = false
  var crashInSends = false

  var start: State {
    State(rm: Array(repeating: "working", count: n), rmLog: Array(repeating: nil, count: n))
  }

  /// A step's outcome before its sends leave: the state and the messages it sends, in order.
  typealias Outcome = (state: State, sends: [String])

  func addressee(_ message: String) -> String {
    message.hasPrefix("Prepared") ? "tm" : "rm" + message.drop { !$0.isNumber }
  }

  /// Puts sent messages in the network: in the message set, all; addressed, those whose
  /// addressee is up.
  func send(_ messages: [String], in s: inout State) {
    for message in messages where network == .messageSet || !s.crashed.contains(addressee(message)) {
      s.msgs.insert(message)
    }
  }

  func crash(_ who: String, in s: inout State) {
    s.crashed.insert(who)
    s.crashesSoFar += 1
    if network == .addressed { s.msgs = s.msgs.filter { addressee($0) != who } }
  }

  func decision(_ tm: String) -> String { tm == "committed" ? "Commit" : "Abort" }

  func enter(_ rm: Int, _ phase: String, in s: inout State) {
    s.rm[rm] = phase
    if recovery { s.rmLog[rm] = phase }
  }

  /// The steps each process can take (live ones, and crashed ones recovering), by process.
  func steps(_ s: State) -> [(who: String, step: Outcome)] {
    var out: [(String, Outcome)] = []
    let tmUp = !s.crashed.contains("tm")
    let target = { (rm: Int, message: String) in network == .messageSet ? message : "\(message)\(rm)" }
    if tmUp {
      for rm in 0..<n where s.msgs.contains("Prepared\(rm)") {
        var t = s
        if s.tm == "init" {
          t.tmPrepared.insert(rm)
          out.append(("tm", (t, [])))
        } else if network == .addressed && recovery {
          out.append(("tm", (t, [target(rm, decision(s.tm))])))
        }
      }
      if s.tm == "init" {
        for outcome in ["committed", "aborted"] {
          if outcome == "committed"
            && !(commitNeedsAllVotes ? s.tmPrepared.count == n : !s.tmPrepared.isEmpty)
          {
            continue
          }
          var t = s
          t.tm = outcome
          if recovery { t.tmLog = outcome }
          let messages =
            network == .messageSet ? [decision(outcome)] : (0..<n).map { target($0, decision(outcome)) }
          out.append(("tm", (t, messages)))
        }
      }
    }
    for rm in 0..<n where !s.crashed.contains("rm\(rm)") {
      let who = "rm\(rm)"
      if s.rm[rm] == "working" {
        var t = s
        enter(rm, "prepared", in: &t)
        t.voted.insert(rm)
        out.append((who, (t, ["Prepared\(rm)"])))
      }
      if s.rm[rm] == "working" || (preparedMayAbort && s.rm[rm] == "prepared") {
        var t = s
        enter(rm, "aborted", in: &t)
        out.append((who, (t, [])))
      }
      if s.msgs.contains("VoteRequest\(rm)") {
        out.append((who, (s, s.rm[rm] == "prepared" ? ["Prepared\(rm)"] : [])))
      }
      for (message, phase) in [("Commit", "committed"), ("Abort", "aborted")]
      where s.msgs.contains(target(rm, message)) {
        var t = s
        if t.rm[rm] != phase { enter(rm, phase, in: &t) }
        out.append((who, (t, [])))
      }
    }
    if recovery {
      for who in s.crashed.sorted() {
        var t = s
        t.crashed.remove(who)
        var sends: [String] = []
        if who == "tm" {
          t.tmPrepared = []
          t.tm = s.tmLog ?? "init"
          let message = s.tmLog.map(decision) ?? "VoteRequest"
          if network == .addressed { sends = (0..<n).map { "\(message)\($0)" } }
        } else if let rm = Int(who.dropFirst(2)) {
          switch s.rmLog[rm] {
          case nil: enter(rm, "aborted", in: &t)
          case "prepared" where recoveryDecidesAlone: enter(rm, "aborted", in: &t)
          case "prepared":
            t.rm[rm] = "prepared"
            if network == .addressed { sends = ["Prepared\(rm)"] }
          case let phase?: t.rm[rm] = phase
          }
        }
        out.append((who, (t, sends)))
      }
    }
    return out
  }

  func next(_ s: State) -> [State] {
    var out: [State] = []
    let crashesLeft = s.crashesSoFar < crashes
    for (who, step) in steps(s) {
      var t = step.state
      send(step.sends, in: &t)
      out.append(t)
      guard network == .addressed && crashInSends && crashesLeft && !step.sends.isEmpty else { continue }
      // Every proper subset of the sends leaves, then the process is down.
      for mask in 0..<((1 << step.sends.count) - 1) {
        var u = step.state
        send(step.sends.indices.filter { mask & (1 << $0) != 0 }.map { step.sends[$0] }, in: &u)
        crash(who, in: &u)
        out.append(u)
      }
    }
    if crashesLeft {
      for who in ["tm"] + (0..<n).map({ "rm\($0)" }) where !s.crashed.contains(who) {
        var t = s
        crash(who, in: &t)
        out.append(t)
      }
    }
    return out
  }

  /// Every reachable state.
  func reachable() -> Set<State> {
    var seen: Set<State> = [start]
    var frontier = [start]
    while let s = frontier.popLast() {
      for t in next(s) where seen.insert(t).inserted { frontier.append(t) }
    }
    return seen
  }

  /// The number of orbits of the reachable states under renaming participants: states are
  /// identified with the least of their encodings over every permutation.
  func orbits() -> Int {
    let permutations = Self.permutations(of: Array(0..<n))
    func encoding(_ s: State, _ p: [Int]) -> String {
      // Participant i of the renamed state is participant p[i] of s.
      let columns = (0..<n).map { i in
        let rm = p[i]
        let messages = ["Prepared", "Commit", "Abort", "VoteRequest"].filter { s.msgs.contains("\($0)\(rm)") }
        return "\(s.rm[rm])/\(s.voted.contains(rm))/\(s.tmPrepared.contains(rm))/\(messages)/"
          + "\(s.crashed.contains("rm\(rm)"))/\(s.rmLog[rm] ?? "-")"
      }
      return columns.joined(separator: "|")
        + "#\(s.tm)/\(s.msgs.contains("Commit"))/\(s.msgs.contains("Abort"))/\(s.crashed.contains("tm"))"
        + "/\(s.crashesSoFar)/\(s.tmLog ?? "-")"
    }
    return Set(reachable().map { s in permutations.map { encoding(s, $0) }.min() ?? "" }).count
  }

  static func permutations(of items: [Int]) -> [[Int]] {
    guard let first = items.first else { return [[]] }
    return permutations(of: Array(items.dropFirst())).flatMap { rest in
      (0...rest.count).map { i in Array(rest[..<i]) + [first] + Array(rest[i...]) }
    }
  }

  /// Distinct reachable states, and the fewest steps to a state where `bad` holds (if any).
  func explore(bad: (State) -> Bool = { _ in false }) -> (distinct: Int, shortest: Int?) {
    var seen: Set<State> = [start]
    var level = [start]
    var depth = 0
    var shortest: Int? = bad(start) ? 0 : nil
    while !level.isEmpty {
      depth += 1
      var nextLevel: [State] = []
      for s in level {
        for t in next(s) where seen.insert(t).inserted {
          nextLevel.append(t)
          if shortest == nil && bad(t) { shortest = depth }
        }
      }
      level = nextLevel
    }
    return (seen.count, shortest)
  }

  static func inconsistent(_ s: State) -> Bool {
    s.rm.contains("committed") && s.rm.contains("aborted")
  }

  func commitWithoutAllVotes(_ s: State) -> Bool {
    s.tm == "committed" && s.voted.count < n
  }
}
