/// The result of checking one model, with no trace of its concrete type: what reports print.
public struct CheckOutcome: Sendable {
  /// The property and what became of it.
  public struct PropertyStatus: Sendable, Equatable {
    /// The property's name.
    public var name: String
    /// What became of a property.
    public enum Status: String, Sendable, CaseIterable {
      /// An `always` property is true in every state searched, and the search was complete; or a
      /// liveness property was checked and no fair behaviour violates it.
      case holds
      /// An `always` property is false in some state, or a fair behaviour violates a liveness one.
      case violated
      /// A `sometimes` property is true in some state.
      case reached
      /// A `sometimes` property is false in every state, and the search was complete.
      case unreached
      /// The search stopped before the answer was known.
      case unknown
      /// A liveness property the run was asked not to check (`checksLiveness` off).
      case notChecked
    }

    /// `always`, `sometimes`, `eventually` or `leadsTo`.
    public var expectation: PropertyExpectation
    /// What became of it.
    public var status: Status
    /// For a reached `sometimes` property or a violation, the length of the path found.
    public var steps: Int?
    /// Why the status is what it is, where the status alone does not say.
    public var note: String? = nil
  }

  /// The model's name.
  public var model: String
  /// The variant checked.
  public var variant: String
  /// The parameter values used.
  public var parameters: [(String, String)]
  /// The exploration strategy, or `replay`.
  public var strategy: String
  /// The verdict.
  public var verdict: Verdict
  /// Figures about the search.
  public var statistics: Statistics
  /// Every property and its status.
  public var properties: [PropertyStatus]
  /// For each violation with a path, the choices that replay it (`--replay`).
  public var replays: [String: [Int]]
  /// The parameters that are on/off flags (`--NAME` alone turns one on), for command lines.
  public var flagParameters: Set<String> = []
  /// For a conformance check (`CheckRequest.conformance`), what the search found.
  public var conformance: ConformanceResult?

  /// The command-line arguments that select this model, variant and parameters again.
  public var arguments: [String] {
    var words = [model, "--variant", variant]
    for (name, value) in parameters {
      if flagParameters.contains(name) {
        if value == "on" { words.append("--" + name) }
      } else {
        words += ["--" + name, value]
      }
    }
    return words
  }

  /// Explores `model` and summarises the result; specialised for `M` where it is called.
  @inlinable
  public static func explore<M: Model>(
    _ model: M, name: String, variant: String, parameters: ParameterValues, request: CheckRequest
  ) throws(FaultlineError) -> CheckOutcome {
    if let choices = request.replay {
      return try replay(choices, of: model, name: name, variant: variant, parameters: parameters)
    }
    if let log = request.conformance {
      return try conform(
        model, to: log, name: name, variant: variant, parameters: parameters, request: request)
    }
    let exploration = try Explorer(model, options: request.options).run()
    return summarize(
      exploration, of: model, name: name, variant: variant, parameters: parameters, request: request)
  }

  /// Summarises an exploration; runs once per check, so it need not be specialised.
  public static func summarize<M: Model>(
    _ exploration: Exploration<M>, of model: M, name: String, variant: String, parameters: ParameterValues,
    request: CheckRequest
  ) -> CheckOutcome {
    let violated = Set(exploration.verdict.violations.map(\.property))
    // An invariant's violation stops the search; a liveness violation comes after a full one.
    let finished: Bool
    switch exploration.verdict {
    case .holds: finished = true
    case .violated:
      finished = !model.properties.contains { $0.expectation == .always && violated.contains($0.name) }
    case .incomplete: finished = false
    }
    let statuses = model.properties.map { property -> PropertyStatus in
      let expectation = property.expectation
      switch property.expectation {
      case .always:
        if violated.contains(property.name) {
          return PropertyStatus(
            name: property.name, expectation: expectation, status: .violated,
            steps: exploration.counterexamples[property.name]?.steps.count)
        }
        return PropertyStatus(
          name: property.name, expectation: expectation, status: finished ? .holds : .unknown)
      case .sometimes:
        if let example = exploration.examples[property.name] {
          return PropertyStatus(
            name: property.name, expectation: expectation, status: .reached, steps: example.steps.count)
        }
        return PropertyStatus(
          name: property.name, expectation: expectation, status: finished ? .unreached : .unknown)
      case .eventually, .leadsTo:
        if !request.options.checksLiveness {
          return PropertyStatus(name: property.name, expectation: expectation, status: .notChecked)
        }
        if violated.contains(property.name) {
          return PropertyStatus(
            name: property.name, expectation: expectation, status: .violated,
            steps: exploration.counterexamples[property.name]?.steps.count)
        }
        let undetermined = exploration.undeterminedLiveness[property.name] != nil
        return PropertyStatus(
          name: property.name, expectation: expectation,
          status: exploration.livenessChecked && !undetermined ? .holds : .unknown,
          note: undetermined ? "not determined (a behaviour reaches the model's bound first)" : nil)
      }
    }
    return CheckOutcome(
      model: name, variant: variant, parameters: parameters.described,
      strategy: request.options.strategy.rawValue, verdict: exploration.verdict,
      statistics: exploration.statistics, properties: statuses,
      replays: exploration.counterexamples.mapValues(\.choices))
  }

  /// Replays `choices` and checks every `always` property along the path.
  public static func replay<M: Model>(
    _ choices: [Int], of model: M, name: String, variant: String, parameters: ParameterValues
  ) throws(FaultlineError) -> CheckOutcome {
    let start = ContinuousClock.now
    let path = try Path.replay(given: choices, through: model)
    let (initial, steps) = path.described(by: model)
    let states = [path.initialState] + path.steps.map(\.state)
    var violations: [Violation] = []
    var statuses: [PropertyStatus] = []
    for property in model.properties {
      let firstFalse = states.firstIndex { !property.condition($0) }
      let firstTrue = states.firstIndex { property.condition($0) }
      switch property.expectation {
      case .always:
        if let index = firstFalse {
          violations.append(
            Violation(
              property: property.name, explanation: "'\(property.name)' is false after \(index) steps",
              steps: Array(steps.prefix(index)), initialState: initial))
        }
        statuses.append(
          PropertyStatus(
            name: property.name, expectation: .always, status: firstFalse == nil ? .holds : .violated,
            steps: firstFalse))
      case .sometimes:
        statuses.append(
          PropertyStatus(
            name: property.name, expectation: .sometimes,
            status: firstTrue == nil ? .unreached : .reached, steps: firstTrue))
      case .eventually, .leadsTo:
        // A replayed path shows a violation if it closes a fair loop or stops; else it decides nothing.
        if let lasso = try path.livenessViolation(of: property, in: model) {
          var violation = LivenessCheck.violation(property, path: path, lasso: lasso, model: model)
          violation.explanation = "replayed: " + violation.explanation
          violations.append(violation)
        }
        statuses.append(
          PropertyStatus(
            name: property.name, expectation: property.expectation,
            status: violations.contains { $0.property == property.name } ? .violated : .unknown,
            steps: violations.contains { $0.property == property.name } ? steps.count : nil))
      }
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return CheckOutcome(
      model: name, variant: variant, parameters: parameters.described, strategy: "replay",
      verdict: violations.isEmpty ? .holds : .violated(violations),
      statistics: Statistics(
        distinctStates: Set(states.map { model.fingerprint(of: $0) }).count, generatedStates: steps.count,
        maxDepth: steps.count, seconds: seconds, tableBytes: 0, exact: true),
      properties: statuses,
      replays: Dictionary(uniqueKeysWithValues: violations.map { ($0.property, choices) }))
  }
}
