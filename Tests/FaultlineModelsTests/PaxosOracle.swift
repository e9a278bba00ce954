/// An independent, deliberately naive enumeration of Lamport's Paxos in message-set style, at the
/// level of the specification's variables (TLC's states), written from shared/oracles/README.md
/// with a `Set` of message structs and a `Set`-based breadth-first search. It shares no code with
/// the explorer or the model; the System model's states project onto exactly its states.
struct PaxosOracle {
  enum Message: Hashable {
    case oneA(bal: Int)
    case oneB(acc: Int, bal: Int, mbal: Int, mval: Int?)
    case twoA(bal: Int, val: Int)
    case twoB(acc: Int, bal: Int, val: Int)
  }

  struct State: Hashable {
    var msgs: Set<Message> = []
    var maxBal = [-1, -1, -1]
    var maxVBal = [-1, -1, -1]
    var maxVal: [Int?] = [nil, nil, nil]
  }

  var maxBallot: Int
  var ignoreVotes = false
  var acceptBelowPromise = false

  let acceptors = 0..<3
  let values = 0..<2
  let quorums: [Set<Int>] = [[0, 1], [0, 2], [1, 2]]

  /// Every successor, once for each binding of the specification's existential quantifiers,
  /// as TLC generates them (so duplicates count).
  func next(_ s: State) -> [State] {
    var out: [State] = []
    for b in 0...maxBallot {
      var t = s
      t.msgs.insert(.oneA(bal: b))
      out.append(t)
      for v in values {
        let has2a = s.msgs.contains {
          if case .twoA(let bal, _) = $0 { return bal == b }
          return false
        }
        if has2a { continue }
        for q in quorums {
          var q1b: [(acc: Int, mbal: Int, mval: Int?)] = []
          for case .oneB(let acc, let bal, let mbal, let mval) in s.msgs where q.contains(acc) && bal == b {
            q1b.append((acc, mbal, mval))
          }
          guard q.allSatisfy({ a in q1b.contains { $0.acc == a } }) else { continue }
          let q1bv = q1b.filter { $0.mbal >= 0 }
          var sent = s
          sent.msgs.insert(.twoA(bal: b, val: v))
          if q1bv.isEmpty || ignoreVotes {
            out.append(sent)
          } else {
            for m in q1bv where m.mval == v && q1bv.allSatisfy({ m.mbal >= $0.mbal }) {
              out.append(sent)
            }
          }
        }
      }
    }
    for a in acceptors {
      for case .oneA(let b) in s.msgs where b > s.maxBal[a] {
        var t = s
        t.maxBal[a] = b
        t.msgs.insert(.oneB(acc: a, bal: b, mbal: s.maxVBal[a], mval: s.maxVal[a]))
        out.append(t)
      }
      for case .twoA(let b, let v) in s.msgs where b >= s.maxBal[a] || acceptBelowPromise {
        var t = s
        t.maxBal[a] = max(b, s.maxBal[a])
        t.maxVBal[a] = b
        t.maxVal[a] = v
        t.msgs.insert(.twoB(acc: a, bal: b, val: v))
        out.append(t)
      }
    }
    return out
  }

  /// The values for which a quorum sent 2b messages in one ballot.
  func chosen(_ s: State) -> Set<Int> {
    var result: Set<Int> = []
    for b in 0...maxBallot {
      for v in values
      where quorums.contains(where: { q in q.allSatisfy { s.msgs.contains(.twoB(acc: $0, bal: b, val: v)) } })
      {
        result.insert(v)
      }
    }
    return result
  }

  /// Every reachable state.
  func reachable() -> Set<State> {
    var seen: Set<State> = [State()]
    var frontier = [State()]
    while let s = frontier.popLast() {
      for t in next(s) where seen.insert(t).inserted { frontier.append(t) }
    }
    return seen
  }

  /// Distinct states, TLC's generated count (the initial state included), the greatest depth
  /// in steps, and the fewest steps to a state with two values chosen (if any).
  func explore() -> (distinct: Int, generated: Int, depth: Int, shortestDisagreement: Int?) {
    let start = State()
    var seen: Set<State> = [start]
    var level = [start]
    var generated = 1
    var depth = 0
    var shortest: Int?
    while !level.isEmpty {
      var nextLevel: [State] = []
      for s in level {
        let successors = next(s)
        generated += successors.count
        for t in successors where seen.insert(t).inserted {
          nextLevel.append(t)
          if shortest == nil && chosen(t).count > 1 { shortest = depth + 1 }
        }
      }
      if !nextLevel.isEmpty { depth += 1 }
      level = nextLevel
    }
    return (seen.count, generated, depth, shortest)
  }
}
