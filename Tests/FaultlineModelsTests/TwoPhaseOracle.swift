/// An independent, deliberately naive enumeration of TwoPhase with crash-stop faults, written
/// from the specification in shared/oracles/README.md with plain sets and arrays and a
/// `Set`-based breadth-first search. It shares no code with the explorer or the model.
struct TwoPhaseOracle {
  struct State: Hashable {
    var rm: [String]  // "working", "prepared", "committed", "aborted"
    var tm = "init"
    var tmPrepared: Set<Int> = []
    var msgs: Set<String> = []
    var crashed: Set<String> = []  // "tm" or "rm<i>"
  }

  var n: Int
  var crashes: Int
  var commitNeedsAllVotes = true
  var preparedMayAbort = false

  func next(_ s: State) -> [State] {
    var out: [State] = []
    let tmUp = !s.crashed.contains("tm")
    if tmUp && s.tm == "init" {
      for rm in 0..<n where s.msgs.contains("Prepared\(rm)") {
        var t = s
        t.tmPrepared.insert(rm)
        out.append(t)
      }
      if commitNeedsAllVotes ? s.tmPrepared.count == n : !s.tmPrepared.isEmpty {
        var t = s
        t.tm = "committed"
        t.msgs.insert("Commit")
        out.append(t)
      }
      var t = s
      t.tm = "aborted"
      t.msgs.insert("Abort")
      out.append(t)
    }
    for rm in 0..<n where !s.crashed.contains("rm\(rm)") {
      if s.rm[rm] == "working" {
        var t = s
        t.rm[rm] = "prepared"
        t.msgs.insert("Prepared\(rm)")
        out.append(t)
      }
      if s.rm[rm] == "working" || (preparedMayAbort && s.rm[rm] == "prepared") {
        var t = s
        t.rm[rm] = "aborted"
        out.append(t)
      }
      if s.msgs.contains("Commit") {
        var t = s
        t.rm[rm] = "committed"
        out.append(t)
      }
      if s.msgs.contains("Abort") {
        var t = s
        t.rm[rm] = "aborted"
        out.append(t)
      }
    }
    if s.crashed.count < crashes {
      for who in ["tm"] + (0..<n).map({ "rm\($0)" }) where !s.crashed.contains(who) {
        var t = s
        t.crashed.insert(who)
        out.append(t)
      }
    }
    return out
  }

  /// Every reachable state.
  func reachable() -> Set<State> {
    let start = State(rm: Array(repeating: "working", count: n))
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
        return "\(s.rm[rm])/\(s.tmPrepared.contains(rm))/\(s.msgs.contains("Prepared\(rm)"))/"
          + "\(s.crashed.contains("rm\(rm)"))"
      }
      return columns.joined(separator: "|")
        + "#\(s.tm)/\(s.msgs.contains("Commit"))/\(s.msgs.contains("Abort"))/\(s.crashed.contains("tm"))"
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
    let start = State(rm: Array(repeating: "working", count: n))
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
    s.msgs.contains("Commit") && (0..<n).contains { !s.msgs.contains("Prepared\($0)") }
  }
}
