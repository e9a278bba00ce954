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
    variant: String? = nil, parameters given: [String: String] = [:], request: CheckRequest = CheckRequest()
  ) throws(FaultlineError) -> CheckOutcome {
    let variantName = variant ?? variants.first?.name ?? "correct"
    guard variants.contains(where: { $0.name == variantName }) else {
      throw .unknownName(
        kind: "variant of \(name)", name: variantName,
        suggestions: NameSuggestion.closest(
          to: variantName, among: variants.map(\.name), limit: variants.count))
    }
    var values: [(String, String)] = []
    for parameter in parameters {
      let raw = given[parameter.name] ?? parameter.defaultValue
      values.append((parameter.name, try parameter.validate(raw)))
    }
    for key in given.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
      throw .unknownName(
        kind: "parameter of \(name)", name: "--" + key,
        suggestions: NameSuggestion.closest(to: key, among: parameters.map(\.name)).map { "--" + $0 })
    }
    return try check(variantName, ParameterValues(values), request)
  }
}

/// A named parameter of a model, with its default and the values it accepts.
public struct ModelParameter: Sendable {
  /// The values a parameter accepts.
  public enum Kind: Sendable {
    /// An integer within a range.
    case integer(ClosedRange<Int>)
    /// One of a fixed list of names.
    case choice([String])
    /// On or off: `--NAME` alone turns it on.
    case flag
  }

  /// The name, used as `--NAME`.
  public var name: String
  /// The value used when none is given.
  public var defaultValue: String
  /// One line saying what it controls.
  public var summary: String
  /// The values it accepts.
  public var kind: Kind

  /// Creates a parameter.
  public init(_ name: String, default defaultValue: String, _ summary: String, kind: Kind) {
    self.name = name
    self.defaultValue = defaultValue
    self.summary = summary
    self.kind = kind
  }

  /// Checks `raw` against the parameter's kind and returns it in canonical form.
  public func validate(_ raw: String) throws(FaultlineError) -> String {
    switch kind {
    case .integer(let range):
      guard let value = Int(raw), range.contains(value) else {
        throw .invalidValue(
          option: "--" + name, value: raw,
          expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
      }
      return String(value)
    case .flag:
      guard raw == "on" || raw == "off" else {
        throw .invalidValue(option: "--" + name, value: raw, expected: "on or off")
      }
      return raw
    case .choice(let names):
      guard names.contains(raw) else {
        throw .invalidValue(
          option: "--" + name, value: raw, expected: "one of " + names.joined(separator: ", "))
      }
      return raw
    }
  }
}

/// A version of a model's protocol, with the verdict it is expected to get at default parameters.
public struct ModelVariant: Sendable {
  /// The name, used as `--variant NAME`.
  public var name: String
  /// One line saying what it does differently.
  public var summary: String
  /// "holds" for a correct protocol, "violated" for a deliberately broken one.
  public var expected: String

  /// Creates a variant.
  public init(_ name: String, expected: String, _ summary: String) {
    self.name = name
    self.summary = summary
    self.expected = expected
  }
}

/// Validated parameter values, in the model's declared order.
public struct ParameterValues: Sendable {
  /// The name and canonical value of each parameter.
  public var pairs: [(String, String)]

  /// Creates values from pairs.
  public init(_ pairs: [(String, String)]) { self.pairs = pairs }

  /// The value of an integer parameter; 0 when the catalogue did not declare it.
  public func integer(_ name: String) -> Int {
    pairs.first { $0.0 == name }.flatMap { Int($0.1) } ?? 0
  }

  /// Whether a flag parameter is on.
  public func flag(_ name: String) -> Bool { string(name) == "on" }

  /// The value of a parameter as given.
  public func string(_ name: String) -> String {
    pairs.first { $0.0 == name }?.1 ?? ""
  }
}

/// How to check a model: the explorer's options, or a path to replay instead of exploring.
public struct CheckRequest: Sendable {
  /// Strategy and limits for exploration.
  public var options: ExplorerOptions
  /// When set, replay these choices (a counterexample's `replay` string) instead of exploring.
  public var replay: [Int]?

  /// Creates a request.
  public init(options: ExplorerOptions = ExplorerOptions(), replay: [Int]? = nil) {
    self.options = options
    self.replay = replay
  }
}
