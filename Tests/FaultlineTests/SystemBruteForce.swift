import Faultline

/// The Relay protocol's reachable states enumerated by hand, independently of `System` and
/// the explorer: a naive search over a transition function written from the semantics in
/// the documentation, with Swift's `Set` as the visited set.
struct RelayBruteForce {
  var n: Int
  var delivery: NetworkSemantics.Delivery
  var lossy: Bool
  var partitionEvents: Int
  var crashes: Int
  var crashDuringSends: Bool
  var recovery: Bool
  var detectorOn: Bool
  var falseSuspicions: Int

  init(_ c: RelayCase) {
    n = c.processes
    delivery = c.network.delivery
    lossy = c.network.lossy
    partitionEvents = c.network.partitionEvents
    crashes = c.faults.crashes
    crashDuringSends = c.faults.crashDuringSends
    recovery = c.faults.recovery
    detectorOn = c.detector != .none
    falseSuspicions = c.detector.falseSuspicionBound
  }

  struct S: Hashable {
    var went: [Bool]
    var received: [[UInt8]]
    var ticked: [Bool]
    var timerSet: Bool  // process 1's timer
    var crashed: [Bool]
    var crashesUsed = 0
    var stable0 = false  // process 0 wrote `true`
    var channels: [[UInt8]]  // index from * n + to; FIFO order, or sorted for the others
    var suspected: [[Bool]]
    var falseUsed = 0
    var cut: [[Bool]]
    var partitionsUsed = 0
  }

  func count() -> Int {
    let initial = S(
      went: Array(repeating: false, count: n), received: Array(repeating: [], count: n),
      ticked: Array(repeating: false, count: n), timerSet: n > 1, crashed: Array(repeating: false, count: n),
      channels: Array(repeating: [], count: n * n),
      suspected: Array(repeating: Array(repeating: false, count: n), count: n),
      cut: Array(repeating: Array(repeating: false, count: n), count: n))
    var seen: Set<S> = [initial]
    var stack = [initial]
    while let s = stack.popLast() {
      for t in successors(s) where seen.insert(t).inserted { stack.append(t) }
    }
    return seen.count
  }

  func put(_ m: UInt8, from: Int, to: Int, _ s: inout S) {
    if s.crashed[to] || s.cut[from][to] { return }
    let c = from * n + to
    switch delivery {
    case .fifo: s.channels[c].append(m)
    case .unordered: s.channels[c].append(m); s.channels[c].sort()
    case .duplicating: if !s.channels[c].contains(m) { s.channels[c].append(m); s.channels[c].sort() }
    case .latest: s.channels[c] = [m]
    }
  }

  func crash(_ p: Int, _ s: inout S) {
    s.crashed[p] = true
    s.crashesUsed += 1
    if p == 1 { s.timerSet = false }
    s.suspected[p] = Array(repeating: false, count: n)
    for from in 0..<n { s.channels[from * n + p] = [] }
  }

  func successors(_ s: S) -> [S] {
    var out: [S] = []
    let canCrash = s.crashesUsed < crashes
    // Deliveries.
    for from in 0..<n {
      for to in 0..<n where !s.crashed[to] {
        let queue = s.channels[from * n + to]
        var candidates: [Int] = []
        if delivery == .fifo {
          if !queue.isEmpty { candidates = [0] }
        } else {
          candidates = queue.indices.filter { $0 == 0 || queue[$0] != queue[$0 - 1] }
        }
        for i in candidates {
          var t = s
          if delivery != .duplicating { t.channels[from * n + to].remove(at: i) }
          if t.received[to].count < 2 { t.received[to].append(queue[i]) }
          out.append(t)
        }
      }
    }
    // Process 1's timer.
    if n > 1 && s.timerSet && !s.crashed[1] {
      var t = s
      t.timerSet = false
      t.ticked[1] = true
      out.append(t)
    }
    // Process 0's broadcast: a to 1..n-1, then b to 1..n-1; a crash may keep any proper subset.
    if !s.crashed[0] && !s.went[0] {
      var t = s
      t.went[0] = true
      t.stable0 = true
      let sends = (0..<2).flatMap { m in (1..<n).map { (UInt8(m), $0) } }
      var full = t
      for (m, to) in sends { put(m, from: 0, to: to, &full) }
      out.append(full)
      if crashDuringSends && canCrash && !sends.isEmpty {
        for mask in 0..<((1 << sends.count) - 1) {
          var u = t
          for (i, (m, to)) in sends.enumerated() where mask & (1 << i) != 0 { put(m, from: 0, to: to, &u) }
          crash(0, &u)
          out.append(u)
        }
      }
    }
    // Failure detector.
    if detectorOn {
      for o in 0..<n where !s.crashed[o] {
        for target in 0..<n where target != o {
          if !s.suspected[o][target] && (s.crashed[target] || s.falseUsed < falseSuspicions) {
            var t = s
            t.suspected[o][target] = true
            if !s.crashed[target] { t.falseUsed += 1 }
            out.append(t)
          } else if s.suspected[o][target] && !s.crashed[target] {
            var t = s
            t.suspected[o][target] = false
            out.append(t)
          }
        }
      }
    }
    // Losses.
    if lossy {
      for c in 0..<(n * n) {
        let queue = s.channels[c]
        for i in queue.indices where delivery == .fifo || i == 0 || queue[i] != queue[i - 1] {
          var t = s
          t.channels[c].remove(at: i)
          out.append(t)
        }
      }
    }
    // Crashes and recoveries.
    for p in 0..<n {
      if !s.crashed[p] && canCrash {
        var t = s
        crash(p, &t)
        out.append(t)
      }
      if s.crashed[p] && recovery {
        var t = s
        t.crashed[p] = false
        t.went[p] = p == 0 ? s.stable0 : false
        t.received[p] = []
        t.ticked[p] = false
        if p == 1 { t.timerSet = true }
        out.append(t)
      }
    }
    // Partitions.
    if s.partitionsUsed < partitionEvents {
      for a in 0..<n {
        for b in (a + 1)..<max(n, a + 1) {
          var t = s
          t.partitionsUsed += 1
          t.cut[a][b].toggle()
          t.cut[b][a].toggle()
          if t.cut[a][b] {
            t.channels[a * n + b] = []
            t.channels[b * n + a] = []
          }
          out.append(t)
        }
      }
    }
    return out
  }
}
