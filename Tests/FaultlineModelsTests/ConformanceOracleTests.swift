import Faultline
import FaultlineModels
import Foundation
import Testing

/// `ConformanceSearch` (#15) against a brute-force oracle: on logs of two-phase commit, some
/// recorded from random runs and some mutated, the search says "conforms" exactly when some path
/// of the model emits, for each process, exactly that process's logged events.
///
/// Every step of the model emits an event of a type the logs observe (votes, sends, receives,
/// commits, aborts and crashes are all observed), and the logs compared name every process (the
/// events of a process a log never names are not observed), so a path that explains a log has
/// at most as many steps as the log has events, and the oracle's depth-first enumeration of
/// paths up to that length, with no memory of states, is exact.
@Suite struct ConformanceOracleTests {
  static let observed: Set<String> = ["vote", "send", "receive", "commit", "abort", "crash"]

  /// A process's events on a path, as the trace format renders them.
  static func projection(of description: ActionDescription) -> [(String, String)] {
    description.events.filter { observed.contains($0.type) }.map { event in
      let json = event.json(process: description.process ?? "environment")
      if case .string(let process)? = json["process"] { return (process, json.rendered(indent: 0)) }
      return ("", json.rendered(indent: 0))
    }
  }

  /// Whether some path of `model` emits exactly `streams` (each process's rendered events).
  static func oracle<M: Model>(_ model: M, _ streams: [String: [String]]) -> Bool {
    let total = streams.values.map(\.count).reduce(0, +)
    func search(_ state: M.State, _ done: [String: Int], _ depth: Int) -> Bool {
      if done.values.reduce(0, +) == total { return true }
      guard depth < total else { return false }
      for action in model.actions(from: state) {
        guard let next = model.successor(of: state, via: action) else { continue }
        var advanced = done
        var fits = true
        for (process, event) in projection(of: model.describe(action, from: state, to: next)) {
          let position = advanced[process, default: 0]
          guard let stream = streams[process], position < stream.count, stream[position] == event else {
            fits = false
            break
          }
          advanced[process] = position + 1
        }
        if fits && search(next, advanced, depth + 1) { return true }
      }
      return false
    }
    return model.initialStates.contains { search($0, [:], 0) }
  }

  /// A log of `length` steps of a random run, one event per line, with its process.
  static func randomRun<M: Model>(_ model: M, length: Int, using random: inout SplitMix64) -> [(
    String, String
  )] {
    guard var state = model.initialStates.first else { return [] }
    var log: [(String, String)] = []
    for _ in 0..<length {
      let actions = model.actions(from: state)
      guard !actions.isEmpty else { break }
      let action = actions[Int(random.next() % UInt64(actions.count))]
      guard let next = model.successor(of: state, via: action) else { break }
      log += projection(of: model.describe(action, from: state, to: next))
      state = next
    }
    return log
  }

  /// `log` with one random change: two lines swapped, one dropped, one repeated, or one value
  /// altered.
  static func mutated(_ log: [(String, String)], using random: inout SplitMix64) -> [(String, String)] {
    guard log.count >= 2 else { return log }
    var result = log
    let i = Int(random.next() % UInt64(log.count))
    let j = Int(random.next() % UInt64(log.count))
    switch random.next() % 4 {
    case 0: result.swapAt(i, j)
    case 1: result.remove(at: i)
    case 2: result.insert(result[i], at: j)
    default:
      let (process, text) = result[i]
      result[i] = (process, text.replacingFirst("yes", "no").replacingFirst("Prepared", "Commit"))
    }
    return result
  }

  @Test func searchAgreesWithBruteForce() throws {
    let model = try TwoPhaseCommit.make(participants: 2, crashes: 1)
    var random = SplitMix64(seed: 15)
    var agreed = (conforms: 0, doesNot: 0)
    for round in 0..<240 {
      let run = Self.randomRun(model, length: 3 + round % 6, using: &random)
      let log = round % 2 == 0 ? run : Self.mutated(run, using: &random)
      guard Set(log.map(\.0)) == ["coordinator", "p1", "p2"] else { continue }
      var streams: [String: [String]] = [:]
      var events: [LoggedEvent] = []
      for (line, (process, text)) in log.enumerated() {
        streams[process, default: []].append(text)
        let fields = try JSONParser.parse(text)
        guard case .string(let type)? = fields["type"] else { continue }
        events.append(LoggedEvent(fields: fields, type: type, process: process, line: line + 1))
      }
      var conformanceLog = ConformanceLog(file: "run \(round)", events: events)
      conformanceLog.observedTypes = Self.observed
      let result = ConformanceSearch(model: model, log: conformanceLog).run()
      let expected = Self.oracle(model, streams)
      #expect(
        (result.outcome == .conforms) == expected,
        "round \(round): \(log.map(\.1).joined(separator: "\n"))")
      if expected { agreed.conforms += 1 } else { agreed.doesNot += 1 }
      if result.outcome == .conforms {
        // The behaviour found replays and explains the whole log.
        #expect(result.explained == events.count)
        #expect(throws: Never.self) { try Path.replay(result.choices, through: model) }
      }
    }
    // Both answers occur, so neither is given for every log.
    #expect(agreed.conforms >= 30 && agreed.doesNot >= 30, "\(agreed)")
  }
}

extension String {
  /// The string with its first `target` replaced by `replacement`.
  fileprivate func replacingFirst(_ target: String, _ replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
