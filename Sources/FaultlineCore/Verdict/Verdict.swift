/// The one result every check returns: the property holds, is violated, or the answer is unknown.
public enum Verdict: Sendable, Equatable {
  /// Every property holds in every reachable state (or over the whole recorded trace).
  case holds
  /// At least one property is violated; each violation carries its evidence.
  case violated([Violation])
  /// A limit was reached, or the method cannot prove the property, before the answer was known.
  case incomplete(reason: String)

  /// The verdict's name as printed and in JSON: `holds`, `violated` or `incomplete`.
  public var name: String {
    switch self {
    case .holds: return "holds"
    case .violated: return "violated"
    case .incomplete: return "incomplete"
    }
  }

  /// The process exit code the command line uses for this verdict: 0, 1 or 3.
  public var exitCode: Int32 {
    switch self {
    case .holds: return 0
    case .violated: return 1
    case .incomplete: return 3
    }
  }

  /// The violations, empty unless the verdict is `violated`.
  public var violations: [Violation] {
    if case .violated(let list) = self { return list }
    return []
  }
}
