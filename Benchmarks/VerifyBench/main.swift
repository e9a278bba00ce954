import Dispatch
import Faultline
import Foundation

// Verifies every file named on the command line in one process and prints one line per file
// (verdict, operations, milliseconds), then the total; the corpus script compares the verdicts.
var total: UInt64 = 0
var failed = false
for path in CommandLine.arguments.dropFirst() {
  let start = DispatchTime.now().uptimeNanoseconds
  do {
    let result = try TraceVerifier.verify(path: path)
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    total += elapsed
    print("\(path)\t\(result.verdict.name)\t\(result.operations)\t\(Double(elapsed / 1000) / 1000)")
  } catch {
    failed = true
    print("\(path)\terror\t\(error)")
  }
}
print("total\t\(Double(total / 1000) / 1000) ms")
if failed { exit(2) }
