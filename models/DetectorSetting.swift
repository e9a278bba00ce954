import Faultline

/// The failure detector and partitions a catalogue model runs under, read from `--detector`,
/// `--false-suspicions` and `--partitions`, with the combinations that cannot be checked soundly
/// refused.
///
/// The classes are Chandra and Toueg's ("Unreliable failure detectors for reliable distributed
/// systems", JACM 1996): perfect (P) suspects only crashed processes; eventually perfect (◇P)
/// and eventually strong (◇S) may suspect live ones, up to `--false-suspicions` times in all so
/// that the state space stays finite, and tell apart only in which suspicions must end
/// (`System.fairness(of:)`). Over the finite prefixes a safety check explores, the two allow the
/// same behaviours.
///
/// Under a partition no detector can be perfect: a process cut off looks crashed. With
/// `--partitions K` the detector is ◇P (or ◇S when asked) restricted by `PartitionedSystem` to
/// suspect a live process only across a cut link, and to withdraw the suspicion only after the
/// link heals; it then suspects what a timeout detector would, so `--false-suspicions` does not
/// combine with it.
struct DetectorSetting: Equatable {
  /// A detector class, by its name on the command line.
  enum Class: String, CaseIterable {
    /// P: only crashed processes are suspected.
    case perfect
    /// ◇P: live processes may be suspected, and every such suspicion is eventually withdrawn.
    case eventuallyPerfect = "eventually-perfect"
    /// ◇S: live processes may be suspected, and some correct process eventually by no one.
    case eventuallyStrong = "eventually-strong"
  }

  /// The detector class in force.
  var detectorClass: Class
  /// The most suspicions of live processes (with partitions: two per cut, one at each end).
  var falseSuspicions: Int
  /// The most link cuts and heals.
  var partitions: Int

  /// The System layer's detector for this setting.
  var detector: FailureDetector {
    switch detectorClass {
    case .perfect: return .perfect
    case .eventuallyPerfect: return .eventuallyPerfect(falseSuspicions: falseSuspicions)
    case .eventuallyStrong: return .eventuallyStrong(falseSuspicions: falseSuspicions)
    }
  }

  /// `network` with the setting's partition events.
  func network(_ network: NetworkSemantics) -> NetworkSemantics {
    var links = network
    links.partitionEvents = partitions
    return links
  }

  /// The parameters of a model whose algorithm assumes `assumed`: `--detector`, then
  /// `--false-suspicions` over `falseSuspicions` (default `defaultFalseSuspicions`) and, unless
  /// `partitions` is nil, `--partitions`.
  static func parameters(
    assumed: Class, falseSuspicions: ClosedRange<Int>, defaultFalseSuspicions: Int = 0,
    partitions: ClosedRange<Int>? = 0...2
  ) -> [ModelParameter] {
    var list: [ModelParameter] = [
      .choice(
        "detector", default: assumed.rawValue, among: Class.allCases.map(\.rawValue),
        "perfect, eventually-perfect or eventually-strong (the algorithm assumes \(assumed.rawValue)"
          + (assumed == .perfect
            ? "; --false-suspicions or --partitions without it imply eventually-perfect)" : ")")),
      .integer(
        "false-suspicions", default: defaultFalseSuspicions, in: falseSuspicions,
        "most suspicions of live processes, for an eventually perfect or strong detector"),
    ]
    if let partitions {
      list.append(
        .integer(
          "partitions", default: 0, in: partitions,
          "most link cuts and heals; the detector then suspects a live process only across a cut link"))
    }
    return list
  }

  /// The setting the values ask for, for a model whose algorithm assumes `assumed`.
  ///
  /// `--false-suspicions` or `--partitions` above 0 without `--detector` make a perfect detector
  /// eventually perfect (the weakest change that allows them); with `--detector perfect` they
  /// are refused. `--detector perfect` alone sets the false suspicions to 0.
  init(_ values: ParameterValues, assumed: Class) throws(FaultlineError) {
    partitions = values.integer("partitions")
    let asked = Class(rawValue: values.string("detector")) ?? assumed
    let suspicionsGiven = values.isGiven("false-suspicions")
    var suspicions = values.integer("false-suspicions")
    if asked == .perfect && values.isGiven("detector") {
      guard !(suspicionsGiven && suspicions > 0) else {
        throw .invalidParameter(
          name: "false-suspicions", value: "\(suspicions)",
          expected: "0 with --detector perfect, which never suspects a live process "
            + "(or --detector eventually-perfect or eventually-strong)")
      }
      guard partitions == 0 else {
        throw .invalidParameter(
          name: "partitions", value: "\(partitions)",
          expected: "0 with --detector perfect: a process cut off looks crashed, so no detector is "
            + "perfect under partitions (use eventually-perfect or eventually-strong)")
      }
      suspicions = 0
    }
    if partitions > 0 {
      guard !(suspicionsGiven && suspicions > 0) else {
        throw .invalidParameter(
          name: "false-suspicions", value: "\(suspicions)",
          expected: "0 with --partitions: the detector then suspects exactly the processes it "
            + "cannot reach")
      }
      suspicions = 2 * partitions
    }
    detectorClass = asked == .perfect && (suspicions > 0 || partitions > 0) ? .eventuallyPerfect : asked
    falseSuspicions = detectorClass == .perfect ? 0 : suspicions
  }

  /// The most suspicions of live processes a model accepts: two false suspicions, or two per cut
  /// for the most partition events the catalogue offers.
  static let maxFalseSuspicions = 4

  /// Checks a detector a model is built with: a bound of false suspicions the state space can
  /// carry, and no perfect detector over links that may be cut.
  static func validate(_ detector: FailureDetector, network: NetworkSemantics) throws(FaultlineError) {
    switch detector {
    case .eventuallyPerfect(let bound), .eventuallyStrong(let bound):
      guard (0...maxFalseSuspicions).contains(bound) else {
        throw .invalidParameter(
          name: "false-suspicions", value: "\(bound)", expected: "0 to \(maxFalseSuspicions)")
      }
    case .perfect, .none:
      guard network.partitionEvents == 0 else {
        throw .invalidParameter(
          name: "partitions", value: "\(network.partitionEvents)",
          expected: "0 without an eventually perfect or strong detector: a process cut off looks crashed")
      }
    }
  }

  /// `values` with the detector and false suspicions in force, for reports and replay lines.
  func reported(in values: ParameterValues) -> ParameterValues {
    values.setting("detector", to: .choice(detectorClass.rawValue))
      .setting("false-suspicions", to: .integer(partitions > 0 ? 0 : falseSuspicions))
  }

  /// Explores the model `system` builds from this setting's network: wrapped in
  /// `PartitionedSystem` when links may be cut, so that only unreachable processes are suspected.
  func explore<P: SystemProcess>(
    _ system: System<P>, name: String, variant: String, parameters: ParameterValues, request: CheckRequest
  ) throws(FaultlineError) -> CheckOutcome {
    let reported = reported(in: parameters)
    guard partitions > 0 else {
      return try CheckOutcome.explore(
        system, name: name, variant: variant, parameters: reported, request: request)
    }
    return try CheckOutcome.explore(
      PartitionedSystem(system), name: name, variant: variant, parameters: reported, request: request)
  }
}
