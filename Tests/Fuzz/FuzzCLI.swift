// libFuzzer target: the command line's argument parsing, without running a search or reading a
// file. The input is an argument vector split on NUL bytes. Tests/Fuzz/fuzz.sh compiles this file
// into the FaultlineCLI module, whose parser is internal; it is not part of the SwiftPM target.
import Faultline
import FaultlineModels

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  var arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
    String(decoding: $0, as: UTF8.self)
  }
  let command = arguments.isEmpty ? "" : arguments.removeFirst()
  switch command {
  case "check": fuzzCheck(arguments)
  case "verify":
    _ = try? VerifyCommand.makeOptions(ParsedArguments(arguments, accepting: VerifyCommand.options))
  default: _ = try? ParsedArguments(arguments, accepting: CheckCommand.generalOptions)
  }
  return 0
}

/// What `faultline check` does with its arguments before it explores.
private func fuzzCheck(_ arguments: [String]) {
  guard let modelName = CheckCommand.findModelName(arguments),
    let entry = try? Catalogue.entry(named: modelName)
  else { return }
  let specs =
    CheckCommand.generalOptions
    + entry.parameters.map { parameter in
      if case .flag = parameter.kind { return OptionSpec(name: parameter.name, takesValue: false) }
      return OptionSpec(name: parameter.name, takesValue: true)
    }
  guard let parsed = try? ParsedArguments(arguments, accepting: specs) else { return }
  _ = try? CheckCommand.makeRequest(parsed)
  for parameter in entry.parameters {
    if let text = parsed.values[parameter.name], let value = try? parameter.parse(text) {
      _ = try? parameter.validate(value)
    }
  }
  for (name, value) in parsed.values {
    _ = CheckCommand.explainingDefault(
      .invalidParameter(name: name, value: value, expected: "x"), entry, parsed)
  }
}
