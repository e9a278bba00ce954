import Faultline
import Testing

@Suite struct FingerprintSetTests {
  @Test func insertsAreNewOnceAndGrowKeepsEveryFingerprint() {
    let set = FingerprintSet(expected: 10)
    let values = (1...5_000).map { Fingerprinter.avalanche(UInt64($0)) } + [0]
    for value in values { #expect(set.insert(value)) }
    for value in values {
      #expect(!set.insert(value))
      #expect(set.contains(value))
    }
    #expect(set.count == values.count)
    #expect(set.capacity / 4 * 3 > set.count)
    #expect(!set.contains(Fingerprinter.avalanche(123_456_789)))
  }

  @Test func concurrentInsertionReportsAFullTableInsteadOfLooping() {
    let set = FingerprintSet(expected: 10)
    var results: [FingerprintSet.Insertion] = []
    for i in 0..<(set.capacity + 5) {
      results.append(set.insertConcurrently(Fingerprinter.avalanche(UInt64(i) + 1)))
    }
    #expect(results.filter { $0 == .inserted }.count == set.capacity)
    #expect(results.suffix(5).allSatisfy { $0 == .full })
    #expect(set.insertConcurrently(Fingerprinter.avalanche(1)) == .present)
  }

  @Test func reserveKeepsLoadUnderThreeQuarters() {
    let set = FingerprintSet(expected: 10)
    set.reserve(additional: 100_000)
    #expect(set.capacity / 4 * 3 >= 100_000)
  }

  /// n distinct 64-bit fingerprints collide with probability about n²/2⁶⁵.
  @Test(arguments: [(0, 0.0), (1 << 16, 1.16e-10), (61_515_776, 1.03e-4)])
  func collisionProbabilityFollowsTheBirthdayBound(states: Int, expected: Double) {
    let statistics = Statistics(
      distinctStates: states, generatedStates: 0, maxDepth: 0, seconds: 1, tableBytes: 0)
    #expect(abs(statistics.collisionProbability - expected) <= expected * 0.01 + 1e-15)
  }
}
