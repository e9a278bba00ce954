import FaultlineCore

/// Sequential consistency's order: an operation may take effect next once every earlier
/// required operation of its process has, whatever real time says.
///
/// An operation of unknown outcome is not required: it may take effect at any point after its
/// process's earlier required operations, also after its process's later ones, as its interval
/// never closes; so a linearizable history is always sequentially consistent. Candidates are
/// listed in operation order.
@usableFromInline
struct ProgramOrder: LinearizationOrder {
  @usableFromInline let required: [Bool]
  /// Each operation's process, by number.
  @usableFromInline let process: [Int]
  /// Each operation's place in its process's order.
  @usableFromInline let place: [Int]
  /// Each process's operations, in order.
  @usableFromInline let members: [[Int]]
  /// Each process's first required operation not yet linearized, as a place (its count when
  /// there is none).
  @usableFromInline var frontier: [Int]
  @usableFromInline var done: [Bool]

  /// The order of operations issued by `processes` (one per operation, each process's in its
  /// order), of which `required` ones must take effect.
  @inlinable
  @usableFromInline init<Process: Hashable>(processes: [Process], required: [Bool]) {
    var numbers: [Process: Int] = [:]
    var members: [[Int]] = []
    var process: [Int] = []
    var place: [Int] = []
    for (op, name) in processes.enumerated() {
      let number = numbers[name] ?? members.count
      if number == members.count {
        numbers[name] = number
        members.append([])
      }
      process.append(number)
      place.append(members[number].count)
      members[number].append(op)
    }
    self.required = required
    self.process = process
    self.place = place
    self.members = members
    done = [Bool](repeating: false, count: processes.count)
    frontier = [Int](repeating: 0, count: members.count)
    for number in members.indices { advance(number) }
  }

  @inlinable var first: Int { 0 }

  @inlinable
  @usableFromInline func nextCandidate(_ cursor: inout Int) -> Int? {
    while cursor < done.count {
      let op = cursor
      cursor += 1
      if !done[op] && place[op] <= frontier[process[op]] { return op }
    }
    return nil
  }

  @inlinable
  @usableFromInline func cursor(after op: Int) -> Int { op + 1 }

  @inlinable
  @usableFromInline mutating func remove(_ op: Int) {
    done[op] = true
    if place[op] == frontier[process[op]] { advance(process[op]) }
  }

  @inlinable
  @usableFromInline mutating func restore(_ op: Int) {
    done[op] = false
    if required[op] && place[op] < frontier[process[op]] { frontier[process[op]] = place[op] }
  }

  /// Moves the process's frontier past linearized and optional operations.
  @inlinable
  @usableFromInline mutating func advance(_ number: Int) {
    var next = frontier[number]
    let order = members[number]
    while next < order.count && (done[order[next]] || !required[order[next]]) { next += 1 }
    frontier[number] = next
  }
}
