import Faultline

/// An option a command accepts.
struct OptionSpec {
  /// The name without dashes.
  var name: String
  /// Whether it takes a value (`--name VALUE` or `--name=VALUE`).
  var takesValue: Bool
}

/// Arguments split into positionals and options, checked against the accepted options.
struct ParsedArguments {
  var positionals: [String] = []
  var values: [String: String] = [:]
  var flags: Set<String> = []

  /// Parses `arguments`; unknown options and missing values are errors that name what was expected.
  init(_ arguments: [String], accepting specs: [OptionSpec]) throws(FaultlineError) {
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let token = arguments[index]
      index += 1
      if onlyPositionals || !token.hasPrefix("-") || token == "-" {
        positionals.append(token)
        continue
      }
      if token == "--" {
        onlyPositionals = true
        continue
      }
      if token == "-h" {
        flags.insert("help")
        continue
      }
      guard token.hasPrefix("--") else {
        throw .unknownName(
          kind: "option", name: token,
          suggestions: NameSuggestion.closest(to: String(token.drop { $0 == "-" }), among: specs.map(\.name))
            .map {
              "--" + $0
            })
      }
      let body = token.dropFirst(2)
      let name = String(body.prefix { $0 != "=" })
      let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
      guard let spec = specs.first(where: { $0.name == name }) else {
        throw .unknownName(
          kind: "option", name: "--" + name,
          suggestions: NameSuggestion.closest(to: name, among: specs.map(\.name)).map { "--" + $0 })
      }
      // A repeated option is a mistake (which value was meant?), never silently the last one.
      guard values[name] == nil, !flags.contains(name) else {
        throw .usage("option --\(name) is given more than once")
      }
      if spec.takesValue {
        if let inline {
          values[name] = inline
        } else if index < arguments.count {
          values[name] = arguments[index]
          index += 1
        } else {
          throw .usage("option --\(name) needs a value")
        }
      } else {
        guard inline == nil else { throw .usage("option --\(name) takes no value") }
        flags.insert(name)
      }
    }
  }

  /// The value of an integer option, if given; it must lie in `range`.
  func integer(_ name: String, in range: ClosedRange<Int>) throws(FaultlineError) -> Int? {
    guard let raw = values[name] else { return nil }
    guard let value = Int(raw), range.contains(value) else {
      throw .invalidValue(
        option: "--" + name, value: raw,
        expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  /// The most seconds a time limit may be: a year; longer is a mistake, not a limit.
  static let longestTimeLimit = 366.0 * 24 * 3600

  /// The value of a seconds option, if given: a positive number up to a year.
  func seconds(_ name: String) throws(FaultlineError) -> Double? {
    guard let raw = values[name] else { return nil }
    guard let value = Double(raw), value > 0, value <= Self.longestTimeLimit else {
      throw .invalidValue(
        option: "--" + name, value: raw,
        expected: "a positive number of seconds, at most \(Int(Self.longestTimeLimit)) (a year)")
    }
    return value
  }

  /// The default memory budget: three quarters of physical memory.
  static let defaultMemoryLimit = "75%"

  /// Sets the process's memory budget from `--memory-limit` (a size such as `2G` or a share of
  /// physical memory such as `50%`), or to the default.
  func applyMemoryLimit() throws(FaultlineError) {
    let raw = values["memory-limit"] ?? Self.defaultMemoryLimit
    guard let bytes = MemoryBudget.parse(raw), bytes >= 16 << 20 else {
      throw .invalidValue(
        option: "--memory-limit", value: raw,
        expected: "a size of at least 16M, such as 512M, 4G or 50% (of physical memory)")
    }
    MemoryBudget.limitBytes = bytes
  }
}
