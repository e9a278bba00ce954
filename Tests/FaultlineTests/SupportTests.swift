import Faultline
import Testing

@Suite struct SupportTests {
  @Test(arguments: [
    (TraceValue.null, "null"),
    (.bool(true), "true"),
    (.int(-42), "-42"),
    (.decimal(2.5), "2.5"),
    (.decimal(3), "3"),
    (.decimal(0.000125), "0.000125"),
    (.decimal(.infinity), "null"),
    (.keyword("ok"), #"":ok""#),
    (.map([.init(.keyword("f"), .int(1)), .init(.int(2), .null)]), #"{"f":1,"2":null}"#),
    (.string("a\"b\\c\nd\u{1}"), #""a\"b\\c\nd\u0001""#),
    (.list([]), "[]"),
    (.object([]), "{}"),
    (.object([("b", .int(1)), ("a", .list([.int(2), .null]))]), #"{"b":1,"a":[2,null]}"#),
  ])
  func jsonRendersCompactly(value: TraceValue, expected: String) {
    #expect(value.rendered(indent: 0) == expected)
  }

  @Test func prettyJSONPutsNoSpaceBeforeColons() {
    let value = TraceValue.object([("distinctStates", .int(288)), ("list", .list([.int(1)]))])
    #expect(value.rendered() == "{\n  \"distinctStates\": 288,\n  \"list\": [\n    1\n  ]\n}")
  }

  @Test(arguments: [
    ("two-phase-comit", ["two-phase-commit"]),
    ("2pc", []),
    ("pax", ["paxos"]),
    ("participant", ["participants"]),
  ])
  func suggestionsNameTheClosestNames(typo: String, expected: [String]) {
    let names = ["two-phase-commit", "paxos", "participants", "crashes"]
    #expect(NameSuggestion.closest(to: typo, among: names, limit: 1) == expected)
  }

  @Test func changesListOnlyWhatMoved() {
    let before = [StateVariable("a", "1"), StateVariable("b", "2"), StateVariable("gone", "x")]
    let after = [StateVariable("a", "1"), StateVariable("b", "3"), StateVariable("new", "y")]
    #expect(
      Change.between(before, after) == [
        Change(variable: "b", before: "2", after: "3"),
        Change(variable: "new", before: nil, after: "y"),
        Change(variable: "gone", before: "x", after: nil),
      ])
  }

  @Test func fingerprintsAgreeForEqualValuesAndSetsIgnoreOrder() {
    func fingerprint<T: Fingerprintable>(_ value: T) -> UInt64 {
      var f = Fingerprinter()
      value.fingerprint(into: &f)
      return f.finalize()
    }
    #expect(fingerprint(Set([1, 2, 3])) == fingerprint(Set([3, 2, 1])))
    #expect(fingerprint([1, 2]) != fingerprint([2, 1]))
    #expect(fingerprint("abc") == fingerprint("ab" + "c"))
    #expect(fingerprint("abcdefghi") != fingerprint("abcdefgh"))
    #expect(fingerprint([[1], [2, 3]]) != fingerprint([[1, 2], [3]]))
    #expect(fingerprint(Optional<Int>.none) != fingerprint(Optional(0)))
  }

  @Test(arguments: [("0.3.1", [0, 3, 1]), ("7", [7]), ("", nil), ("1..2", nil), ("1.-2", nil), ("a", nil)])
  func replayTokensParse(text: String, expected: [Int]?) {
    #expect(CheckReport.parseReplay(text) == expected)
  }
}

/// Sizes for `--memory-limit`: binary suffixes, or a share of physical memory.
@Suite struct MemoryBudgetParseTests {
  @Test(arguments: [
    ("16M", 16 << 20), ("512m", 512 << 20), ("4G", 4 << 30), ("1T", 1 << 40), ("1048576", 1 << 20),
    ("1.5G", 3 << 29),
  ])
  func sizesParse(text: String, bytes: Int) {
    #expect(MemoryBudget.parse(text) == bytes)
  }

  @Test(arguments: ["", "G", "-1G", "x", "0", "0%", "101%", "1e30"])
  func nonSizesAreRejected(text: String) {
    #expect(MemoryBudget.parse(text) == nil)
  }
}
