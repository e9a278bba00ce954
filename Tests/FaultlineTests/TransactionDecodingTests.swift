import Faultline
import Foundation
import Testing

@Suite struct TransactionDecodingTests {
  // The EDN and JSON Lines forms of one history decode to the same transactions.
  @Test(arguments: [("jepsen-edn/list-append-g1c-bad.edn", "jsonl/list-append-g1c-bad.jsonl")])
  func ednAndJSONLinesAgree(edn: String, jsonl: String) throws {
    let a = try TraceDecoder.decode(path: tracesDirectory + "/" + edn)
    let b = try TraceDecoder.decode(path: tracesDirectory + "/" + jsonl)
    let x = try TransactionHistory(a.history, spec: nil, file: edn)
    let y = try TransactionHistory(b.history, spec: nil, file: jsonl)
    #expect(x.spec == .listAppend && y.spec == .listAppend)
    #expect(x.keys == y.keys && x.values == y.values)
    #expect(x.transactions.map(\.operations) == y.transactions.map(\.operations))
    #expect(x.transactions.map(\.status) == y.transactions.map(\.status))
  }

  // What a decoded transaction holds: reads from the completion, nil as the empty list for
  // list-append and as the initial state for rw-register, unknown reads for :info.
  @Test func decodedShape() throws {
    let list = try TransactionHistoryText.history(
      TransactionHistoryText.concurrent([
        ("ok", "[[:append :k 5] [:r :k nil] [:r :j [5 6]]]"), ("info", "[[:r :k nil]]"),
      ]))
    let k = try #require(list.keys.firstIndex(of: .keyword("k")))
    let j = try #require(list.keys.firstIndex(of: .keyword("j")))
    let five = try #require(list.values.firstIndex(of: .int(5)))
    let six = try #require(list.values.firstIndex(of: .int(6)))
    #expect(
      list.transactions[0].operations == [
        .append(key: k, element: five), .readList(key: k, elements: []),
        .readList(key: j, elements: [five, six]),
      ])
    #expect(list.transactions[1].operations == [.readList(key: k, elements: nil)])
    #expect(list.transactions[1].status == .info)
    let register = try TransactionHistoryText.history(
      TransactionHistoryText.concurrent([("ok", "[[:r 1 nil] [:w 1 \"a\"]]")]))
    let a = try #require(register.values.firstIndex(of: .string("a")))
    #expect(register.spec == .rwRegister)
    #expect(
      register.transactions[0].operations == [.readRegister(key: 0, value: 0), .write(key: 0, value: a)])
  }

  // An object line declares the model: write skew holds under snapshot isolation only.
  @Test(arguments: [
    ("snapshot-isolation", "holds"), ("serializable", "violated"), ("read-committed", "holds"),
  ])
  func declaredModel(model: String, verdict: String) throws {
    let text = """
      {"type":"object","spec":"rw-register","consistency":"\(model)"}
      {"type":"invoke","process":"a","txn":[["r","x",null],["w","y",1]]}
      {"type":"invoke","process":"b","txn":[["r","y",null],["w","x",1]]}
      {"type":"ok","process":"a","txn":[["r","x",null],["w","y",1]]}
      {"type":"ok","process":"b","txn":[["r","y",null],["w","x",1]]}
      """
    let trace = try TraceDecoder.decode(bytes: Array(text.utf8), file: "d.jsonl")
    let result = try TraceVerifier.verify(trace, file: "d.jsonl")
    #expect(result.transactions?.model.rawValue == model)
    #expect(result.verdict.name == verdict)
  }

  // Anything but a txn is an error in a transactional history.
  @Test func otherOperationsAreErrors() throws {
    let text = "{:type :invoke, :f :read, :value nil, :process 0}"
    #expect(throws: FaultlineError.self) { try TransactionHistoryText.history(text, spec: .listAppend) }
  }
}
