import Faultline
import FaultlineModels
import Testing

@Suite struct ByzantineGeneralsTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var generals: Int
    var traitors: Int
    var variant: ByzantineGenerals.Variant
    /// Whether the paper's theorems say some behaviour breaks interactive consistency.
    var violated: Bool
    var testDescription: String { "\(variant.rawValue) n=\(generals) m=\(traitors)" }
  }

  /// OM(m) needs more than 3m generals (theorems 1 and 2 of the paper); OM(0) fails once a
  /// traitorous commander faces two loyal lieutenants, and OM(m − 1) falls one round short of m
  /// traitors. Each expectation is checked twice: against the theorem (the `violated` column)
  /// and against the brute-force oracle, which runs the paper's recursion over every traitor
  /// set and every assignment of the traitors' messages.
  @Test(arguments: [
    Case(generals: 3, traitors: 1, variant: .correct, violated: true),
    Case(generals: 4, traitors: 1, variant: .correct, violated: false),
    Case(generals: 5, traitors: 1, variant: .correct, violated: false),
    Case(generals: 4, traitors: 2, variant: .correct, violated: true),
    Case(generals: 4, traitors: 0, variant: .correct, violated: false),
    Case(generals: 4, traitors: 1, variant: .skipRelay, violated: true),
    Case(generals: 5, traitors: 2, variant: .skipRelay, violated: true),
    Case(generals: 5, traitors: 1, variant: .oneRoundShort, violated: true),
    Case(generals: 5, traitors: 2, variant: .oneRoundShort, violated: true),
  ])
  func verdictsMatchTheTheoremAndTheBruteForceOracle(check: Case) throws {
    let model = try ByzantineGenerals(
      generals: check.generals, traitors: check.traitors, variant: check.variant)
    let oracle = GeneralsOracle(generals: check.generals, traitors: check.traitors, rounds: rounds(check))
    let broken = oracle.violable()
    #expect(!broken.isEmpty == check.violated)
    let result = try Explorer(model).run()
    if let violation = result.verdict.violations.first {
      #expect(check.violated)
      #expect(broken.contains(violation.property))
    } else {
      #expect(result.verdict == .holds)
      #expect(!check.violated)
      #expect(result.examples["every loyal lieutenant decided"] != nil)
    }
  }

  private func rounds(_ check: Case) -> Int {
    switch check.variant {
    case .correct: check.traitors + 1
    case .skipRelay: 1
    case .oneRoundShort: max(check.traitors, 1)
    }
  }

  /// Shortest counterexamples, argued from the fixed send order (relayed rounds first, then each
  /// loyal lieutenant's last round in turn, traitors the highest-numbered lieutenants):
  /// - n=3, m=1: the commander orders attack, traitor L2 tells L1 "the commander said retreat",
  ///   L1 ties and decides retreat: IC2 in 2 steps.
  /// - n=4, m=2 (OM(2), the example): under a loyal commander ordering attack, L1 is the
  ///   only loyal lieutenant. L2 and L3 each send it one relayed-round message and one
  ///   last-round message, and L1 decides: at least 5 steps. Five suffice: whatever L2 and L3
  ///   relay, each can tell L1 in the last round that the other said retreat, so each
  ///   sub-majority is retreat (a tie or 0-2) and the two outvote the order: IC2 in 5 steps.
  /// - skip-relay, n=4, m=1: a traitorous commander tells L1 attack, L1 obeys, tells L2
  ///   retreat, L2 obeys: IC1 in 4 steps.
  /// - one-round-short, n=7, m=2 (OM(1)): the traitorous commander sends attack to L1-L3 and
  ///   retreat to L4, L5 (5 steps); traitor L6 tells L1 the commander said attack (4-2, attack)
  ///   and L1 decides, then tells L2 retreat (3-3, retreat on the tie) and L2 decides: IC1 in 9.
  @Test(arguments: [
    (3, 1, ByzantineGenerals.Variant.correct, "IC2: loyal lieutenants obey a loyal commander", 2),
    (4, 2, .correct, "IC2: loyal lieutenants obey a loyal commander", 5),
    (4, 1, .skipRelay, "IC1: loyal lieutenants agree", 4),
    (7, 2, .oneRoundShort, "IC1: loyal lieutenants agree", 9),
  ])
  func shortestCounterexamples(
    generals: Int, traitors: Int, variant: ByzantineGenerals.Variant, property: String, steps: Int
  ) throws {
    let model = try ByzantineGenerals(generals: generals, traitors: traitors, variant: variant)
    let violation = try #require(try Explorer(model).run().verdict.violations.first)
    #expect(violation.property == property)
    #expect(violation.steps.count == steps)
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
  }

  /// Out of range, and too many traitors to leave two loyal generals.
  @Test(arguments: [(2, 0), (8, 1), (4, 3), (3, 2), (7, 4)])
  func parametersOutOfRangeAreErrors(generals: Int, traitors: Int) {
    #expect(throws: FaultlineError.self) { try ByzantineGenerals(generals: generals, traitors: traitors) }
  }
}
