import Faultline

/// Jepsen EDN for hand-made transactional histories: one transaction per process, each given as
/// its status and its completed `:value`.
enum TransactionHistoryText {
  /// Every transaction invoked before any completes: no real-time order between them.
  static func concurrent(_ transactions: [(String, String)]) -> String {
    var lines: [String] = []
    for (p, t) in transactions.enumerated() { lines.append(invoke(p, t.1)) }
    for (p, t) in transactions.enumerated() { lines.append(complete(p, t.0, t.1)) }
    return lines.joined(separator: "\n")
  }

  /// Each transaction completes before the next is invoked.
  static func sequential(_ transactions: [(String, String)]) -> String {
    transactions.enumerated().map { p, t in invoke(p, t.1) + "\n" + complete(p, t.0, t.1) }
      .joined(separator: "\n")
  }

  private static func invoke(_ process: Int, _ value: String) -> String {
    "{:type :invoke, :f :txn, :value \(value), :process \(process)}"
  }

  private static func complete(_ process: Int, _ status: String, _ value: String) -> String {
    "{:type :\(status), :f :txn, :value \(value), :process \(process)}"
  }

  /// The history decoded as a Jepsen trace would be.
  static func history(_ text: String, spec: SpecKind? = nil) throws -> TransactionHistory {
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "t.edn", format: .jepsenEDN)
    return try TransactionHistory(trace.history, spec: spec, file: "t.edn")
  }
}
