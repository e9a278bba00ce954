import Foundation
import Testing

/// Every deliberately broken variant that `faultline list --json` declares: its check exits 1
/// with a counterexample, and the printed replay command reproduces the same violation.
@Suite struct BrokenVariantTests {
  static func brokenVariants() throws -> [(model: String, variant: String)] {
    let list = try Faultline.run(["list", "--json"])
    let models = try #require(list.json?["models"] as? [[String: Any]])
    return models.flatMap { model -> [(String, String)] in
      let name = model["name"] as? String ?? ""
      let variants = model["variants"] as? [[String: Any]] ?? []
      return variants.filter { $0["expected"] as? String == "violated" }.map {
        (name, $0["name"] as? String ?? "")
      }
    }
  }

  /// Each broken variant is checked once (in debug, the check is the cost) and that one run
  /// serves both claims.
  /// - The printed replay command reproduces the violation.
  /// - `--trace-out` writes the counterexample as a trace, and `faultline verify` on that file
  ///   finds a violation too (the same one, under verify's name for it: agreement for "at most
  ///   one value chosen" — integrity when one acceptor completes both majorities —, atomicity
  ///   for "atomic commit", ...). A variant caught by a liveness property alone (a client that
  ///   waits forever) leaves a trace in which every safety property holds, since the exhaustive
  ///   safety search found none violated, and a finite log cannot show that a step never comes:
  ///   `verify` must then say holds.
  @Test func everyBrokenVariantReplaysAndItsTraceFailsVerification() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faultline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let variants = try Self.brokenVariants()
    #expect(variants.count >= 10)
    for (model, variant) in variants {
      let trace = folder.appendingPathComponent("\(model)-\(variant).jsonl").path
      let found = try Faultline.run([
        "check", model, "--variant", variant, "--workers", "1", "--trace-out", trace,
      ])
      #expect(found.status == 1, "\(model) \(variant)")
      let line = try #require(
        found.stdout.split(separator: "\n").first { $0.hasPrefix("replay: faultline ") },
        "\(model) \(variant)")
      let arguments = line.dropFirst("replay: faultline ".count).split(separator: " ").map(String.init)
      let replayed = try Faultline.run(arguments + ["--json"])
      #expect(replayed.status == 1, "\(model) \(variant): \(line)")
      let violated = found.stdout.split(separator: "\n").first { $0.hasPrefix("violated: ") }
        .map { String($0.dropFirst("violated: ".count)) }
      let violations = replayed.json?["violations"] as? [[String: Any]] ?? []
      let again = violations.compactMap { $0["property"] as? String }
      #expect(violated.map { again.contains($0) } == true, "\(model) \(variant)")

      let kinds = violations.compactMap { $0["kind"] as? String }
      let safety = kinds.contains("safety")
      let verified = try Faultline.run(["verify", trace, "--json"])
      #expect(
        verified.status == (safety ? 1 : 0), "\(model) \(variant): \(verified.stdout)\(verified.stderr)")
      #expect(verified.json?["verdict"] as? String == (safety ? "violated" : "holds"), "\(model) \(variant)")
      #expect(!kinds.isEmpty, "\(model) \(variant)")

      // Conformance (#15): the trace is a behaviour of the variant that wrote it, with the
      // parameters in force (the replay line's); and, when a safety property broke, not one of
      // the correct protocol, which cannot take the step that broke it. A liveness bug leaves
      // a finite prefix the correct protocol can take too.
      let parameters = Array(arguments.dropFirst(4).prefix { $0 != "--replay" })
      let own = try Faultline.run(
        ["verify", trace, "--model", model, "--variant", variant] + parameters + ["--json"])
      #expect(own.status == 0, "\(model) \(variant): \(own.stdout)\(own.stderr)")
      #expect(own.json?["verdict"] as? String == "conforms", "\(model) \(variant)")
      guard safety, let correct = try Self.correctVariant(of: model) else { continue }
      let against = try Faultline.run(
        ["verify", trace, "--model", model, "--variant", correct] + parameters + ["--json"])
      // Parameters the correct protocol refuses (quorums that need not meet) leave nothing to
      // compare; `check` refuses them too.
      if against.status == 2 {
        let refused = try Faultline.run(
          ["check", model, "--variant", correct] + parameters + ["--max-states", "1"])
        #expect(
          refused.status == 2, "\(model) \(variant) against \(correct): \(against.stdout)\(against.stderr)")
        continue
      }
      #expect(
        against.status == 1, "\(model) \(variant) against \(correct): \(against.stdout)\(against.stderr)")
      #expect(against.json?["verdict"] as? String == "does not conform", "\(model) \(variant)")
    }
  }

  /// The variant of `model` expected to hold: the first one `list --json` declares.
  static func correctVariant(of model: String) throws -> String? {
    let list = try Faultline.run(["list", "--json"])
    let models = list.json?["models"] as? [[String: Any]] ?? []
    let variants = models.first { $0["name"] as? String == model }?["variants"] as? [[String: Any]] ?? []
    return variants.first { $0["expected"] as? String == "holds" }?["name"] as? String
  }
}
