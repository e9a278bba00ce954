/// A model as the catalogue and the command line know it: a name, parameters, variants, and
/// a way to build and check it. This is the one type-erased boundary; the check inside runs
/// the explorer specialised for the concrete model.
public struct ModelEntry: Sendable {
  /// The name used on the command line, for example `two-phase-commit`.
  public var name: String
  /// One line saying what the model is.
  public var summary: String
  /// The parameters it takes, each as `--NAME VALUE`.
  public var parameters: [ModelParameter]
  /// Its variants; the first is the correct protocol and the default.
  public var variants: [ModelVariant]
  /// Builds the model from a variant and validated parameter values and checks it.
  public var check:
    @Sendable (_ variant: String, _ values: ParameterValues, _ run: CheckRequest) throws(FaultlineError) ->
      CheckOutcome

  /// Creates an entry.
  public init(
    name: String, summary: String, parameters: [ModelParameter], variants: [ModelVariant],
    check: @escaping @Sendable (String, ParameterValues, CheckRequest) throws(FaultlineError) -> CheckOutcome
  ) {
    self.name = name
    self.summary = summary
    self.parameters = parameters
    self.variants = variants
    self.check = check
  }

  /// Checks the model: validates the variant and parameters, fills in defaults, and explores.
  public func run(
    variant: String? = nil, parameters given: [String: ParameterValue] = [:],
    request: CheckRequest = CheckRequest()
  ) throws(FaultlineError) -> CheckOutcome {
    let variantName = variant ?? variants.first?.name ?? "correct"
    guard variants.contains(where: { $0.name == variantName }) else {
      throw NameSuggestion.unknown("variant of \(name)", variantName, among: variants.map(\.name))
    }
    for key in given.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
      throw NameSuggestion.unknown("parameter of \(name)", key, among: parameters.map(\.name))
    }
    var values: [(String, ParameterValue)] = []
    for parameter in parameters {
      values.append((parameter.name, try parameter.validate(given[parameter.name] ?? parameter.defaultValue)))
    }
    var outcome = try check(variantName, ParameterValues(values, given: Set(given.keys)), request)
    outcome.flagParameters = Set(parameters.filter { $0.kind == .flag }.map(\.name))
    return outcome
  }
}
