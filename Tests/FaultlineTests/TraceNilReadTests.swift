import Faultline
import Testing

/// A register history, the initial value it is checked from, and the verdict under Knossos's
/// rule: where nil is not a value the register can hold (an initial value is given), a completed
/// read of nil says its value is unknown; where the register starts empty, nil is a value.
struct NilReadCase: CustomTestStringConvertible, Sendable {
  var name: String
  var text: String
  var initial: TraceValue?
  var options = VerifyOptions()
  var verdict: String
  var testDescription: String { name }
}

/// write(1) completes, then a read returns nil, then cas(1,2) completes and a read returns 2.
private let writeThenNil = """
  [{:process 0, :type :invoke, :f :write, :value 1}
   {:process 0, :type :ok, :f :write, :value 1}
   {:process 1, :type :invoke, :f :read, :value nil}
   {:process 1, :type :ok, :f :read, :value nil}
   {:process 2, :type :invoke, :f :cas, :value [1 2]}
   {:process 2, :type :ok, :f :cas, :value [1 2]}
   {:process 1, :type :invoke, :f :read, :value nil}
   {:process 1, :type :ok, :f :read, :value 2}]
  """

let nilReadCases: [NilReadCase] = [
  // From 0 the register never holds nil: the read observed nothing, and the rest is sequential.
  NilReadCase(
    name: "initial 0: a nil read is unknown", text: writeThenNil, initial: .int(0), verdict: "holds"),
  // Starting empty, nil is the register's value until write(1); after it completes nothing writes
  // nil back, so a later read of nil is stale.
  NilReadCase(
    name: "no initial value: nil is a value", text: writeThenNil, initial: nil, verdict: "violated"),
  NilReadCase(name: "initial nil: nil is a value", text: writeThenNil, initial: .null, verdict: "violated"),
  // A read of nil before any write only fits a register that starts empty or has unknown reads.
  NilReadCase(
    name: "initial 0, lone nil read",
    text: "[{:process 0 :type :invoke :f :read} {:process 0 :type :ok :f :read :value nil}]",
    initial: .int(0), verdict: "holds"),
  // The rule is about nil only: a read of 0 after write(1) completed is still stale.
  NilReadCase(
    name: "initial 0, stale read of 0",
    text: """
      [{:process 0 :type :invoke :f :write :value 1} {:process 0 :type :ok :f :write :value 1}
       {:process 1 :type :invoke :f :read} {:process 1 :type :ok :f :read :value 0}]
      """,
    initial: .int(0), verdict: "violated"),
  // The same from a JSON Lines trace, the initial value declared on its object line.
  NilReadCase(
    name: "declared initial 0 in JSON Lines",
    text: """
      {"type":"object","spec":"register","initial":0}
      {"type":"invoke","process":"c1","op":"write","args":[1]}
      {"type":"ok","process":"c1"}
      {"type":"invoke","process":"c2","op":"read"}
      {"type":"ok","process":"c2","result":null}
      """,
    initial: nil, verdict: "holds"),
  NilReadCase(
    name: "JSON Lines without an initial value",
    text: """
      {"type":"invoke","process":"c1","op":"write","args":[1]}
      {"type":"ok","process":"c1"}
      {"type":"invoke","process":"c2","op":"read"}
      {"type":"ok","process":"c2","result":null}
      """,
    initial: nil, verdict: "violated"),
  // Independent keys: each key's register starts at 0, so [1 nil] is a read of unknown value.
  NilReadCase(
    name: "independent keys from 0",
    text: """
      [{:process 0 :type :invoke :f :write :value [1 5]} {:process 0 :type :ok :f :write :value [1 5]}
       {:process 1 :type :invoke :f :read :value [1 nil]} {:process 1 :type :ok :f :read :value [1 nil]}]
      """,
    initial: .int(0), options: VerifyOptions(independent: true), verdict: "holds"),
  NilReadCase(
    name: "independent keys, empty",
    text: """
      [{:process 0 :type :invoke :f :write :value [1 5]} {:process 0 :type :ok :f :write :value [1 5]}
       {:process 1 :type :invoke :f :read :value [1 nil]} {:process 1 :type :ok :f :read :value [1 nil]}]
      """,
    initial: nil, options: VerifyOptions(independent: true), verdict: "violated"),
]

@Suite("Knossos's nil-read rule")
struct TraceNilReadTests {
  @Test("a read of nil is unknown exactly when the register has an initial value", arguments: nilReadCases)
  func nilRead(_ c: NilReadCase) throws {
    let trace = try TraceDecoder.decode(bytes: Array(c.text.utf8), file: "t")
    var options = c.options
    options.initial = c.initial
    #expect(try TraceVerifier.verify(trace, file: "t", options: options).verdict.name == c.verdict)
    // Sequential consistency reads the same operations but drops real time: every stale read
    // here (of nil or of 0) can be ordered before the write, and an unknown one anywhere.
    if !c.options.independent {
      options.consistency = .sequential
      #expect(try TraceVerifier.verify(trace, file: "t", options: options).verdict.name == "holds")
    }
  }
}
