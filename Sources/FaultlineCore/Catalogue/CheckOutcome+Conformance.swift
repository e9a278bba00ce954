extension CheckOutcome {
  /// Searches `model` for a behaviour that explains `log` and summarises the answer as a check
  /// of one property, *conformance*: holds when the log conforms, violated (with the closest
  /// behaviour as the path) when it does not. Specialised for `M` where it is called.
  @inlinable public static func conform<M: Model>(
    _ model: M, to log: ConformanceLog, name: String, variant: String, parameters: ParameterValues,
    request: CheckRequest
  ) throws(FaultlineError) -> CheckOutcome {
    let result = ConformanceSearch(
      model: model, log: log, options: request.options, hiddenStepLimit: request.hiddenStepLimit
    ).run()
    return try summarize(result, of: model, log: log, name: name, variant: variant, parameters: parameters)
  }

  /// Summarises a conformance search; runs once per check, so it need not be specialised.
  public static func summarize<M: Model>(
    _ result: ConformanceResult, of model: M, log: ConformanceLog, name: String, variant: String,
    parameters: ParameterValues
  ) throws(FaultlineError) -> CheckOutcome {
    // Only a log that does not conform shows its closest behaviour: a conforming log's path, as
    // long as the log, is not described.
    var initial: [StateVariable] = []
    var steps: [Step] = []
    if result.outcome == .doesNotConform {
      (initial, steps) = try Path.replay(result.choices, through: model).described(by: model)
    }
    let verdict: Verdict
    let status: PropertyStatus.Status
    switch result.outcome {
    case .conforms:
      verdict = .holds
      status = .holds
    case .incomplete(let reason):
      verdict = .incomplete(reason: reason)
      status = .unknown
    case .doesNotConform:
      status = .violated
      let event = result.firstUnexplained
      let at = event.map { "line \($0.line) (\($0.fields.rendered(indent: 0)))" } ?? "the first event"
      var sections: [Witness.Section] = []
      if let event {
        sections.append(
          Witness.Section(
            title: "first event no behaviour explains",
            items: [
              Witness.Item(text: event.fields.rendered(indent: 0), process: event.process, line: event.line)
            ]))
      }
      sections.append(
        Witness.Section(
          title: "states the model can be in just before it (\(result.possibleStates) in all)",
          items: result.statesBefore.map { variables in
            Witness.Item(text: variables.map { "\($0.name) = \($0.value)" }.joined(separator: "; "))
          }))
      verdict = .violated([
        Violation(
          property: conformanceProperty,
          explanation:
            "no behaviour of the model explains \(at) after the \(result.explained) events before it",
          steps: steps, initialState: initial,
          witness: Witness(
            summary: "\(log.file): \(result.explained) of \(result.events) events explained; the closest "
              + "behaviour of the model explains them, and no step of the model, from any state it can then be "
              + "in, emits the next one",
            sections: sections))
      ])
    }
    var outcome = CheckOutcome(
      model: name, variant: variant, parameters: parameters.described, strategy: "conformance",
      verdict: verdict,
      statistics: Statistics(
        distinctStates: result.configurations, generatedStates: result.configurations,
        maxDepth: max(result.choices.count - 1, 0),
        seconds: result.seconds, tableBytes: 0, exact: false),
      properties: [PropertyStatus(name: conformanceProperty, expectation: .always, status: status)],
      replays: result.outcome == .doesNotConform ? [conformanceProperty: result.choices] : [:])
    outcome.conformance = result
    return outcome
  }

  /// A conformance check whose log was not read to its end (a time limit or an interruption).
  public static func conformanceNotRead(model: String, variant: String, reason: String) -> CheckOutcome {
    CheckOutcome(
      model: model, variant: variant, parameters: [], strategy: "conformance",
      verdict: .incomplete(reason: reason),
      statistics: Statistics(distinctStates: 0, generatedStates: 0, maxDepth: 0, seconds: 0, tableBytes: 0),
      properties: [PropertyStatus(name: conformanceProperty, expectation: .always, status: .unknown)],
      replays: [:])
  }

  /// The name of the one property a conformance check reports.
  public static let conformanceProperty = "conformance"
}
