import Faultline
import Testing

@testable import FaultlineModels

/// `--detector`, `--false-suspicions` and `--partitions` (#13): what each combination runs
/// under, and which are refused. The expected detectors follow the rules in
/// models/DetectorSetting.swift's documentation: a perfect detector never suspects a live
/// process, so false suspicions or partitions without `--detector` weaken it to ◇P, and with
/// `--detector perfect` they are refused; a partition lets each end of a cut suspect the other.
@Suite struct DetectorSettingTests {
  struct Case: Sendable, CustomStringConvertible {
    var assumed: DetectorSetting.Class
    /// The parameters given, as the command line would.
    var given: [String: String]
    /// The detector run under, or nil when refused.
    var detector: FailureDetector?
    var partitions = 0

    var description: String { "\(assumed.rawValue) \(given)" }
  }

  static let cases: [Case] = [
    Case(assumed: .perfect, given: [:], detector: .perfect),
    Case(
      assumed: .perfect, given: ["false-suspicions": "1"], detector: .eventuallyPerfect(falseSuspicions: 1)),
    Case(
      assumed: .perfect, given: ["detector": "eventually-strong", "false-suspicions": "2"],
      detector: .eventuallyStrong(falseSuspicions: 2)),
    Case(
      assumed: .perfect, given: ["detector": "eventually-perfect"],
      detector: .eventuallyPerfect(falseSuspicions: 0)),
    Case(assumed: .perfect, given: ["detector": "perfect", "false-suspicions": "1"], detector: nil),
    Case(assumed: .perfect, given: ["detector": "perfect", "false-suspicions": "0"], detector: .perfect),
    Case(assumed: .perfect, given: ["detector": "perfect", "partitions": "1"], detector: nil),
    Case(
      assumed: .perfect, given: ["partitions": "2"], detector: .eventuallyPerfect(falseSuspicions: 4),
      partitions: 2),
    Case(
      assumed: .perfect, given: ["detector": "eventually-strong", "partitions": "1"],
      detector: .eventuallyStrong(falseSuspicions: 2), partitions: 1),
    Case(assumed: .perfect, given: ["partitions": "1", "false-suspicions": "1"], detector: nil),
    // Rotating coordinator assumes ◇S with one false suspicion by default.
    Case(assumed: .eventuallyStrong, given: [:], detector: .eventuallyStrong(falseSuspicions: 1)),
    Case(assumed: .eventuallyStrong, given: ["detector": "perfect"], detector: .perfect),
    Case(
      assumed: .eventuallyStrong, given: ["detector": "eventually-perfect"],
      detector: .eventuallyPerfect(falseSuspicions: 1)),
  ]

  @Test(arguments: cases)
  func detectorInForce(_ c: Case) throws {
    let declared = DetectorSetting.parameters(
      assumed: c.assumed, falseSuspicions: 0...2, defaultFalseSuspicions: c.assumed == .perfect ? 0 : 1)
    let pairs = try declared.map { parameter in
      (parameter.name, try c.given[parameter.name].map(parameter.parse) ?? parameter.defaultValue)
    }
    let values = ParameterValues(pairs, given: Set(c.given.keys))
    guard let expected = c.detector else {
      #expect(throws: FaultlineError.self) { try DetectorSetting(values, assumed: c.assumed) }
      return
    }
    let setting = try DetectorSetting(values, assumed: c.assumed)
    #expect(setting.detector == expected)
    #expect(setting.partitions == c.partitions)
    #expect(setting.network(.unordered).partitionEvents == c.partitions)
  }

  /// A model built from the library refuses a perfect detector over links that may be cut, and
  /// more false suspicions than the state space is meant to carry.
  @Test func modelsRefuseWhatCannotBeChecked() {
    var cut = NetworkSemantics.unordered
    cut.partitionEvents = 1
    #expect(throws: FaultlineError.self) {
      try UniformConsensus.make(processes: 2, crashes: 0, uniform: true, network: cut, detector: .perfect)
    }
    #expect(throws: FaultlineError.self) {
      try FloodingConsensus.make(
        processes: 2, crashes: 0, decidesEarly: false, detector: .eventuallyStrong(falseSuspicions: 5))
    }
    #expect(throws: FaultlineError.self) {
      try RotatingCoordinator.make(
        processes: 3, crashes: 1, detector: .eventuallyPerfect(falseSuspicions: 2), rounds: 2, majority: true,
        network: cut)
    }
  }
}
