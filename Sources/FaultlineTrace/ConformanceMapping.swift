import FaultlineCore

/// How a real system's log names things, mapped onto the model's trace vocabulary, read from a
/// small JSON file (`verify LOG --model NAME --mapping FILE`, docs/trace-format.md):
///
///     {"fields": {"node": "process", "msg": "message"},
///      "types": {"PREPARED": "vote", "COMMIT": "commit"},
///      "processes": {"coordinator": "p0", "rm-1": "p1"},
///      "values": {"vote": {"YES": "yes", "NO": "no"}},
///      "ignore": ["heartbeat", "debug"]}
///
/// Fields are renamed first, then lines whose `type` is ignored are dropped, then types,
/// process names (in `process`, `to`, `from`, `suspects`, `members` and `participants`) and the
/// values of the named fields are renamed. Every part is optional.
public struct ConformanceMapping: Sendable, Equatable {
  /// Field names of the log, to the trace format's.
  public var fields: [String: String] = [:]
  /// Event types of the log (after renaming fields), to the trace format's.
  public var types: [String: String] = [:]
  /// Process names of the log, to the model's (`p0`, `c1`, ...).
  public var processes: [String: String] = [:]
  /// For a field, its string values in the log, to the model's.
  public var values: [String: [String: String]] = [:]
  /// Event types of the log (before renaming) that the model does not know: their lines are
  /// skipped.
  public var ignore: Set<String> = []

  /// An empty mapping.
  public init() {}

  /// The fields that name processes.
  static let processFields: Set<String> = ["process", "to", "from", "suspects", "members", "participants"]

  /// The mapping in the JSON file at `path`.
  public static func read(path: String) throws -> ConformanceMapping {
    let source = try TraceSource(
      path: path, stop: StopCondition(), maxLineBytes: VerifyOptions.defaultMaxLineBytes)
    var bytes = try source.readAll()
    TraceDecoder.skipByteOrderMark(&bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    let document = try JSONParser.parse(text, file: path)
    guard let parts = document.objectFields else {
      throw FaultlineError.malformedInput(
        file: path, line: 1, column: 1, expected: "a JSON object of fields, types, processes, values, ignore",
        found: document.rendered(indent: 0))
    }
    var mapping = ConformanceMapping()
    func names(_ value: TraceValue, _ part: String) throws -> [String: String] {
      guard let pairs = value.objectFields else { throw wrong(part, "an object of names", value) }
      var result: [String: String] = [:]
      for (key, name) in pairs {
        guard case .string(let text) = name else { throw wrong("\(part).\(key)", "a string", name) }
        result[key] = text
      }
      return result
    }
    func wrong(_ part: String, _ expected: String, _ found: TraceValue) -> FaultlineError {
      .malformedInput(
        file: path, line: 1, column: 1, expected: "\"\(part)\" to be \(expected)",
        found: found.rendered(indent: 0))
    }
    for (part, value) in parts {
      switch part {
      case "fields": mapping.fields = try names(value, part)
      case "types": mapping.types = try names(value, part)
      case "processes": mapping.processes = try names(value, part)
      case "values":
        guard let pairs = value.objectFields else { throw wrong(part, "an object of field names", value) }
        for (field, renames) in pairs { mapping.values[field] = try names(renames, "values.\(field)") }
      case "ignore":
        guard case .list(let items) = value else { throw wrong(part, "an array of event types", value) }
        for item in items {
          guard case .string(let type) = item else { throw wrong(part, "an array of strings", item) }
          mapping.ignore.insert(type)
        }
      default:
        throw FaultlineError.malformedInput(
          file: path, line: 1, column: 1, expected: "one of fields, types, processes, values, ignore",
          found: "\"\(part)\"")
      }
    }
    return mapping
  }

  /// The event in the model's vocabulary; nil when its type is ignored.
  public func apply(to event: TraceValue) -> TraceValue? {
    guard let pairs = event.objectFields else { return event }
    let renamed = pairs.map { (fields[$0.0] ?? $0.0, $0.1) }
    if case .string(let type)? = renamed.first(where: { $0.0 == "type" })?.1, ignore.contains(type) {
      return nil
    }
    return .object(
      renamed.map { key, value in
        if key == "type", case .string(let type) = value { return (key, .string(types[type] ?? type)) }
        if Self.processFields.contains(key) { return (key, renamingProcesses(value)) }
        if let renames = values[key], case .string(let text) = value {
          return (key, .string(renames[text] ?? text))
        }
        return (key, value)
      })
  }

  func renamingProcesses(_ value: TraceValue) -> TraceValue {
    switch value {
    case .string(let name): return .string(processes[name] ?? name)
    case .list(let items): return .list(items.map(renamingProcesses))
    default: return value
    }
  }
}
