import Dispatch
import FaultlineCore

/// Checks recorded histories for linearizability against a sequential specification.
///
/// Failed operations are removed: they did not take effect. That includes a failed CAS, whose
/// failure says the value differed at some point; Knossos and Porcupine ignore that observation
/// too, and the corpus verdicts are established under it. Operations whose outcome is unknown
/// stay open until the end of the history and may or may not take effect. Reads whose outcome is
/// unknown observe nothing and are dropped.
public enum LinearizabilityChecker {
  /// The verdict for `history` under `spec`, starting from `initial` (nil or empty by default):
  /// linearizability, or sequential consistency when asked. The search gives up, incomplete,
  /// after `timeLimit` seconds or when `isCancelled` returns true (it is polled).
  public static func check(
    _ history: History, spec: SpecKind, initial: TraceValue? = nil, file: String = "<history>",
    timeLimit: Double? = nil, consistency: Consistency = .linearizable,
    isCancelled: (@Sendable () -> Bool)? = nil
  ) throws -> Verdict {
    let stop = StopCondition(
      timeLimit: timeLimit, from: DispatchTime.now().uptimeNanoseconds, isCancelled: isCancelled)
    return try check(history, spec: spec, initial: initial, file: file, consistency: consistency, stop: stop)
  }

  /// The verdict, with the search stopped by `stop` (whose time limit may have started earlier,
  /// when the file began to be read).
  package static func check(
    _ history: History, spec: SpecKind, initial: TraceValue?, file: String, consistency: Consistency,
    stop: StopCondition
  ) throws -> Verdict {
    if stop.reached() { return .incomplete(reason: stop.reason + " before the check began") }
    let verdict = try check(
      history, spec: spec, initial: initial, file: file, timeLimit: stop.timeLimit, consistency: consistency,
      stop: stop)
    if case .incomplete = verdict, stop.cancelled { return .incomplete(reason: "interrupted") }
    return verdict
  }

  private static func check(
    _ history: History, spec: SpecKind, initial: TraceValue?, file: String, timeLimit: Double?,
    consistency: Consistency, stop: StopCondition
  ) throws -> Verdict {
    // The kv path indexes the history instead of copying it: a million-event history is large.
    // Failed operations are read too, so that one the spec cannot name is an error here as it is
    // when the trace is streamed, where an operation is judged before its outcome is known.
    let all = spec == .kv ? [] : history.operations
    var interner = ValueInterner()
    switch spec {
    case .register, .casRegister:
      var ops: [RegisterOperation] = []
      var kept: [HistoryOperation] = []
      // Knossos's rule: where nil is not a value the register can hold (it starts with one), a
      // read of nil says the value is unknown, not that it was nil.
      let nilIsUnknown = initial.map { $0 != .null } ?? false
      for operation in all {
        guard let op = try registerOperation(operation, spec, nilIsUnknown, { interner.id($0) }, file),
          operation.status != .fail
        else { continue }
        ops.append(op)
        kept.append(operation)
      }
      let initialID = interner.id(initial ?? .null)
      let registerSpec = RegisterSpec(initial: initialID, names: interner.names)
      return decide(
        registerSpec, ops, kept, stop: stop, timeLimit: timeLimit, consistency: consistency)
    case .kv where consistency == .sequential:
      return try checkStore(
        history.operations, initial: initial, file: file, stop: stop, timeLimit: timeLimit)
    case .kv:
      return try checkKeyValue(
        history.operations, initial: initial, file: file, stop: stop, timeLimit: timeLimit)
    case .listAppend, .rwRegister:
      throw FaultlineError.usage(
        "\(file): \(spec.rawValue) histories are transactional; they are checked by TransactionChecker")
    case .set, .queue, .mutex:
      var ops: [CollectionOperation] = []
      var kept: [HistoryOperation] = []
      for operation in all {
        guard let op = try collectionOperation(operation, spec, { interner.id($0) }, file),
          operation.status != .fail
        else { continue }
        ops.append(op)
        kept.append(operation)
      }
      if spec == .mutex {
        let mutex = MutexSpec(names: interner.names)
        return decide(mutex, ops, kept, stop: stop, timeLimit: timeLimit, consistency: consistency)
      }
      var initialIDs: [Int] = []
      if case .list(let items)? = initial { initialIDs = items.map { interner.id($0) } }
      if spec == .set {
        let setSpec = SetSpec(initial: initialIDs, names: interner.names)
        return decide(setSpec, ops, kept, stop: stop, timeLimit: timeLimit, consistency: consistency)
      }
      let queue = QueueSpec(initial: initialIDs, names: interner.names)
      return decide(queue, ops, kept, stop: stop, timeLimit: timeLimit, consistency: consistency)
    }
  }

  /// Checks operations on one object, or on several told apart by key (Jepsen's independent
  /// keys, or `key` fields): linearizability key by key, as it composes; sequential consistency,
  /// which does not, over all the keys' objects together. An operation without a key acts on the
  /// object of key nil.
  private static func decide<S: SequentialSpec>(
    _ spec: S, _ ops: [S.Operation], _ kept: [HistoryOperation], stop: StopCondition, timeLimit: Double?,
    consistency: Consistency
  ) -> Verdict {
    guard kept.contains(where: { $0.key != nil }) else {
      return decideOne(
        spec, ops, kept, key: nil, stop: stop, timeLimit: timeLimit, consistency: consistency)
    }
    var keys: [TraceValue] = []
    var groups: [TraceValue: [Int]] = [:]
    for (index, operation) in kept.enumerated() {
      let key = operation.key ?? .null
      if groups[key] == nil { keys.append(key) }
      groups[key, default: []].append(index)
    }
    if consistency == .sequential {
      var numbers: [TraceValue: Int] = [:]
      for (number, key) in keys.enumerated() { numbers[key] = number }
      let keyed = KeyedSpec(base: spec, keys: keys)
      let keyedOps = kept.indices.map {
        KeyedSpec<S>.Operation(key: numbers[kept[$0].key ?? .null] ?? 0, operation: ops[$0])
      }
      return decideOne(
        keyed, keyedOps, kept, key: nil, stop: stop, timeLimit: timeLimit, consistency: .sequential)
    }
    for key in keys {
      let members = groups[key] ?? []
      let verdict = decideOne(
        spec, members.map { ops[$0] }, members.map { kept[$0] }, key: key, stop: stop,
        timeLimit: timeLimit,
        consistency: .linearizable)
      if verdict != .holds { return verdict }
    }
    return .holds
  }

  private static func decideOne<S: SequentialSpec>(
    _ spec: S, _ ops: [S.Operation], _ kept: [HistoryOperation], key: TraceValue?, stop: StopCondition,
    timeLimit: Double?, consistency: Consistency
  ) -> Verdict {
    let outcome = Linearizability.search(
      spec, ops, calls: kept.map(\.call), returns: kept.map(returnPosition),
      required: kept.map { $0.status != .info }, processes: kept.map(\.process), consistency: consistency,
      stop: stop)
    return verdict(outcome, kept, spec, ops, key: key, timeLimit: timeLimit, consistency: consistency)
  }

  static func returnPosition(_ operation: HistoryOperation) -> Int {
    operation.status == .info ? Int.max : (operation.return ?? Int.max)
  }

  private static func checkKeyValue(
    _ all: [HistoryOperation], initial: TraceValue?, file: String, stop: StopCondition, timeLimit: Double?
  ) throws -> Verdict {
    // P-compositionality: a history is linearizable iff each key's subhistory is.
    let table = KeyValueTable()
    var keyOrder: [TraceValue] = []
    var byKey: [TraceValue: ([KeyValueOperation], [Int])] = [:]
    for (index, operation) in all.enumerated() {
      guard let key = operation.key else {
        throw malformed(operation, file, expected: "a key for a kv operation", found: "no key")
      }
      guard let op = try keyValueOperation(operation, file, table), operation.status != .fail else {
        continue
      }
      if byKey[key] == nil {
        keyOrder.append(key)
        byKey[key] = ([], [])
      }
      byKey[key]?.0.append(op)
      byKey[key]?.1.append(index)
    }
    let spec = KeyValueSpec(initial: table.id(KeyValueText(initial.map(text) ?? "")), table: table)
    // Keys are explored side by side, a few at a time, each in slices whose step budget doubles:
    // a history with one violated key is answered about as fast as that key alone, whatever the
    // keys before it cost, while only the window's memo tables are held in memory at once.
    let window = 8
    var waiting = keyOrder[...]
    var active:
      [(key: TraceValue, kept: [Int], search: Linearizer<KeyValueSpec, RealTimeOrder>, budget: Int)] = []
    var finished = 0
    while !active.isEmpty || !waiting.isEmpty {
      while active.count < window, let key = waiting.popFirst() {
        guard let (ops, kept) = byKey.removeValue(forKey: key) else { continue }
        let search = Linearizer(
          spec: spec, operations: ops, required: kept.map { all[$0].status != .info },
          order: RealTimeOrder(
            calls: kept.map { all[$0].call }, returns: kept.map { returnPosition(all[$0]) }))
        active.append((key, kept, search, 4096))
      }
      var index = 0
      while index < active.count {
        active[index].search.run(budget: active[index].budget, stop: stop)
        active[index].budget = active[index].budget < Int.max / 2 ? active[index].budget * 2 : Int.max
        switch active[index].search.outcome {
        case nil: index += 1
        case .linearizable?:
          active.remove(at: index)
          finished += 1
        case .timedOut?, .tooLarge?:
          let why =
            MemoryBudget.exceeded() ? MemoryBudget.reason : "time limit of \(timeLimit ?? 0) s reached"
          return .incomplete(reason: why + " with \(finished) of \(keyOrder.count) keys checked")
        case let violation?:
          let (key, kept, search, _) = active[index]
          return verdict(
            violation, kept.map { all[$0] }, spec, search.operations, key: key,
            timeLimit: timeLimit)
        }
      }
    }
    return .holds
  }

  /// Sequential consistency of a key-value history: not checked key by key, as it does not
  /// compose, but over the whole store.
  private static func checkStore(
    _ all: [HistoryOperation], initial: TraceValue?, file: String, stop: StopCondition, timeLimit: Double?
  ) throws -> Verdict {
    let table = KeyValueTable()
    let spec = KeyValueSpec(initial: table.id(KeyValueText(initial.map(text) ?? "")), table: table)
    var ops: [KeyValueOperation] = []
    var kept: [HistoryOperation] = []
    for operation in all {
      guard operation.key != nil else {
        throw malformed(operation, file, expected: "a key for a kv operation", found: "no key")
      }
      guard let op = try keyValueOperation(operation, file, table), operation.status != .fail else {
        continue
      }
      ops.append(op)
      kept.append(operation)
    }
    return decide(spec, ops, kept, stop: stop, timeLimit: timeLimit, consistency: .sequential)
  }

  static func text(_ value: TraceValue) -> String {
    if case .null = value { return "" }
    return value.text
  }

  static func malformed(_ op: HistoryOperation, _ file: String, expected: String, found: String)
    -> FaultlineError
  {
    .malformedInput(file: file, line: op.callLine, column: 1, expected: expected, found: found)
  }

  static func unknownFunction(_ op: HistoryOperation, _ spec: SpecKind, _ file: String)
    -> FaultlineError
  {
    malformed(
      op, file,
      expected: "an operation of the \(spec.rawValue) spec (\(spec.functions.joined(separator: ", ")))",
      found: "'\(op.function)'")
  }

  static func argument(_ op: HistoryOperation, _ file: String) throws -> TraceValue {
    guard let first = op.arguments.first else {
      throw malformed(op, file, expected: "an argument for \(op.function)", found: "none")
    }
    return first
  }

  /// The operation on interned values; nil for a read that observes nothing (of unknown outcome,
  /// or of nil when `nilIsUnknown`), which constrains no order and is dropped.
  /// `intern` gives a value's id (a streaming check validates with a stand-in).
  static func registerOperation(
    _ op: HistoryOperation, _ spec: SpecKind, _ nilIsUnknown: Bool, _ intern: (TraceValue) -> Int,
    _ file: String
  ) throws -> RegisterOperation? {
    let unknown = op.status == .info
    switch op.function {
    case "read":
      if unknown || (nilIsUnknown && (op.result ?? .null) == .null) { return nil }
      return RegisterOperation(.read, intern(op.result ?? .null))
    case "write":
      return RegisterOperation(.write, intern(try argument(op, file)), unknown: unknown)
    case "cas" where spec == .casRegister:
      var pair = op.arguments
      if pair.count == 1, case .list(let inner) = pair[0] { pair = inner }
      guard pair.count == 2 else {
        throw malformed(op, file, expected: "[expected new] for cas", found: "\(pair.count) values")
      }
      return RegisterOperation(.cas, intern(pair[0]), new: intern(pair[1]), unknown: unknown)
    default:
      throw unknownFunction(op, spec, file)
    }
  }

  static func keyValueOperation(_ op: HistoryOperation, _ file: String, _ table: KeyValueTable) throws
    -> KeyValueOperation?
  {
    let unknown = op.status == .info
    switch op.function {
    case "get", "read":
      if unknown { return nil }
      return KeyValueOperation(.get, table.id(KeyValueText(text(op.result ?? .null))))
    case "put", "write":
      return KeyValueOperation(.put, table.id(KeyValueText(text(try argument(op, file)))), unknown: unknown)
    case "append":
      return KeyValueOperation(
        .append, table.id(KeyValueText(text(try argument(op, file)))), unknown: unknown)
    default:
      throw unknownFunction(op, .kv, file)
    }
  }

  static func collectionOperation(
    _ op: HistoryOperation, _ spec: SpecKind, _ intern: (TraceValue) -> Int, _ file: String
  ) throws -> CollectionOperation? {
    let unknown = op.status == .info
    switch (spec, op.function) {
    case (.set, "add"):
      return CollectionOperation(.add, intern(try argument(op, file)), unknown: unknown)
    case (.set, "read"):
      if unknown { return nil }
      guard case .list(let items)? = op.result else {
        throw malformed(
          op, file, expected: "a list as the result of a set read", found: op.result?.description ?? "none")
      }
      let ids = Array(Set(items.map { intern($0) })).sorted()
      return CollectionOperation(.read, values: ids)
    case (.queue, "enqueue"):
      return CollectionOperation(.enqueue, intern(try argument(op, file)), unknown: unknown)
    case (.queue, "dequeue"):
      return CollectionOperation(.dequeue, unknown ? 0 : intern(op.result ?? .null), unknown: unknown)
    case (.mutex, "acquire"):
      return CollectionOperation(.acquire, intern(.string(op.process)), unknown: unknown)
    case (.mutex, "release"):
      return CollectionOperation(.release, intern(.string(op.process)), unknown: unknown)
    default:
      throw unknownFunction(op, spec, file)
    }
  }
}
