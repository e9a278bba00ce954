import Faultline
import Testing

/// A hand-made transactional history and what Adya's definitions say it shows.
struct AnomalyCase: CustomTestStringConvertible, Sendable {
  var name: String
  var text: String
  /// The anomaly kinds expected, every one of them (under strict serializability, which adds
  /// real-time edges; the histories are concurrent unless the name says otherwise).
  var kinds: Set<String>
  /// The weakest model they rule out, from the table in docs/trace-format.md.
  var weakest: String?
  var testDescription: String { name }
}

private let c = TransactionHistoryText.concurrent
private let s = TransactionHistoryText.sequential

let anomalyCases: [AnomalyCase] = [
  // x's version order is T1's 1 then T2's 2, y's is T2's 1 then T1's 2: T1 -ww-> T2 -ww-> T1.
  AnomalyCase(
    name: "G0 write cycle",
    text: c([
      ("ok", "[[:append :x 1] [:append :y 2]]"), ("ok", "[[:append :x 2] [:append :y 1]]"),
      ("ok", "[[:r :x [1 2]] [:r :y [1 2]]]"),
    ]), kinds: ["G0"], weakest: "read-committed"),
  // T1 failed, so its append never happened; T2 read it.
  AnomalyCase(
    name: "G1a aborted read",
    text: c([("fail", "[[:append :x 1]]"), ("ok", "[[:r :x [1]]]")]), kinds: ["G1a"],
    weakest: "read-committed"),
  // T2 saw T1's state between its two appends to x (G1b). The committed 2 is in no read, so it
  // comes after T2's read (T2 -rw-> T1), and T1 -wr-> T2: a cycle with one anti-dependency too.
  AnomalyCase(
    name: "G1b intermediate read",
    text: c([("ok", "[[:append :x 1] [:append :x 2]]"), ("ok", "[[:r :x [1]]]")]),
    kinds: ["G1b", "G-single"],
    weakest: "read-committed"),
  // Each read the other's append: T1 -wr-> T2 -wr-> T1.
  AnomalyCase(
    name: "G1c circular information flow",
    text: c([("ok", "[[:append :x 1] [:r :y [1]]]"), ("ok", "[[:append :y 1] [:r :x [1]]]")]), kinds: ["G1c"],
    weakest: "read-committed"),
  // Read skew: T2 sees T1's y but not its x: T1 -wr(y)-> T2 -rw(x)-> T1.
  AnomalyCase(
    name: "G-single read skew",
    text: c([
      ("ok", "[[:append :x 1] [:append :y 1]]"), ("ok", "[[:r :x []] [:r :y [1]]]"), ("ok", "[[:r :x [1]]]"),
    ]), kinds: ["G-single"], weakest: "snapshot-isolation"),
  // Write skew: each misses the other's append: T1 -rw(x)-> T2 -rw(y)-> T1.
  AnomalyCase(
    name: "G2-item write skew",
    text: c([
      ("ok", "[[:r :x []] [:append :y 1]]"), ("ok", "[[:r :y []] [:append :x 1]]"),
      ("ok", "[[:r :x [1]] [:r :y [1]]]"),
    ]), kinds: ["G2-item"], weakest: "serializable"),
  // T1 -rw(x)-> T2 -wr(y)-> T3 -rw(z)-> T4 -wr(w)-> T1: two anti-dependencies, never adjacent.
  // No snapshots fit: T3 saw T2 but not T4, so T2 committed before T4; T1 saw T4 but not T2, so
  // T4 committed before T2.
  AnomalyCase(
    name: "G-nonadjacent",
    text: c([
      ("ok", "[[:r :x []] [:r :w [1]]]"), ("ok", "[[:append :x 1] [:append :y 1]]"),
      ("ok", "[[:r :y [1]] [:r :z []]]"), ("ok", "[[:append :z 1] [:append :w 1]]"),
    ]), kinds: ["G-nonadjacent"], weakest: "snapshot-isolation"),
  // Both read x empty and appended: x = [1 2] makes T1 -ww-> T2 and T2 -rw-> T1 (G-single), and
  // by itself the shared read is a lost update.
  AnomalyCase(
    name: "lost update",
    text: c([
      ("ok", "[[:r :x []] [:append :x 1]]"), ("ok", "[[:r :x []] [:append :x 2]]"), ("ok", "[[:r :x [1 2]]]"),
    ]), kinds: ["lost-update", "G-single"], weakest: "snapshot-isolation"),
  // T2 read x = [1 3] after appending 3, so it saw [1]; T3 saw [1] too and appended 5, which no
  // read shows. Both read [1] and appended (lost update), and each read misses the other's
  // append: T2 -rw-> T3 -rw-> T2 (no ww is known, 5 having no place in the order).
  AnomalyCase(
    name: "lost update seen through a read after the transaction's own append",
    text: c([
      ("ok", "[[:append :x 1]]"), ("ok", "[[:append :x 3] [:r :x [1 3]]]"),
      ("ok", "[[:r :x [1]] [:append :x 5]]"),
    ]), kinds: ["lost-update", "G2-item"], weakest: "snapshot-isolation"),
  // T1 appended 1 and then read x without it.
  AnomalyCase(
    name: "internal: own append missing",
    text: c([("ok", "[[:append :x 1] [:r :x []]]")]), kinds: ["internal"], weakest: "read-committed"),
  // T2 read x twice with no write between and got two different lists.
  AnomalyCase(
    name: "internal: two reads disagree",
    text: c([("ok", "[[:append :x 1]]"), ("ok", "[[:r :x []] [:r :x [1]]]")]), kinds: ["internal"],
    weakest: "read-committed"),
  // T1 read its own append before making it.
  AnomalyCase(
    name: "internal: read of its own later append",
    text: c([("ok", "[[:r :x [1]] [:append :x 1]]")]), kinds: ["internal"], weakest: "read-committed"),
  AnomalyCase(
    name: "rw-register internal: read of its own later write",
    text: c([("ok", "[[:r :x 1] [:w :x 1]]")]), kinds: ["internal"], weakest: "read-committed"),
  // [1 2] and [2 1]: neither is a prefix of the other.
  AnomalyCase(
    name: "incompatible orders",
    text: c([
      ("ok", "[[:append :x 1]]"), ("ok", "[[:append :x 2]]"), ("ok", "[[:r :x [1 2]]]"),
      ("ok", "[[:r :x [2 1]]]"),
    ]), kinds: ["incompatible-order"], weakest: "read-committed"),
  AnomalyCase(
    name: "duplicate elements",
    text: c([("ok", "[[:append :x 1]]"), ("ok", "[[:r :x [1 1]]]")]), kinds: ["duplicate-elements"],
    weakest: "read-committed"),
  AnomalyCase(
    name: "garbage read", text: c([("ok", "[[:r :x [7]]]")]), kinds: ["garbage-read"],
    weakest: "read-committed"),
  // The failed T1's 1 is in x's order before the committed T2's 2; T3 read it (G1a too).
  AnomalyCase(
    name: "dirty update",
    text: c([("fail", "[[:append :x 1]]"), ("ok", "[[:append :x 2]]"), ("ok", "[[:r :x [1 2]]]")]),
    kinds: ["G1a", "dirty-update"], weakest: "read-committed"),
  // T1 completed before T2 began, yet T2 read x without T1's append.
  AnomalyCase(
    name: "stale read (sequential)",
    text: s([("ok", "[[:append :x 1]]"), ("ok", "[[:r :x []]]")]), kinds: ["G-single-realtime"],
    weakest: "strict-serializable"),
  // An :info transaction whose append was read happened; one nobody saw changes nothing.
  AnomalyCase(
    name: "info transactions, serializable",
    text: c([("info", "[[:append :x 1]]"), ("info", "[[:append :x 2]]"), ("ok", "[[:r :x [1]]]")]), kinds: [],
    weakest: nil),
  AnomalyCase(
    name: "serializable, sequential",
    text: s([
      ("ok", "[[:append :x 1] [:r :y []]]"), ("ok", "[[:r :x [1]] [:append :y 1]]"),
      ("ok", "[[:r :x [1]] [:r :y [1]] [:append :x 2] [:r :x [1 2]]]"),
    ]), kinds: [], weakest: nil),
  // rw-register: nil is the initial state, before every write.
  AnomalyCase(
    name: "rw-register G2-item write skew",
    text: c([("ok", "[[:r :x nil] [:w :y 1]]"), ("ok", "[[:r :y nil] [:w :x 1]]")]), kinds: ["G2-item"],
    weakest: "serializable"),
  AnomalyCase(
    name: "rw-register G-single read skew",
    text: c([("ok", "[[:w :x 1] [:w :y 1]]"), ("ok", "[[:r :x nil] [:r :y 1]]")]), kinds: ["G-single"],
    weakest: "snapshot-isolation"),
  AnomalyCase(
    name: "rw-register G1a", text: c([("fail", "[[:w :x 1]]"), ("ok", "[[:r :x 1]]")]), kinds: ["G1a"],
    weakest: "read-committed"),
  AnomalyCase(
    name: "rw-register G1b", text: c([("ok", "[[:w :x 1] [:w :x 2]]"), ("ok", "[[:r :x 1]]")]),
    kinds: ["G1b"],
    weakest: "read-committed"),
  // Each read the other's write and then overwrote that key: T2 installed x after T1's 1 and T1
  // installed y after T2's 2, a ww cycle (G0) whose edges are also wr edges (G1c).
  AnomalyCase(
    name: "rw-register G0 and G1c",
    text: c([("ok", "[[:w :x 1] [:r :y 2] [:w :y 1]]"), ("ok", "[[:w :y 2] [:r :x 1] [:w :x 2]]")]),
    kinds: ["G0", "G1c"], weakest: "read-committed"),
  // T1 and T2 both read x = 1 and wrote it. With partial version orders the cycle they make is
  // inferred as two anti-dependencies (G2-item); the lost update names it.
  AnomalyCase(
    name: "rw-register lost update",
    text: c([("ok", "[[:w :x 1]]"), ("ok", "[[:r :x 1] [:w :x 2]]"), ("ok", "[[:r :x 1] [:w :x 3]]")]),
    kinds: ["lost-update", "G2-item"], weakest: "snapshot-isolation"),
  AnomalyCase(
    name: "rw-register internal", text: c([("ok", "[[:w :x 1] [:r :x 2]]"), ("ok", "[[:w :x 2]]")]),
    kinds: ["internal"], weakest: "read-committed"),
  AnomalyCase(
    name: "rw-register garbage read", text: c([("ok", "[[:r :x 5]]")]), kinds: ["garbage-read"],
    weakest: "read-committed"),
  AnomalyCase(
    name: "rw-register serializable",
    text: s([("ok", "[[:w :x 1]]"), ("ok", "[[:r :x 1] [:w :x 2] [:r :y nil]]"), ("ok", "[[:r :x 2]]")]),
    kinds: [],
    weakest: nil),
]

/// The text of the case with that name.
private func named(_ name: String) -> String { anomalyCases.first { $0.name == name }?.text ?? "" }

@Suite struct TransactionAnomalyTests {
  @Test(arguments: anomalyCases)
  func findsExactlyTheAnomaliesAdyaDefines(_ c: AnomalyCase) throws {
    let history = try TransactionHistoryText.history(c.text)
    let check = try TransactionChecker.check(history, model: .strictSerializable)
    #expect(Set(check.kinds.map(\.rawValue)) == c.kinds)
    #expect(check.weakestRuledOut?.rawValue == c.weakest)
  }

  // A model holds exactly when it is weaker than the weakest one ruled out (the models nest).
  @Test(arguments: anomalyCases)
  func verdictPerModel(_ c: AnomalyCase) throws {
    let history = try TransactionHistoryText.history(c.text)
    let order = ["read-committed", "snapshot-isolation", "serializable", "strict-serializable"]
    let weakest = c.weakest.flatMap { order.firstIndex(of: $0) } ?? order.count
    for (rank, name) in order.enumerated() {
      let model = try #require(IsolationLevel(rawValue: name))
      let verdict = try TransactionChecker.check(history, model: model).verdict
      #expect(verdict.name == (rank >= weakest ? "violated" : "holds"), "\(name)")
    }
  }

  // The hand-derived weakest model against the brute-force oracles, which know nothing of
  // anomalies: snapshot isolation, serializability and strict serializability hold exactly when
  // the weakest model ruled out is stronger.
  @Test(arguments: anomalyCases)
  func weakestModelAgreesWithTheOracles(_ c: AnomalyCase) throws {
    let history = try TransactionHistoryText.history(c.text)
    let order = ["read-committed", "snapshot-isolation", "serializable", "strict-serializable"]
    let weakest = c.weakest.flatMap { order.firstIndex(of: $0) } ?? order.count
    #expect(SnapshotIsolationOracle.allows(history) == (weakest > 1))
    #expect(TransactionOracle.serializable(history) == (weakest > 2))
    #expect(TransactionOracle.serializable(history, realTime: true) == (weakest > 3))
  }

  // Stopped before the cycle search, a history with only a cycle is incomplete, never holds;
  // one whose reads already show a forbidden anomaly is violated all the same.
  @Test func timeLimitIsIncompleteNeverHolds() throws {
    let cycleOnly = try TransactionHistoryText.history(named("G2-item write skew"))
    let stopped = try TransactionChecker.check(cycleOnly, model: .serializable, timeLimit: 1e-9)
    #expect(stopped.verdict.name == "incomplete")
    let aborted = try TransactionHistoryText.history(named("G1a aborted read"))
    #expect(
      try TransactionChecker.check(aborted, model: .serializable, timeLimit: 1e-9).verdict.name == "violated")
  }

  // The cycle is printed with its edges, in order, returning to where it started.
  @Test func cycleText() throws {
    let history = try TransactionHistoryText.history(named("G2-item write skew"))
    let check = try TransactionChecker.check(history, model: .serializable)
    let cycle = try #require(check.anomalies.first { $0.kind == .g2Item })
    #expect(cycle.cycle.count == 2)
    #expect(Set(cycle.cycle.map(\.kind)) == [.rw])
    #expect(cycle.cycle.first?.from == cycle.cycle.last?.to)
    #expect(
      cycle.explanation == "T1 -rw(key :x)-> T2 -rw(key :y)-> T1"
        || cycle.explanation == "T2 -rw(key :y)-> T1 -rw(key :x)-> T2")
  }
}
