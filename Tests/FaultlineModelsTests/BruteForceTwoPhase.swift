/// Lamport's TwoPhase, enumerated by hand: the state is
/// `[tm, rm_1...rm_n, tmPrepared_1...n, msgPrepared_1...n, msgCommit, msgAbort]` with
/// tm 0 init / 1 committed / 2 aborted and rm 0 working / 1 prepared / 2 committed / 3 aborted.
enum BruteForceTwoPhase {
  static func reachable(participants n: Int) -> Set<[UInt8]> {
    let initial = [UInt8](repeating: 0, count: 1 + 3 * n + 2)
    var seen: Set<[UInt8]> = [initial]
    var frontier = [initial]
    let commit = 1 + 3 * n
    let abort = commit + 1
    while let s = frontier.popLast() {
      var next: [[UInt8]] = []
      func rm(_ i: Int) -> Int { 1 + i }
      func tmPrepared(_ i: Int) -> Int { 1 + n + i }
      func msgPrepared(_ i: Int) -> Int { 1 + 2 * n + i }
      if s[0] == 0 {
        for i in 0..<n where s[msgPrepared(i)] == 1 {
          var t = s
          t[tmPrepared(i)] = 1
          next.append(t)
        }
        if (0..<n).allSatisfy({ s[tmPrepared($0)] == 1 }) {
          var t = s
          t[0] = 1
          t[commit] = 1
          next.append(t)
        }
        var t = s
        t[0] = 2
        t[abort] = 1
        next.append(t)
      }
      for i in 0..<n {
        if s[rm(i)] == 0 {
          var t = s
          t[rm(i)] = 1
          t[msgPrepared(i)] = 1
          next.append(t)
          var u = s
          u[rm(i)] = 3
          next.append(u)
        }
        if s[commit] == 1 {
          var t = s
          t[rm(i)] = 2
          next.append(t)
        }
        if s[abort] == 1 {
          var t = s
          t[rm(i)] = 3
          next.append(t)
        }
      }
      for t in next where seen.insert(t).inserted { frontier.append(t) }
    }
    return seen
  }

  /// The number of orbits under renaming resource managers: the number of distinct
  /// lexicographically least encodings over all permutations.
  static func orbits(participants n: Int) -> Int {
    let perms = permutations(Array(0..<n))
    var canonical = Set<[UInt8]>()
    for s in reachable(participants: n) {
      var best: [UInt8]? = nil
      for p in perms {
        var t = s
        for i in 0..<n {
          t[1 + p[i]] = s[1 + i]
          t[1 + n + p[i]] = s[1 + n + i]
          t[1 + 2 * n + p[i]] = s[1 + 2 * n + i]
        }
        if best.map({ t.lexicographicallyPrecedes($0) }) ?? true { best = t }
      }
      if let best { canonical.insert(best) }
    }
    return canonical.count
  }

  static func permutations(_ items: [Int]) -> [[Int]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { i -> [[Int]] in
      var rest = items
      let head = rest.remove(at: i)
      return permutations(rest).map { [head] + $0 }
    }
  }
}
