import Faultline
import Foundation
import Testing

/// The shared corpus, when present and asked for with FAULTLINE_CORPUS=1.
enum Corpus {
  static let root: String? = {
    guard ProcessInfo.processInfo.environment["FAULTLINE_CORPUS"] == "1" else { return nil }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    for candidate in ["/work/shared/corpus", package.appendingPathComponent("../shared/corpus").path]
    where FileManager.default.fileExists(atPath: candidate + "/jepsen-etcd/EXPECTED.tsv") {
      return candidate
    }
    return nil
  }()

  /// Every corpus file with its expected verdict, from EXPECTED.tsv and the kv file names.
  static var cases: [(path: String, expected: String)] {
    guard let root else { return [] }
    var cases: [(String, String)] = []
    let table = (try? String(contentsOfFile: root + "/jepsen-etcd/EXPECTED.tsv", encoding: .utf8)) ?? ""
    for line in table.split(separator: "\n") {
      let fields = line.split(separator: "\t")
      guard fields.count == 2 else { continue }
      cases.append((root + "/jepsen-etcd/" + fields[0], fields[1] == "linearizable" ? "holds" : "violated"))
    }
    let kv = (try? FileManager.default.contentsOfDirectory(atPath: root + "/porcupine-kv")) ?? []
    for name in kv.sorted() where name.hasSuffix(".txt") {
      cases.append((root + "/porcupine-kv/" + name, name.contains("-ok") ? "holds" : "violated"))
    }
    return cases
  }
}

@Suite("Trace corpus (opt-in: FAULTLINE_CORPUS=1)", .enabled(if: Corpus.root != nil))
struct TraceCorpusTests {
  @Test("every corpus file gets its expected verdict", arguments: Corpus.cases.map(\.path))
  func corpusFile(path: String) throws {
    let expected = Corpus.cases.first { $0.path == path }?.expected
    let result = try TraceVerifier.verify(path: path)
    #expect(result.verdict.name == expected)
  }
}
