/// An independent, deliberately naive enumeration of quorum replication without crashes over a
/// reliable unordered network, written from the description in docs/models.md with plain
/// arrays, sets and a `Set`-based breadth-first search, and its own linearizability check by
/// trying every order. It shares no code with the explorer, the System layer or the model.
///
/// A state is what the System layer tells states apart by when nothing crashes: each replica's
/// tag and value, each client's pending operation (completed count, phase, highest or stored
/// tag and value, replicas asked and answered), the messages in flight as a multiset, and the
/// history of invocations and responses in order.
struct QuorumOracle {
  var replicas: Int
  var readQuorum: Int
  var writeQuorum: Int
  var clients = 2
  var writers = 1
  var operations = 2
  /// Reads write back what they return (false: `no-write-back`).
  var writeBack = true
  /// Writes query for the highest tag (false: `no-write-query`, version 1 from the writer).
  var writeQuery = true

  struct Message: Hashable, Comparable {
    var from: Int
    var to: Int
    var kind: String  // "query", "reply", "store", "ack"
    var operation: Int
    var version = 0
    var writer = -1
    var value = 0

    static func < (a: Message, b: Message) -> Bool {
      let left = (a.from, a.to, a.kind, a.operation)
      let right = (b.from, b.to, b.kind, b.operation)
      guard left == right else { return left < right }
      return (a.version, a.writer, a.value) < (b.version, b.writer, b.value)
    }
  }

  struct Client: Hashable {
    var done = 0
    var phase = "idle"  // "query", "ready" (to store), "store"
    var version = 0
    var writer = -1
    var value = 0
    var asked: Set<Int> = []
    var answered: Set<Int> = []
  }

  /// A history event: client, whether it is an invocation, and the write's value or the read's
  /// result (nil: a read invoked, or a write's ok).
  struct Event: Hashable {
    var client: Int
    var invoke: Bool
    var write: Bool
    var value: Int?
  }

  struct State: Hashable {
    var copies: [[Int]]  // per replica: version, writer, value
    var users: [Client]
    var network: [Message]  // sorted
    var history: [Event] = []
  }

  /// Client k's operation number j: (is it a write, the value written).
  func operation(_ j: Int, of k: Int) -> (write: Bool, value: Int) {
    if k == 0 { return (true, 1) }
    return j == 0 && k < writers ? (true, k + 1) : (false, 0)
  }

  func count(of k: Int) -> Int { k == 0 ? 1 : operations }

  /// Every subset of the replicas with `size` members.
  func subsets(_ size: Int) -> [Set<Int>] {
    var all: [Set<Int>] = [[]]
    for replica in 0..<replicas { all += all.map { $0.union([replica]) } }
    return all.filter { $0.count == size }
  }

  func send(_ messages: [Message], _ s: inout State) {
    s.network += messages
    s.network.sort()
  }

  func finish(_ k: Int, result: Int?, _ s: inout State) {
    let op = operation(s.users[k].done, of: k)
    s.history.append(Event(client: k, invoke: false, write: op.write, value: op.write ? nil : result))
    s.users[k] = Client(done: s.users[k].done + 1)
  }

  func successors(_ s: State) -> [State] {
    var out: [State] = []
    for k in 0..<clients {
      let c = s.users[k]
      let me = replicas + k
      if c.phase == "idle" && c.done < count(of: k) {
        let op = operation(c.done, of: k)
        let skip = op.write && !writeQuery
        for quorum in subsets(skip ? writeQuorum : readQuorum) {
          var t = s
          t.history.append(Event(client: k, invoke: true, write: op.write, value: op.write ? op.value : nil))
          var u = Client(done: c.done, phase: skip ? "store" : "query", asked: quorum)
          if skip { (u.version, u.writer, u.value) = (1, k, op.value) }
          t.users[k] = u
          send(
            quorum.map {
              Message(
                from: me, to: $0, kind: skip ? "store" : "query", operation: c.done, version: u.version,
                writer: u.writer, value: u.value)
            }, &t)
          out.append(t)
        }
      }
      if c.phase == "ready" {
        for quorum in subsets(writeQuorum) {
          var t = s
          t.users[k].phase = "store"
          t.users[k].asked = quorum
          send(
            quorum.map {
              Message(
                from: me, to: $0, kind: "store", operation: c.done, version: c.version, writer: c.writer,
                value: c.value)
            }, &t)
          out.append(t)
        }
      }
    }
    for (index, m) in s.network.enumerated() where index == 0 || s.network[index - 1] != m {
      var t = s
      t.network.remove(at: index)
      if m.to < replicas {
        let copy = t.copies[m.to]
        if m.kind == "query" {
          send(
            [
              Message(
                from: m.to, to: m.from, kind: "reply", operation: m.operation, version: copy[0],
                writer: copy[1],
                value: copy[2])
            ], &t)
        } else {
          if (m.version, m.writer) > (copy[0], copy[1]) { t.copies[m.to] = [m.version, m.writer, m.value] }
          send([Message(from: m.to, to: m.from, kind: "ack", operation: m.operation)], &t)
        }
      } else {
        let k = m.to - replicas
        var c = t.users[k]
        if m.kind == "reply" && c.phase == "query" && m.operation == c.done {
          c.answered.insert(m.from)
          if (m.version, m.writer) > (c.version, c.writer) {
            (c.version, c.writer, c.value) = (m.version, m.writer, m.value)
          }
          t.users[k] = c
          if c.answered.count == readQuorum {
            let op = operation(c.done, of: k)
            if !op.write && !writeBack {
              finish(k, result: c.value, &t)
            } else {
              if op.write { (c.version, c.writer, c.value) = (c.version + 1, k, op.value) }
              c.phase = "ready"
              c.asked = []
              c.answered = []
              t.users[k] = c
            }
          }
        } else if m.kind == "ack" && c.phase == "store" && m.operation == c.done {
          c.answered.insert(m.from)
          t.users[k] = c
          if c.answered.count == writeQuorum { finish(k, result: c.value, &t) }
        }
      }
      out.append(t)
    }
    return out
  }

  /// Whether the history is linearizable for a register starting at 0, by trying every order
  /// that respects real time; a pending write may take effect or not, a pending read is ignored.
  static func linearizable(_ history: [Event]) -> Bool {
    struct Op {
      var write: Bool
      var value: Int?
      var invoked: Int
      var returned: Int?
    }
    var ops: [Op] = []
    var open: [Int: Int] = [:]
    for (time, e) in history.enumerated() {
      if e.invoke {
        open[e.client] = ops.count
        ops.append(Op(write: e.write, value: e.value, invoked: time))
      } else if let i = open[e.client] {
        ops[i].returned = time
        if !e.write { ops[i].value = e.value }
      }
    }
    ops.removeAll { $0.returned == nil && !$0.write }
    func search(_ left: [Int], _ register: Int) -> Bool {
      if !left.contains(where: { ops[$0].returned != nil }) { return true }
      for i in left {
        // i may go next only if no other operation left returned before i was invoked.
        guard !left.contains(where: { $0 != i && (ops[$0].returned ?? Int.max) < ops[i].invoked }) else {
          continue
        }
        let op = ops[i]
        if !op.write && op.value != register { continue }
        if search(left.filter { $0 != i }, op.write ? op.value ?? 0 : register) { return true }
      }
      return false
    }
    return search(Array(ops.indices), 0)
  }

  /// The number of distinct reachable states, and the length of the shortest path to a state
  /// whose history is not linearizable (the search stops at that depth), or nil.
  func explore() -> (distinct: Int, shortestViolation: Int?) {
    let start = State(
      copies: Array(repeating: [0, -1, 0], count: replicas),
      users: Array(repeating: Client(), count: clients),
      network: [])
    var seen: Set<State> = [start]
    var level = [start]
    var depth = 0
    while !level.isEmpty {
      if level.contains(where: { !Self.linearizable($0.history) }) { return (seen.count, depth) }
      var next: [State] = []
      for s in level {
        for t in successors(s) where seen.insert(t).inserted { next.append(t) }
      }
      level = next
      depth += 1
    }
    return (seen.count, nil)
  }
}
