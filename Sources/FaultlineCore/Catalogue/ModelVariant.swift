/// A version of a model's protocol, with the verdict it is expected to get at default parameters.
public struct ModelVariant: Sendable {
  /// The name, used as `--variant NAME`.
  public var name: String
  /// One line saying what it does differently.
  public var summary: String
  /// `.holds` for a correct protocol, `.violated` for a deliberately broken one.
  public var expected: ExpectedVerdict

  /// Creates a variant.
  public init(_ name: String, expected: ExpectedVerdict, _ summary: String) {
    self.name = name
    self.summary = summary
    self.expected = expected
  }
}
