/// A model's variants as an enum: one case per version of the protocol, the correct one first,
/// each with what it does differently and the verdict it is written to get.
public protocol CatalogueVariant: CaseIterable, RawRepresentable<String>, Sendable {
  /// One line saying what this version does differently.
  var summary: String { get }
  /// The verdict it is written to get at the catalogue's default parameters.
  var expected: ExpectedVerdict { get }
}

extension CatalogueVariant {
  /// The first case, the correct protocol, holds; every other case is a broken version.
  public var expected: ExpectedVerdict {
    rawValue == Self.allCases.first?.rawValue ? .holds : .violated
  }
}

extension ModelEntry {
  /// Creates an entry whose variants are the cases of `variants`, the first case the default;
  /// `check` receives the variant typed.
  public init<V: CatalogueVariant>(
    name: String, summary: String, parameters: [ModelParameter], variants: V.Type,
    check: @escaping @Sendable (V, ParameterValues, CheckRequest) throws(FaultlineError) -> CheckOutcome
  ) {
    self.init(
      name: name, summary: summary, parameters: parameters,
      variants: V.allCases.map { ModelVariant($0.rawValue, expected: $0.expected, $0.summary) },
      check: { (text: String, values: ParameterValues, request: CheckRequest) throws(FaultlineError) in
        guard let variant = V(rawValue: text) else {
          throw NameSuggestion.unknown("variant of \(name)", text, among: V.allCases.map(\.rawValue))
        }
        return try check(variant, values, request)
      })
  }
}
