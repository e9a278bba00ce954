import FaultlineCore

/// Linearizability's order: an operation may take effect next when it was invoked before every
/// remaining operation returned.
///
/// Porcupine's representation: the call and return events in a doubly linked list sorted by
/// time, from which a linearized operation's two events are lifted out (and put back exactly
/// where they were on backtracking); the candidates are the calls before the first return.
@usableFromInline
struct RealTimeOrder: LinearizationOrder {
  @usableFromInline var next: [Int]
  @usableFromInline var prev: [Int]
  @usableFromInline let opOf: [Int]
  @usableFromInline let isCall: [Bool]
  @usableFromInline let callNode: [Int]
  @usableFromInline let returnNode: [Int]

  /// The order of operations invoked at `calls` and completed at `returns` (`Int.max` for one
  /// that never returned).
  @inlinable
  @usableFromInline init(calls: [Int], returns: [Int]) {
    let n = calls.count
    // Nodes 1...2n: the events sorted by time, calls first on ties; node 0 is the list head.
    var events: [(time: Int, isReturn: Bool, op: Int)] = []
    events.reserveCapacity(2 * n)
    for op in 0..<n {
      events.append((calls[op], false, op))
      events.append((returns[op], true, op))
    }
    events.sort { $0.time != $1.time ? $0.time < $1.time : (!$0.isReturn && $1.isReturn) }
    var next = [Int](repeating: -1, count: 2 * n + 1)
    var prev = [Int](repeating: -1, count: 2 * n + 1)
    var opOf = [Int](repeating: 0, count: 2 * n + 1)
    var isCall = [Bool](repeating: false, count: 2 * n + 1)
    var callNode = [Int](repeating: 0, count: n)
    var returnNode = [Int](repeating: 0, count: n)
    for (index, event) in events.enumerated() {
      let node = index + 1
      opOf[node] = event.op
      isCall[node] = !event.isReturn
      if event.isReturn { returnNode[event.op] = node } else { callNode[event.op] = node }
      prev[node] = node - 1
      next[node - 1] = node
    }
    self.next = next
    self.prev = prev
    self.opOf = opOf
    self.isCall = isCall
    self.callNode = callNode
    self.returnNode = returnNode
  }

  @inlinable var first: Int { next[0] }

  @inline(__always)
  @inlinable
  @usableFromInline func nextCandidate(_ cursor: inout Int) -> Int? {
    let node = cursor
    // A return reached before its call was linearized ends the candidates.
    guard node != -1, isCall[node] else { return nil }
    cursor = next[node]
    return opOf[node]
  }

  @inlinable
  @usableFromInline func cursor(after op: Int) -> Int { next[callNode[op]] }

  @inlinable
  @usableFromInline mutating func remove(_ op: Int) {
    let call = callNode[op]
    let ret = returnNode[op]
    next[prev[call]] = next[call]
    if next[call] != -1 { prev[next[call]] = prev[call] }
    next[prev[ret]] = next[ret]
    if next[ret] != -1 { prev[next[ret]] = prev[ret] }
  }

  @inlinable
  @usableFromInline mutating func restore(_ op: Int) {
    // The return first, then the call: the reverse of `remove`.
    let call = callNode[op]
    let ret = returnNode[op]
    if next[ret] != -1 { prev[next[ret]] = ret }
    next[prev[ret]] = ret
    if next[call] != -1 { prev[next[call]] = call }
    next[prev[call]] = call
  }
}
