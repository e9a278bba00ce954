import Faultline
import FaultlineModels
import Testing

@Suite struct ByzantineGeneralsTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var generals: Int
    var variant: ByzantineGenerals.Variant
    /// The property violated first, or nil when interactive consistency holds.
    var violated: String?
    var testDescription: String { "\(variant.rawValue) n=\(generals)" }
  }

  /// OM(1) survives one traitor with 4 generals and not with 3 (n > 3m); skipping the relay
  /// round lets a traitorous commander split the lieutenants at any size. Counts and the
  /// shortest counterexamples come from the brute-force oracle.
  @Test(arguments: [
    Case(generals: 3, variant: .correct, violated: "IC2: loyal lieutenants obey a loyal commander"),
    Case(generals: 4, variant: .correct, violated: nil),
    Case(generals: 3, variant: .skipRelay, violated: "IC1: loyal lieutenants agree"),
    Case(generals: 4, variant: .skipRelay, violated: "IC1: loyal lieutenants agree"),
  ])
  func verdictsAndCountsMatchTheBruteForceOracle(check: Case) throws {
    var oracle = GeneralsOracle(generals: check.generals)
    oracle.skipRelay = check.variant == .skipRelay
    let expected = oracle.explore()
    let model = try ByzantineGenerals(generals: check.generals, variant: check.variant)
    let result = try Explorer(model).run()
    guard let property = check.violated else {
      #expect(result.verdict == .holds)
      #expect(expected.shortest == nil)
      #expect(result.statistics.distinctStates == expected.distinct)
      #expect(result.examples["every loyal lieutenant decided"] != nil)
      return
    }
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == property)
    #expect(violation.steps.count == expected.shortest)
    #expect(violation.steps.allSatisfy { $0.process != nil && !$0.changes.isEmpty })
  }

  /// The violated spaces explored whole, with the properties dropped (the explorer stops at
  /// the first violation), agree with the oracle's counts too.
  @Test(arguments: [(3, ByzantineGenerals.Variant.correct), (3, .skipRelay), (4, .skipRelay)])
  func brokenSpacesMatchTheOracleInFull(generals: Int, variant: ByzantineGenerals.Variant) throws {
    var oracle = GeneralsOracle(generals: generals)
    oracle.skipRelay = variant == .skipRelay
    let model = Unchecked(base: try ByzantineGenerals(generals: generals, variant: variant))
    let result = try Explorer(model).run()
    #expect(result.statistics.distinctStates == oracle.explore().distinct)
  }

  @Test(arguments: [2, 6])
  func generalsOutOfRangeAreErrors(generals: Int) {
    #expect(throws: FaultlineError.self) { try ByzantineGenerals(generals: generals) }
  }
}
