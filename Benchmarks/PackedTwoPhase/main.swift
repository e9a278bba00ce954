import Faultline
import Foundation

// Explores the hand-packed TwoPhase and prints the result as one JSON object, with the fields of
// `faultline check --json` (distinctStates, seconds, statesPerSecond, peakMemoryBytes, ...).
//
//   packed-two-phase --participants N [--workers W] [--symmetry]
let usage = "usage: packed-two-phase --participants N [--workers W] [--symmetry]"
var participants = 3
var workers = 1
var symmetric = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  switch argument {
  case "--participants", "--workers":
    guard let text = arguments.popFirst(), let value = Int(text) else {
      FileHandle.standardError.write(Data("\(argument) needs an integer\n\(usage)\n".utf8))
      exit(2)
    }
    if argument == "--workers" { workers = value } else { participants = value }
  case "--symmetry":
    symmetric = true
  default:
    FileHandle.standardError.write(Data("unknown argument \(argument)\n\(usage)\n".utf8))
    exit(2)
  }
}
guard (1...PackedTwoPhaseCommit.maxParticipants).contains(participants), (1...256).contains(workers) else {
  FileHandle.standardError.write(
    Data("participants: 1 to \(PackedTwoPhaseCommit.maxParticipants), workers: 1 to 256\n\(usage)\n".utf8))
  exit(2)
}

var options = ExplorerOptions()
options.workers = workers
let model = PackedTwoPhaseCommit(participants: participants, symmetric: symmetric)
do {
  let outcome = try CheckOutcome.explore(
    model, name: "packed-two-phase", variant: "correct",
    parameters: ParameterValues([("participants", .integer(participants)), ("symmetry", .flag(symmetric))]),
    request: CheckRequest(options: options))
  print(CheckReport.json(outcome).rendered())
  exit(outcome.verdict.name == "holds" ? 0 : 1)
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(2)
}
