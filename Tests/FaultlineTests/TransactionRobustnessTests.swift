import Faultline
import Foundation
import Testing

/// The transactional samples mutated word by word: every result is a verdict or an error that
/// names the file, never a crash. (The libFuzzer `verify` target starts from the same samples.)
@Suite struct TransactionRobustnessTests {
  static let samples = [
    "jepsen-edn/list-append-ok.edn", "jepsen-edn/list-append-g2-bad.edn", "jepsen-edn/rw-register-ok.edn",
    "jepsen-edn/rw-register-lost-update-bad.edn", "jsonl/list-append-ok.jsonl",
    "jsonl/rw-register-g2-bad.jsonl",
  ]
  /// Words a mutation puts in place of another: micro-operation names, statuses, values, shapes.
  static let words = [
    ":append", ":r", ":w", "nil", "[]", "[1 2]", "[1 1]", ":fail", ":info", ":ok", ":invoke", "1", "2", "3",
    ":x",
    "\"append\"", "\"r\"", "\"w\"", "null", "[1,2]", "\"fail\"", "\"info\"", "[[:r :x nil]]", "{}", "[", "]",
    "",
  ]

  @Test(arguments: [1, 2, 3] as [UInt64])
  func mutatedSamplesGiveAVerdictOrAnError(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    for sample in Self.samples {
      let text = try String(contentsOfFile: tracesDirectory + "/" + sample, encoding: .utf8)
      let tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      for _ in 0..<60 {
        var mutated = tokens
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
          let index = Int.random(in: 0..<mutated.count, using: &rng)
          mutated[index] = Self.words.randomElement(using: &rng) ?? ""
        }
        let bytes = Array(mutated.joined(separator: " ").utf8)
        for spec in [nil, SpecKind.listAppend, .rwRegister] {
          let model = IsolationLevel.allCases.randomElement(using: &rng)
          do {
            let trace = try TraceDecoder.decode(bytes: bytes, file: "m")
            var options = VerifyOptions(spec: spec)
            options.isolation = model
            let result = try TraceVerifier.verify(trace, file: "m", options: options)
            #expect(["holds", "violated"].contains(result.verdict.name))
          } catch let error as FaultlineError {
            #expect(error.description.hasPrefix("m:") || error.description.hasPrefix("m "), "\(error)")
          }
        }
      }
    }
  }
}
