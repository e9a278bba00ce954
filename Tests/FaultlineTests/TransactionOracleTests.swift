import Faultline
import Testing

@Suite struct TransactionOracleTests {
  /// Snapshot isolation against every interleaving of starts and commits: a violation the
  /// checker reports is one no interleaving explains; and it finds most of what the oracle rejects.
  @Test(arguments: [SpecKind.listAppend, .rwRegister])
  func snapshotIsolationAgreesWithBruteForce(spec: SpecKind) throws {
    var rng = SplitMix64(seed: spec == .listAppend ? 23 : 32)
    var rejected = (oracle: 0, checker: 0)
    let histories = 1000
    for _ in 0..<histories {
      let history = RandomTransactions.history(&rng, spec: spec, count: Int.random(in: 2...4, using: &rng))
      let allowed = SnapshotIsolationOracle.allows(history)
      let verdict = try TransactionChecker.check(history, model: .snapshotIsolation).verdict
      #expect(!(allowed && verdict.name == "violated"), "\(history)")
      if !allowed { rejected.oracle += 1 }
      if verdict.name == "violated" { rejected.checker += 1 }
    }
    print(
      "\(spec.rawValue): of \(histories) histories the SI oracle rejects \(rejected.oracle) (checker: \(rejected.checker))"
    )
    #expect(rejected.oracle > histories / 20)
    #expect(rejected.checker * 100 >= rejected.oracle * 80)
  }

  /// Too long for the oracle, correct by construction: never a violation, under any model.
  @Test(arguments: [SpecKind.listAppend, .rwRegister])
  func longConcurrentHistoriesHold(spec: SpecKind) throws {
    var rng = SplitMix64(seed: 99)
    for concurrency in [1, 3, 8] {
      let history = RandomTransactions.concurrent(&rng, spec: spec, count: 400, concurrency: concurrency)
      for model in IsolationLevel.allCases {
        let check = try TransactionChecker.check(history, model: model)
        #expect(check.verdict == .holds, "\(model) with \(concurrency) in flight: \(check.kinds)")
        #expect(check.counts.isEmpty)
      }
    }
  }

  /// Per spec: the checker is sound against the brute-force oracle (a violation it reports is a
  /// history no serial order explains), and finds most of what the oracle rejects.
  @Test(arguments: [SpecKind.listAppend, .rwRegister])
  func agreesWithBruteForce(spec: SpecKind) throws {
    var rng = SplitMix64(seed: spec == .listAppend ? 17 : 71)
    var rejected = (oracle: 0, checker: 0, strictOracle: 0, strictChecker: 0)
    let histories = 1500
    for _ in 0..<histories {
      let history = RandomTransactions.history(&rng, spec: spec, count: Int.random(in: 2...6, using: &rng))
      let oracle = TransactionOracle.serializable(history)
      let strictOracle = TransactionOracle.serializable(history, realTime: true)
      let serializable = try TransactionChecker.check(history, model: .serializable).verdict
      let strict = try TransactionChecker.check(history, model: .strictSerializable).verdict
      // Sound: a violation is never reported for a history a serial order explains.
      #expect(!(oracle && serializable.name == "violated"), "\(history)")
      #expect(!(strictOracle && strict.name == "violated"), "\(history)")
      // Never incomplete without a time limit.
      #expect(serializable.name != "incomplete" && strict.name != "incomplete")
      if !oracle { rejected.oracle += 1 }
      if serializable.name == "violated" { rejected.checker += 1 }
      if !strictOracle { rejected.strictOracle += 1 }
      if strict.name == "violated" { rejected.strictChecker += 1 }
    }
    print(
      "\(spec.rawValue): of \(histories) histories the oracle rejects \(rejected.oracle) (checker: "
        + "\(rejected.checker)) as serializable and \(rejected.strictOracle) (checker: \(rejected.strictChecker)) "
        + "as strict-serializable")
    // The histories are a mix, and the checker is not silent.
    #expect(rejected.oracle > histories / 10 && rejected.oracle < histories * 9 / 10)
    // List-append's version orders are total where read, so it misses little; rw-register's are
    // partial (Elle's rw-register is incomplete by design), so it may miss more.
    let share = spec == .listAppend ? 97 : 90
    #expect(rejected.checker * 100 >= rejected.oracle * share)
    #expect(rejected.strictChecker * 100 >= rejected.strictOracle * share)
  }
}
