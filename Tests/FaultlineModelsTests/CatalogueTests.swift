import Faultline
import FaultlineModels
import Testing

@Suite struct CatalogueTests {
  // Every variant's verdict at its defaults is checked on the release binary
  // (`ParameterGridTests.everyVariantGetsItsPromisedVerdictAtItsDefaults`): some defaults take
  // tens of seconds in a debug build.

  @Test func replayReproducesTheCounterexample() throws {
    let entry = try Catalogue.entry(named: "two-phase-commit")
    let found = try entry.run(variant: "abort-after-prepare")
    let violation = try #require(found.verdict.violations.first)
    let choices = try #require(found.replays[violation.property])
    let replayed = try entry.run(variant: "abort-after-prepare", request: CheckRequest(replay: choices))
    #expect(replayed.verdict.violations.first?.property == violation.property)
    #expect(replayed.verdict.violations.first?.steps == violation.steps)
  }

  @Test(
    arguments: [
      ("two-phase-comit", nil, [:], "did you mean 'two-phase-commit'"),
      ("two-phase-commit", "commit-without-votes", [:], "did you mean 'commit-without-all-votes'"),
      ("two-phase-commit", nil, ["participant": 3], "did you mean 'participants'"),
      ("two-phase-commit", nil, ["participants": 0], "expected an integer from 1 to 11"),
      ("two-phase-commit", nil, ["crashes": "x"], "expected an integer from 0 to 12"),
    ] as [(String, String?, [String: ParameterValue], String)])
  func badNamesAndValuesAreExplained(
    model: String, variant: String?, parameters: [String: ParameterValue], message: String
  ) {
    do {
      _ = try Catalogue.entry(named: model).run(variant: variant, parameters: parameters)
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error).contains(message), "\(error)")
    }
  }
}
