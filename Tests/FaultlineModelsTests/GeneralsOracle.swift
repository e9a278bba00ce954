/// An independent, deliberately naive enumeration of OM(1) with one traitor, written from
/// Lamport, Shostak and Pease's description with string-keyed dictionaries and a `Set`-based
/// breadth-first search. It shares no code with the explorer or the model.
struct GeneralsOracle {
  struct State: Hashable {
    var traitor: String  // "C" or "L1", "L2", ...
    var order: String?  // a loyal commander's order
    var inbox: [String: String] = [:]  // "C>L1" or "L2>L1" -> "attack" / "retreat"
    var decided: [String: String] = [:]
  }

  var generals: Int
  var skipRelay = false

  var lieutenants: [String] { (1..<generals).map { "L\($0)" } }

  func initialStates() -> [State] {
    var states = [State(traitor: "C", order: nil)]
    for l in lieutenants {
      for order in ["attack", "retreat"] { states.append(State(traitor: l, order: order)) }
    }
    return states
  }

  func decision(_ l: String, _ s: State) -> String? {
    guard let direct = s.inbox["C>\(l)"] else { return nil }
    if skipRelay { return direct }
    var votes = [direct]
    for other in lieutenants where other != l {
      guard let reported = s.inbox["\(other)>\(l)"] else { return nil }
      votes.append(reported)
    }
    let attacks = votes.filter { $0 == "attack" }.count
    return attacks * 2 > votes.count ? "attack" : "retreat"
  }

  func next(_ s: State) -> [State] {
    var out: [State] = []
    func send(_ key: String, _ choices: [String]) {
      guard s.inbox[key] == nil else { return }
      for value in choices {
        var t = s
        t.inbox[key] = value
        out.append(t)
      }
    }
    for l in lieutenants {
      send("C>\(l)", s.traitor == "C" ? ["attack", "retreat"] : [s.order ?? "?"])
    }
    if !skipRelay {
      for from in lieutenants {
        for to in lieutenants where to != from {
          if s.traitor == from {
            send("\(from)>\(to)", ["attack", "retreat"])
          } else if let heard = s.inbox["C>\(from)"] {
            send("\(from)>\(to)", [heard])
          }
        }
      }
    }
    for l in lieutenants where l != s.traitor && s.decided[l] == nil {
      if let value = decision(l, s) {
        var t = s
        t.decided[l] = value
        out.append(t)
      }
    }
    return out
  }

  /// Whether interactive consistency fails: loyal lieutenants disagree (IC1), or one of them
  /// decided against a loyal commander's order (IC2).
  static func inconsistent(_ s: State) -> Bool {
    let loyal = s.decided.filter { $0.key != s.traitor }
    if Set(loyal.values).count > 1 { return true }
    if let order = s.order, s.traitor != "C" { return loyal.values.contains { $0 != order } }
    return false
  }

  /// Distinct reachable states and the fewest steps to an inconsistent one (if any).
  func explore() -> (distinct: Int, shortest: Int?) {
    var seen = Set(initialStates())
    var level = Array(seen)
    var depth = 0
    var shortest: Int?
    while !level.isEmpty {
      depth += 1
      var nextLevel: [State] = []
      for s in level {
        for t in next(s) where seen.insert(t).inserted {
          nextLevel.append(t)
          if shortest == nil && Self.inconsistent(t) { shortest = depth }
        }
      }
      level = nextLevel
    }
    return (seen.count, shortest)
  }
}
