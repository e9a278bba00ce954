// Writes a long random run of the catalogue's two-phase commit as a JSON Lines event log, for
// measuring `faultline verify LOG --model two-phase-commit` (Benchmarks/conformance-scale.sh).
//
//   conformance-log EVENTS [PARTICIPANTS] [SEED] > log.jsonl
//
// The run is a random walk of the model: each step is drawn uniformly among the enabled ones.
// Over the default duplicating network a message can be delivered again and again, so the walk
// goes on after the transaction is decided, and its log can be as long as asked.
import Faultline
import FaultlineModels

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let events = arguments.first ?? 100_000
let participants = arguments.dropFirst().first ?? 3
let seed = UInt64(arguments.dropFirst(2).first ?? 1)
let model = try TwoPhaseCommit.make(participants: participants)
var random = SplitMix64(seed: seed)
guard var state = model.initialStates.first else { fatalError("no initial state") }
var written = 0
var out = ""
while written < events {
  let actions = model.actions(from: state)
  guard !actions.isEmpty else { break }
  let action = actions[Int(random.next() % UInt64(actions.count))]
  guard let next = model.successor(of: state, via: action) else { continue }
  let description = model.describe(action, from: state, to: next)
  for event in description.events where written < events {
    out += event.json(process: description.process ?? "environment").rendered(indent: 0) + "\n"
    written += 1
  }
  if out.utf8.count > 1 << 20 {
    print(out, terminator: "")
    out = ""
  }
  state = next
}
print(out, terminator: "")
