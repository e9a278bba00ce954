import Faultline
import FaultlineModels
import Testing

/// `SystemProperties.linearizable` keeps its verdict per environment number and per history, so
/// each history is searched once. The oracle is the uncached search, `Linearizability.check`
/// on the state's history, in every reachable state of small replication systems, correct and
/// broken, so that both verdicts occur.
@Suite struct HistoryVerdictTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    /// Whether some reachable state's history is not linearizable.
    var violated: Bool
    var check: @Sendable () throws -> (agreed: Int, failing: Int)
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "chain replication, correct", violated: false) {
      try compare(ChainReplication.make(replicas: 2, clients: 2, crashes: 1, variant: .correct))
    },
    Case(name: "chain replication, reads at the head", violated: true) {
      try compare(ChainReplication.make(replicas: 2, clients: 2, crashes: 1, variant: .readAtHead))
    },
    Case(name: "primary-backup, reply before ack", violated: true) {
      try compare(PrimaryBackup.make(replicas: 2, clients: 2, crashes: 1, variant: .replyBeforeAck))
    },
  ]

  @Test(arguments: cases)
  func cachedVerdictIsTheSearchOnEveryState(_ test: Case) throws {
    let (agreed, failing) = try test.check()
    #expect(agreed > 0)
    #expect((failing > 0) == test.violated)
  }

  /// Walks every reachable state (violating states included) and compares the property with a
  /// fresh search; returns how many states agreed and how many failed.
  static func compare<P: SystemProcess>(_ system: System<P>) -> (agreed: Int, failing: Int)
  where P.Value == FaultlineModels.RegisterOperation {
    guard let property = system.properties.first(where: { $0.name == "linearizability" }) else {
      Issue.record("no linearizability property")
      return (0, 0)
    }
    var queue = system.initialStates
    var seen = Set(queue)
    var next = 0
    var agreed = 0
    var failing = 0
    while next < queue.count {
      let state = queue[next]
      next += 1
      let expected = Linearizability.check(history: state.history, spec: RegisterSpecification())
        .violations.isEmpty
      // Twice: the second answer comes from the cache.
      let first = property.condition(state)
      let second = property.condition(state)
      #expect(first == expected && second == expected, "state \(next - 1): \(state.history)")
      if first == expected { agreed += 1 }
      if !expected { failing += 1 }
      for action in system.actions(from: state) {
        if let successor = system.successor(of: state, via: action), seen.insert(successor).inserted {
          queue.append(successor)
        }
      }
    }
    return (agreed, failing)
  }
}
