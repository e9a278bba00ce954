import Faultline
import Testing

/// One line holding a very large value: parsing must take time linear in its length (issue 21,
/// item 4: columns were counted from the start of the line for every token, 27 s for a JSON
/// array of 200,000 numbers). The tests assert the values read; the time is measured by hand.
@Suite struct LongLineTests {
  static let count = 200_000

  @Test func jsonArrayOfNumbersOnOneLine() throws {
    let text = "[" + (0..<Self.count).map(String.init).joined(separator: ",") + "]"
    guard case .list(let items) = try JSONParser.parse(text) else {
      Issue.record("not an array")
      return
    }
    #expect(items.count == Self.count)
    #expect(items.last == .int(Self.count - 1))
  }

  @Test func jsonObjectWithManyKeysOnOneLine() throws {
    let keys = 80_000
    let text = "{" + (0..<keys).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
    guard let pairs = try JSONParser.parse(text).objectFields else {
      Issue.record("not an object")
      return
    }
    #expect(pairs.count == keys)
    #expect(pairs.last?.0 == "k\(keys - 1)")
  }

  @Test func jsonLinesArgumentsOnOneLine() throws {
    let numbers = (0..<Self.count).map(String.init).joined(separator: ",")
    let text =
      #"{"type":"invoke","process":"c1","op":"add","args":[["# + numbers + "]]}\n"
      + #"{"type":"ok","process":"c1","op":"add"}"#
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "t.jsonl")
    #expect(trace.format == .jsonl)
    guard case .list(let items)? = trace.history.operations.first?.arguments.first else {
      Issue.record("no list argument")
      return
    }
    #expect(items.count == Self.count)
  }

  @Test func ednHistoryOnOneLine() throws {
    // 20,000 operation maps in one vector on one line (a debug build decodes maps slowly).
    let maps = 20_000
    let operations = (0..<(maps / 2)).map {
      "{:process 0 :type :invoke :f :write :value \($0)} {:process 0 :type :ok :f :write :value \($0)}"
    }
    let text = "[" + operations.joined(separator: " ") + "]"
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "h.edn")
    #expect(trace.format == .jepsenEDN)
    #expect(trace.events == maps)
    #expect(trace.history.operations.count == maps / 2)
  }

  @Test func ednVectorOfNumbersOnOneLine() throws {
    let numbers = (0..<Self.count).map(String.init).joined(separator: " ")
    let text = "[{:process 0 :type :invoke :f :add :value [\(numbers)]}]"
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "h.edn")
    guard case .list(let items)? = trace.history.operations.first?.arguments.first else {
      Issue.record("no list argument")
      return
    }
    #expect(items.count == Self.count)
  }

  // Counted lazily, the column of an error at the end of a long line is still right, in
  // characters: 1,000 strings of one 1-byte or 3-byte character, 4,000 characters with the
  // brackets and separators, before the faulty token.
  @Test(arguments: [("json", "a"), ("json", "語"), ("edn", "a"), ("edn", "語")])
  func errorColumnAfterALongLine(syntax: String, letter: String) throws {
    let items = [String](repeating: "\"\(letter)\"", count: 1000)
    let text: String
    let column: Int
    if syntax == "json" {
      // '[' and the items fill columns 1-4000, ',' is 4001, and '}' (not a value) is 4002.
      text = "[" + items.joined(separator: ",") + ",}"
      column = 4002
    } else {
      // "[{:process 0 :value " fills 1-20, the vector 21-4021 with its ']', a space, then a
      // number whose exponent does not fit at 4023.
      text = "[{:process 0 :value [" + items.joined(separator: " ") + "] 1e99999999999999999999}]"
      column = 4023
    }
    let error = #expect(throws: FaultlineError.self) {
      if syntax == "json" {
        _ = try JSONParser.parse(text)
      } else {
        _ = try TraceDecoder.decode(bytes: Array(text.utf8), file: "f", format: .jepsenEDN)
      }
    }
    guard case .malformedInput(_, let line, let actual, _, _)? = error else {
      Issue.record("\(String(describing: error))")
      return
    }
    #expect(line == 1)
    #expect(actual == column, "\(String(describing: error))")
  }
}
