import Faultline
import FaultlineModels
import Foundation

// Explores Lamport's Paxos packed by hand (`PackedPaxos`), or with --system the catalogue's
// `paxos-lamport` written on the System layer, and prints one JSON object: the speed limit a
// System model is measured against. Peak memory is the process's, so run one model per process.
//
//   swift run -c release packed-paxos [--max-ballot B] [--workers N] [--system]
let usage = "usage: packed-paxos [--max-ballot B] [--workers N] [--system]"
var maxBallot = 2
var workers = 1
var system = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--max-ballot", "--workers":
    guard let text = arguments.popFirst(), let number = Int(text), number >= 0 else {
      FileHandle.standardError.write(Data("\(argument) needs a number\n\(usage)\n".utf8))
      exit(2)
    }
    if argument == "--workers" { workers = max(number, 1) } else { maxBallot = number }
  case "--system": system = true
  default:
    FileHandle.standardError.write(Data("unknown argument \(argument)\n\(usage)\n".utf8))
    exit(2)
  }
}

var options = ExplorerOptions()
options.workers = workers
let statistics: Statistics
let verdict: String
do {
  if system {
    let result = try Explorer(try PaxosLamport.make(maxBallot: maxBallot), options: options).run()
    (statistics, verdict) = (result.statistics, result.verdict.name)
  } else {
    let result = try Explorer(try PackedPaxos(maxBallot: maxBallot), options: options).run()
    (statistics, verdict) = (result.statistics, result.verdict.name)
  }
} catch {
  FileHandle.standardError.write(Data("\(error)\n".utf8))
  exit(2)
}

let fields: [(String, String)] = [
  ("model", system ? "\"paxos-lamport\"" : "\"packed-paxos\""),
  ("maxBallot", "\(maxBallot)"),
  ("workers", "\(statistics.workers)"),
  ("verdict", "\"\(verdict)\""),
  ("distinctStates", "\(statistics.distinctStates)"),
  ("generatedStates", "\(statistics.generatedStates)"),
  ("maxDepth", "\(statistics.maxDepth)"),
  ("seconds", "\(statistics.seconds)"),
  ("statesPerSecond", "\(Int(statistics.statesPerSecond))"),
  ("peakMemoryBytes", statistics.peakMemoryBytes.map(String.init) ?? "null"),
]
print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")

// TLC's counts for Paxos.tla, and the System model's (docs/models.md): a benchmark that
// explores the wrong space measures nothing.
let expected = system ? [0: 92, 1: 7_056, 2: 494_784] : [0: 73, 1: 3_921, 2: 185_369]
if let count = expected[maxBallot], count != statistics.distinctStates {
  FileHandle.standardError.write(Data("expected \(count) distinct states\n".utf8))
  exit(1)
}
