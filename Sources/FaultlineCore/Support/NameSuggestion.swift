/// Finds the valid names closest to a misspelt one, for "did you mean" answers.
public enum NameSuggestion {
  /// The candidates within a small edit distance of `name`, closest first.
  public static func closest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    let target = Array(name.lowercased())
    let scored = candidates.map { candidate -> (String, Int) in
      let distance = editDistance(target, Array(candidate.lowercased()))
      let bonus = candidate.lowercased().hasPrefix(name.lowercased()) && !name.isEmpty ? -2 : 0
      return (candidate, distance + bonus)
    }
    let threshold = max(2, target.count / 2)
    return
      scored
      .filter { $0.1 <= threshold }
      .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
      .prefix(limit)
      .map(\.0)
  }

  /// The error for an unknown `name`: the closest valid names if some are close, else all of them.
  public static func unknown(_ kind: String, _ name: String, among valid: [String]) -> FaultlineError {
    let close = closest(to: name, among: valid)
    if close.isEmpty { return .unknownChoice(kind: kind, name: name, valid: valid) }
    return .unknownName(kind: kind, name: name, suggestions: close)
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
