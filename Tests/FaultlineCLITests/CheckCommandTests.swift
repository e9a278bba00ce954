import Foundation
import Testing

@Suite struct CheckCommandTests {
  /// Distinct-state counts from Lamport's TwoPhase (TLC, SPIN and Stateright agree; see
  /// shared/oracles/README.md). Larger instances run against the release binary
  /// (`ReleaseBinaryTests`).
  @Test(arguments: [(3, 288), (5, 8_832)])
  func twoPhaseCommitHoldsWithTheSpecificationsCounts(participants: Int, distinct: Int) throws {
    let result = try Faultline.run([
      "check", "two-phase-commit", "--participants", String(participants), "--crashes", "0", "--json",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"distinctStates\": \(distinct)"))
    #expect(result.stdout.contains("\"verdict\": \"holds\""))
    let json = try #require(result.json)
    #expect(json["model"] as? String == "two-phase-commit")
    #expect((json["parameters"] as? [String: Any])?["participants"] as? Int == participants)
    for key in ["maxDepth", "seconds", "statesPerSecond", "violations"] {
      #expect(json[key] != nil, "\(key)")
    }
  }

  @Test(arguments: ["commit-without-all-votes", "abort-after-prepare"])
  func brokenVariantsExitOneWithAPath(variant: String) throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--variant", variant, "--json"])
    #expect(result.status == 1)
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == "violated")
    let violations = try #require(json["violations"] as? [[String: Any]])
    let path = try #require(violations.first?["path"] as? [[String: Any]])
    #expect(!path.isEmpty)
    #expect(path.allSatisfy { $0["process"] is String && $0["action"] is String })
    #expect(violations.first?["kind"] as? String == "safety")
    #expect(violations.first?["cycleStart"] == nil)
  }

  /// Issue #20: a counterexample names a client one way only, in its steps and in its history
  /// (the history used to call primary-backup's c0 and c1 by their process numbers, p3 and p4),
  /// and a client's state reads as a client's (it used to print replica fields until it invoked).
  @Test func historyLinesNameClientsAsTheStepsDo() throws {
    let result = try Faultline.run([
      "check", "primary-backup", "--variant", "reply-before-ack", "--workers", "1",
    ])
    #expect(result.status == 1)
    let history = result.stdout.split(separator: "\n").filter { $0.contains("history:") }
    #expect(!history.isEmpty)
    #expect(history.allSatisfy { !$0.contains("p3 ") && !$0.contains("p4 ") }, "\(history)")
    #expect(history.contains { $0.contains("c0 invokes write(1)") }, "\(history)")
    // A client's state reads as a client's, before its first invocation too.
    let clients = result.stdout.split(separator: "\n").filter {
      $0.hasPrefix("       c0 ") || $0.hasPrefix("       c1 ")
    }
    #expect(clients.count == 2 && clients.allSatisfy { $0.hasSuffix("= idle") }, "\(clients)")
  }

  @Test func textCounterexampleNumbersItsSteps() throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--variant", "commit-without-all-votes"])
    #expect(result.status == 1)
    for line in [
      "verdict: violated", "0. initial state", "1. p1: votes yes, sends Prepared",
      "2. coordinator: receive Prepared from p1", "3. coordinator: decides commit, sends Commit",
      "coordinator: init, votes {p1} -> committed, votes {p1}",
    ] {
      #expect(result.stdout.contains(line), "missing: \(line)")
    }
  }

  /// With 5 interchangeable participants TwoPhase's 8,832 states fall into 314 orbits, as a
  /// brute-force canonicalisation over all 120 renamings counts them (the model tests check it,
  /// and 1–4 participants); the benchmarks' hand-packed model, which sorts its participants'
  /// bit columns instead, counts the same.
  @Test(arguments: [["--symmetry"], ["--symmetry", "--workers", "1"]])
  func symmetryIsABareFlag(flag: [String]) throws {
    let result = try Faultline.run(
      ["check", "two-phase-commit", "--participants", "5", "--crashes", "0", "--json"] + flag)
    #expect(result.status == 0)
    #expect(result.json?["distinctStates"] as? Int == 314)
  }

  @Test func replayStringReplaysTheViolation() throws {
    let found = try Faultline.run(["check", "two-phase-commit", "--variant", "abort-after-prepare", "--json"])
    let violations = try #require(found.json?["violations"] as? [[String: Any]])
    let replay = try #require(violations.first?["replay"] as? String)
    let replayed = try Faultline.run([
      "check", "two-phase-commit", "--variant", "abort-after-prepare", "--replay", replay, "--json",
    ])
    #expect(replayed.status == 1)
    #expect(replayed.json?["strategy"] as? String == "replay")
  }

  @Test(arguments: [
    ["--max-states", "100"], ["--max-depth", "3"], ["--strategy", "random", "--walks", "5"],
    ["--strategy", "dfs", "--max-states", "50"],
  ])
  func limitsExitThreeIncomplete(limit: [String]) throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--participants", "5", "--json"] + limit)
    #expect(result.status == 3)
    #expect(result.json?["verdict"] as? String == "incomplete")
    #expect(result.json?["reason"] is String)
  }

  @Test(arguments: [
    (["check", "two-phase-comit"], "did you mean 'two-phase-commit'"),
    (
      ["check", "two-phase-commit", "--variant", "broken"],
      "expected one of: correct, commit-without-all-votes"
    ),
    (["check", "two-phase-commit", "--participant", "3"], "did you mean '--participants'"),
    (["check", "two-phase-commit", "--stratgy", "bfs"], "did you mean '--strategy'"),
    (["check", "two-phase-commit", "--strategy", "bfz"], "did you mean 'bfs'"),
    (["check", "two-phase-commit", "--participants", "twelve"], "expected an integer from 1 to 11"),
    (["check", "two-phase-commit", "--max-states"], "needs a value"),
    (["check", "two-phase-commit", "--replay", "1.x"], "expected dot-separated choices"),
    (
      ["check", "two-phase-commit", "--replay", "0.99"],
      "at step 1 there is no action number 99; enabled there: [0]"
    ),
    (["check", "two-phase-commit", "--replay", "3"], "at step 0 there is no initial state number 3"),
    (["check", "two-phase-commit", "--workers", "281474976710656"], "expected an integer from 1 to 256"),
    (["check", "two-phase-commit", "--time-limit", "2e10"], "at most 31622400"),
    (["check", "two-phase-commit", "--workers", "2", "--workers", "3"], "--workers is given more than once"),
    (["check", "two-phase-commit", "--max-states", "0"], "expected an integer from 1 to"),
    (["verify", "traces/jsonl/register-ok.jsonl", "--time-limit", "2e10"], "at most 31622400"),
    (["check"], "needs a model name"),
    (["chek"], "did you mean 'check'"),
    (["list", "--jsn"], "did you mean '--json'"),
  ])
  func badUsageExitsTwoWithOneLine(arguments: [String], message: String) throws {
    let result = try Faultline.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stdout.isEmpty)
  }

  @Test(arguments: [
    (["--help"], "usage: faultline <command>"),
    (["help", "check"], "usage: faultline check MODEL"),
    (["check", "--help"], "usage: faultline check MODEL"),
    (["check", "two-phase-commit", "--help"], "--participants"),
    (["list", "--help"], "usage: faultline list"),
  ])
  func helpWorksAtEveryLevel(arguments: [String], expected: String) throws {
    let result = try Faultline.run(arguments)
    #expect(result.status == 0)
    #expect(result.stdout.contains(expected))
  }

  @Test func listJSONDescribesModelsParametersAndVariants() throws {
    let result = try Faultline.run(["list", "--json"])
    #expect(result.status == 0)
    let models = try #require(result.json?["models"] as? [[String: Any]])
    let twoPhase = try #require(models.first { $0["name"] as? String == "two-phase-commit" })
    let parameters = try #require(twoPhase["parameters"] as? [[String: Any]])
    #expect(
      parameters.map { $0["name"] as? String } == [
        "participants", "crashes", "recovery", "symmetry", "network", "mid-broadcast",
      ])
    #expect(parameters.first?["default"] as? Int == 3)
    let variants = try #require(twoPhase["variants"] as? [[String: Any]])
    #expect(variants.first?["name"] as? String == "correct")
    #expect(variants.first?["expected"] as? String == "holds")
    #expect(variants.dropFirst().allSatisfy { $0["expected"] as? String == "violated" })
  }

  /// Ten participants have 61.5 million states: far more than a debug build explores in two
  /// seconds, so the interrupt always lands mid-search. The time limit only bounds the test if
  /// the interrupt is lost (its reason would then say so).
  @Test func ctrlCPrintsTheSummaryAndExitsIncomplete() throws {
    let result = try Faultline.interrupt(
      ["check", "two-phase-commit", "--participants", "10", "--progress", "--json", "--time-limit", "60"],
      after: 2.5)
    #expect(result.status == 3)
    #expect(result.json?["verdict"] as? String == "incomplete")
    #expect(result.json?["reason"] as? String == "interrupted")
    #expect(result.stderr.contains("states/s"))
    #expect(result.stderr.contains("done:"))
  }

  @Test func progressGoesToStderrOnlyWhenAsked() throws {
    let quiet = try Faultline.run(["check", "two-phase-commit", "--participants", "5"])
    #expect(quiet.stderr.isEmpty)
    #expect(quiet.status == 0)
  }
}

@Suite struct NoLivenessTests {
  /// Two-phase commit with one crash blocks (the coordinator may crash after the votes), so its
  /// termination property fails; its invariants hold. `--no-liveness` checks the invariants
  /// alone and says termination was not checked, rather than that it holds.
  @Test(arguments: [
    (["--crashes", "1"], Int32(1), "violated"),
    (["--crashes", "1", "--no-liveness"], Int32(0), "notChecked"),
    (["--crashes", "0", "--no-liveness"], Int32(0), "notChecked"),
  ])
  func livenessCanBeLeftOutAndSaysSo(flags: [String], status: Int32, termination: String) throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--participants", "2", "--json"] + flags)
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    let properties = try #require(result.json?["properties"] as? [[String: Any]])
    func statuses(_ expectation: String) -> [String] {
      properties.filter { $0["expectation"] as? String == expectation }.compactMap { $0["status"] as? String }
    }
    #expect(statuses("eventually") == [termination])
    #expect(statuses("always") == ["holds", "holds"])
  }

  @Test func theTextReportMarksTheUncheckedProperty() throws {
    let result = try Faultline.run(["check", "two-phase-commit", "--participants", "2", "--no-liveness"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("--   eventually termination"))
    #expect(result.stdout.contains("not checked (--no-liveness)"))
  }
}
