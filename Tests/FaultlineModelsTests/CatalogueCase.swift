import Faultline
import FaultlineModels
import Testing

/// One check of a catalogue entry with what it must give, for suites that read as tables:
/// a variant, integer parameters and a network (the entry's defaults for those left out).
struct CatalogueCase: Sendable, CustomTestStringConvertible {
  /// What a check must give: holds, or this safety property violated first, in this many steps.
  enum Expected: Sendable, CustomStringConvertible {
    case holds
    case violated(String, steps: Int)

    var description: String {
      switch self {
      case .holds: return "holds"
      case .violated(let property, let steps): return "\(property) in \(steps) steps"
      }
    }
  }

  var variant: String
  var parameters: [String: Int] = [:]
  var network: String? = nil
  var expected: Expected

  var testDescription: String {
    let values = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let network = network.map { ["network=\($0)"] } ?? []
    return ([variant] + network + values).joined(separator: " ") + ": \(expected)"
  }

  /// Runs the case on the catalogue entry `model` and records any difference from `expected`.
  func check(_ model: String) throws {
    var values = parameters.mapValues { ParameterValue.integer($0) }
    if let network { values["network"] = .choice(network) }
    let outcome = try Catalogue.entry(named: model).run(variant: variant, parameters: values)
    switch expected {
    case .holds:
      #expect(outcome.verdict.name == "holds", "\(testDescription)")
    case .violated(let property, let steps):
      let violation = try #require(outcome.verdict.violations.first, "\(testDescription)")
      #expect(violation.property == property)
      #expect(violation.kind == .safety)
      #expect(violation.steps.count == steps)
    }
  }
}
