import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Renders the catalogue of models for `faultline list`.
public enum ListReport {
  /// `{"models": [...]}`, each with name, summary, parameters and variants.
  public static func json(_ entries: [ModelEntry]) -> TraceValue {
    .object([
      (
        "models",
        .list(
          entries.map { entry in
            .object([
              ("name", .string(entry.name)),
              ("summary", .string(entry.summary)),
              (
                "parameters",
                .list(
                  entry.parameters.map {
                    .object([
                      ("name", .string($0.name)),
                      ("default", defaultJSON($0)),
                      ("summary", .string($0.summary)),
                    ])
                  })
              ),
              (
                "variants",
                .list(
                  entry.variants.map {
                    .object([
                      ("name", .string($0.name)), ("summary", .string($0.summary)),
                      ("expected", .string($0.expected.rawValue)),
                    ])
                  })
              ),
            ])
          })
      )
    ])
  }

  static func defaultJSON(_ parameter: ModelParameter) -> TraceValue {
    switch parameter.defaultValue {
    case .integer(let value): return .int(value)
    case .flag(let on): return .bool(on)
    case .choice(let name): return .string(name)
    }
  }

  /// The catalogue as text.
  public static func text(_ entries: [ModelEntry]) -> String {
    var out = ""
    for entry in entries {
      out += "\(entry.name)\n  \(entry.summary)\n"
      for parameter in entry.parameters {
        out += "  --\(parameter.name) (default \(parameter.defaultValue)): \(parameter.summary)\n"
      }
      for variant in entry.variants {
        out += "  variant \(variant.name) [expected: \(variant.expected.rawValue)]: \(variant.summary)\n"
      }
      out += "\n"
    }
    return out
  }
}
