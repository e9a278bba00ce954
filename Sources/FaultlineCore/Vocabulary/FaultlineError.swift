/// Every error Faultline reports; each renders as one line that says what was expected.
public enum FaultlineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A name (model, variant, parameter, option, format...) that does not exist.
  case unknownName(kind: String, name: String, suggestions: [String])
  /// A name that does not exist and is close to none that does: the valid ones are listed.
  case unknownChoice(kind: String, name: String, valid: [String])
  /// An option or parameter whose value is not of the expected form.
  case invalidValue(option: String, value: String, expected: String)
  /// A model parameter whose value the model cannot take, said in the model's own terms.
  case invalidParameter(name: String, value: String, expected: String)
  /// A command line that cannot be understood.
  case usage(String)
  /// A file that cannot be read at all.
  case unreadableFile(path: String, reason: String)
  /// An output file (a diagram, a report, a trace) that cannot be written.
  case unwritableFile(path: String, reason: String)
  /// A file whose content is not of the expected form, at a 1-based line and column.
  case malformedInput(file: String, line: Int, column: Int, expected: String, found: String)
  /// A model whose next state is not a function of state and action.
  case nondeterministicModel(step: Int, action: String, detail: String)
  /// Replay choices that do not fit the model: at `step` there is no action number `choice`
  /// (or it has no successor); `enabled` lists the actions that were enabled there.
  case invalidReplay(step: Int, choice: Int, enabled: [String], detail: String? = nil)
  /// A model that breaks one of the explorer's documented limits.
  case invalidModel(String)

  /// The one-line message printed after `error: `.
  public var description: String {
    switch self {
    case .unknownName(let kind, let name, let suggestions):
      var text = "unknown \(kind) '\(name)'"
      if let first = suggestions.first {
        text += "; did you mean '\(first)'?"
        if suggestions.count > 1 {
          text += " (others: " + suggestions.dropFirst().map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
      }
      return text
    case .unknownChoice(let kind, let name, let valid):
      return "unknown \(kind) '\(name)'; expected one of: " + valid.joined(separator: ", ")
    case .invalidValue(let option, let value, let expected):
      return "invalid value '\(value)' for \(option): expected \(expected)"
    case .invalidParameter(let name, let value, let expected):
      return "invalid \(name) \(value): expected \(expected)"
    case .usage(let message):
      return message
    case .unreadableFile(let path, let reason):
      return "\(path): cannot read: \(reason)"
    case .unwritableFile(let path, let reason):
      return "\(path): cannot write: \(reason)"
    case .malformedInput(let file, let line, let column, let expected, let found):
      return "\(file):\(line):\(column): expected \(expected), found \(found)"
    case .nondeterministicModel(let step, let action, let detail):
      return "the model is not deterministic: replaying step \(step) (\(action)) \(detail); "
        + "successor(of:via:) and actions(from:into:) must depend only on the state and the action"
    case .invalidReplay(let step, let choice, let enabled, let detail):
      let what = step == 0 ? "initial state" : "action"
      var text = "the replay does not fit this model: at step \(step) there is no \(what) number \(choice)"
      if let detail { text = "the replay does not fit this model: at step \(step), \(detail)" }
      if enabled.isEmpty {
        text += "; nothing is enabled there"
      } else {
        text += "; enabled there: "
        text += enabled.enumerated().map { "[\($0.offset)] \($0.element)" }.joined(separator: "; ")
      }
      return text
    case .invalidModel(let message):
      return "invalid model: \(message)"
    }
  }

  /// The same error in command-line terms: a model parameter is named by its flag, `--NAME`.
  public var commandLine: FaultlineError {
    switch self {
    case .invalidParameter(let name, let value, let expected):
      return .invalidValue(option: "--" + name, value: value, expected: expected)
    case .unknownName(let kind, let name, let suggestions) where kind.hasPrefix("parameter of "):
      return .unknownName(kind: kind, name: "--" + name, suggestions: suggestions.map { "--" + $0 })
    case .unknownChoice(let kind, let name, let valid) where kind.hasPrefix("parameter of "):
      return .unknownChoice(kind: kind, name: "--" + name, valid: valid.map { "--" + $0 })
    default:
      return self
    }
  }

  /// The exit code for every error: 2, bad usage or bad input.
  public var exitCode: Int32 { 2 }
}
