import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// Parses one value written on a command line, as JSON or EDN, into a `TraceValue`.
public enum TraceValueText {
  /// The value `text` denotes: JSON first (`null`, `"a"`, `[1,2]`), then EDN (`nil`, `:k`, `[1 2]`).
  public static func parse(_ text: String) throws -> TraceValue {
    if let json = try? JSONParser.parse(text, file: "--initial") { return json }
    var scanner = ByteScanner(bytes: Array(text.utf8), file: "--initial")
    let value = try EDNParser.parseValue(&scanner)
    EDNParser.skip(&scanner)
    guard scanner.atEnd else { throw scanner.error(expected: "the end of the value") }
    return value
  }
}
