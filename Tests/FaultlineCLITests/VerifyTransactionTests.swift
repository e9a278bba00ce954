import Foundation
import Testing

/// The package's `traces/` samples.
private let traces =
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("traces").path

/// A file for one test, removed by the caller.
private func temporaryFile(_ name: String, _ text: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("txn-\(UUID().uuidString)-\(name)")
  try Data(text.utf8).write(to: url)
  return url
}

@Suite struct VerifyTransactionTests {
  // Expected from how each sample was written (its comment explains the anomaly), and from
  // which models forbid it: read-committed < snapshot-isolation < serializable < strict.
  @Test(
    arguments: [
      ("jepsen-edn/list-append-ok.edn", nil, Int32(0), [String]()),
      ("jepsen-edn/list-append-g1c-bad.edn", nil, 1, ["G1c"]),
      ("jepsen-edn/list-append-g1c-bad.edn", "read-committed", 1, ["G1c"]),
      ("jepsen-edn/list-append-gsingle-bad.edn", "read-committed", 0, ["G-single"]),
      ("jepsen-edn/list-append-gsingle-bad.edn", "snapshot-isolation", 1, ["G-single"]),
      ("jepsen-edn/list-append-g2-bad.edn", "snapshot-isolation", 0, ["G2-item"]),
      ("jepsen-edn/list-append-g2-bad.edn", "serializable", 1, ["G2-item"]),
      ("jepsen-edn/list-append-g1a-bad.edn", "read-committed", 1, ["G1a"]),
      ("jepsen-edn/list-append-gnonadjacent-bad.edn", "read-committed", 0, ["G-nonadjacent"]),
      ("jepsen-edn/list-append-gnonadjacent-bad.edn", "snapshot-isolation", 1, ["G-nonadjacent"]),
      ("jepsen-edn/list-append-realtime-bad.edn", "serializable", 0, []),
      ("jepsen-edn/list-append-realtime-bad.edn", nil, 1, ["G-single-realtime"]),
      ("jepsen-edn/rw-register-ok.edn", nil, 0, []),
      ("jepsen-edn/rw-register-g2-bad.edn", "snapshot-isolation", 0, ["G2-item"]),
      ("jepsen-edn/rw-register-g2-bad.edn", nil, 1, ["G2-item"]),
      ("jepsen-edn/rw-register-lost-update-bad.edn", "snapshot-isolation", 1, ["lost-update", "G2-item"]),
      ("jsonl/list-append-ok.jsonl", nil, 0, []),
      ("jsonl/list-append-g1c-bad.jsonl", nil, 1, ["G1c"]),
      ("jsonl/rw-register-g2-bad.jsonl", "serializable", 1, ["G2-item"]),
    ] as [(String, String?, Int32, [String])])
  func sampleVerdicts(file: String, consistency: String?, status: Int32, anomalies: [String]) throws {
    var arguments = ["verify", traces + "/" + file, "--json"]
    if let consistency { arguments += ["--consistency", consistency] }
    let result = try Faultline.run(arguments)
    #expect(result.status == status, "\(result.stderr)")
    let json = try #require(result.json)
    #expect(json["verdict"] as? String == (status == 0 ? "holds" : "violated"))
    #expect(json["consistency"] as? String == consistency ?? "strict-serializable")
    let found = (json["anomalies"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(Set(found) == Set(anomalies))
    #expect((json["witness"] != nil) == (status == 1))
  }

  // The cycle printed with its edges and their reasons; the lines of the transactions.
  @Test func textNamesTheCycle() throws {
    let result = try Faultline.run(["verify", traces + "/jepsen-edn/list-append-gsingle-bad.edn"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("G-single"))
    #expect(result.stdout.contains("-rw(key :x)->") && result.stdout.contains("-wr(key :y)->"))
    #expect(result.stdout.contains("read key :x = [] before T1 appended 1 (rw)"))
    #expect(result.stdout.contains("read key :y = [1] after T1 appended 1 (wr)"))
    #expect(result.stdout.contains("weakest model ruled out: snapshot-isolation"))
    // T1's completion is on line 7 of the file (after the comment).
    #expect(result.stdout.contains("line 7     T1 (process 0, ok): [:append :x 1] [:append :y 1]"))
  }

  // Bad input: the file, line and column, and what was expected; exit 2.
  @Test(
    arguments: [
      (
        "bad.edn", "{:type :invoke, :f :txn, :value [[:append 1 1] [:rr 2 nil]], :process 0}\n", [String](),
        ":1:48: expected a micro-operation :append, :r or :w"
      ),
      (
        "bad.edn",
        "{:type :invoke, :f :txn, :value [[:r 2 nil]], :process 0}\n{:type :ok, :f :txn, :value [[:r 2 3]], :process 0}\n",
        ["--spec", "list-append"], ":2:30: expected a list (or nil) as the value of a list-append read"
      ),
      (
        "bad.jsonl", "{\"type\":\"invoke\",\"process\":0,\"txn\":[[\"append\",1,1],[3]]}\n", [],
        ":1:52: expected a micro-operation [:append k v], [:r k v] or [:w k v]"
      ),
      (
        "bad.jsonl", "{\"type\":\"invoke\",\"process\":0,\"txn\":[[\"r\",1,null]]}\n", [],
        "--spec list-append|rw-register"
      ),
      (
        "dup.edn",
        "{:type :invoke, :f :txn, :value [[:append 1 1]], :process 0}\n{:type :invoke, :f :txn, :value [[:append 1 1]], :process 1}\n",
        [], ":2:1: expected list-append elements unique per key"
      ),
      (
        "mixed.edn", "{:type :invoke, :f :txn, :value [[:append 1 1] [:w 2 1]], :process 0}\n", [],
        "both appends and writes"
      ),
      // A map over two lines, a string with a bracket in it: the micro-operation's own line.
      (
        "lines.edn",
        "[{:type :invoke, :f :txn, :process 0, :value [[:append \"a]\" 1]\n   [:r 2 3]]}\n"
          + " {:type :ok, :f :txn, :process 0, :value [[:append \"a]\" 1]\n   [:r 2 3]]}]\n",
        ["--spec", "list-append"], ":4:4: expected a list (or nil) as the value of a list-append read"
      ),
      (
        "single.edn", "{:type :invoke, :f :txn, :value [[:w 2 1]], :process 0}\n",
        ["--consistency", "linearizable"],
        "--consistency linearizable checks single objects; transactions are checked for read-committed"
      ),
      (
        "wrong.edn", "{:type :invoke, :f :txn, :value [[:w 2 1]], :process 0}\n", ["--spec", "list-append"],
        ":1:34: expected [:append k v] or [:r k v] in a list-append transaction"
      ),
    ] as [(String, String, [String], String)])
  func badInput(name: String, text: String, options: [String], message: String) throws {
    let file = try temporaryFile(name, text)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Faultline.run(["verify", file.path] + options)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  // The diagram marks the cycle's two transactions (T1 and T2 of the read skew), not T3.
  @Test func diagramMarksTheCycle() throws {
    let page = FileManager.default.temporaryDirectory.appendingPathComponent("txn-\(UUID().uuidString).html")
    defer { try? FileManager.default.removeItem(at: page) }
    let result = try Faultline.run([
      "verify", traces + "/jepsen-edn/list-append-gsingle-bad.edn", "--diagram", page.path,
    ])
    #expect(result.status == 1)
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(html.components(separatedBy: "class=\"op stuck\"").count - 1 == 2)
    #expect(html.components(separatedBy: "class=\"op other\"").count - 1 == 1)
    #expect(html.contains("G-single"))
  }

  // A model that is not a model: the known ones are suggested.
  @Test func unknownModel() throws {
    let result = try Faultline.run([
      "verify", traces + "/jepsen-edn/list-append-ok.edn", "--consistency", "serialisable",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("serializable"))
  }

  // Cut short, the answer is incomplete, never holds.
  @Test func timeLimit() throws {
    let lines = (0..<20_000).map { i in
      "{:type :invoke, :f :txn, :value [[:append \(i % 50) \(i)] [:r \((i + 1) % 50) nil]], :process \(i)}"
    }
    let file = try temporaryFile("long.edn", lines.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try Faultline.run(["verify", file.path, "--time-limit", "0.000001", "--json"])
    #expect(result.status == 3)
    #expect(result.json?["verdict"] as? String == "incomplete")
  }
}
