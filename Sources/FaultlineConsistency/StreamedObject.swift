import FaultlineCore

/// What `StreamingCheck` needs of one kind of object: its spec, how a recorded operation becomes
/// one of the spec's operations, and how the values carried from one search to the next are kept
/// few.
///
/// Operations wait in a stream's segment as recorded (`HistoryOperation`) and are converted when
/// the segment is searched, so that only the values of carried states stay interned.
package protocol StreamedObject {
  associatedtype Spec: SequentialSpec
  /// Whether every operation must name a key (a key-value store); otherwise an operation without
  /// one acts on the object of key nil.
  static var needsKey: Bool { get }
  /// The spec, over the values interned so far.
  var spec: Spec { get }
  /// Throws the error the whole-history check raises for this operation, if any: called at its
  /// invocation and again at its completion, once its outcome is known.
  func validate(_ operation: HistoryOperation, file: String) throws
  /// The operation for the search; nil when it observes nothing and constrains no order.
  mutating func operation(_ operation: HistoryOperation, file: String) throws -> Spec.Operation?
  /// Called before each search of a segment.
  mutating func prepareSearch()
  /// A state at the end of a search as it is carried to the next one.
  mutating func carry(_ state: Spec.State) -> Spec.State
  /// Whether the interned values should be rebuilt, with `streams` streams open.
  func needsCompaction(streams: Int) -> Bool
  /// Keeps only the values of `states` (every carried state), which are rewritten in place.
  mutating func compact(_ states: inout [Spec.State])
}

/// A register, CAS register, set, queue or mutex over values interned by `ValueInterner`.
package struct InternedObject<Spec: SequentialSpec>: StreamedObject {
  package static var needsKey: Bool { false }
  private let convert: (HistoryOperation, (TraceValue) -> Int, String) throws -> Spec.Operation?
  private let build: ([Int], [String]) -> Spec
  private let remap: (Spec.State, (Int) -> Int) -> Spec.State
  private var interner = ValueInterner()
  private var initialIDs: [Int]
  private var live = 0

  /// The object whose operations `convert` reads (interning values with its second argument),
  /// whose spec `build` makes from the initial values' ids and every value's name, and whose
  /// states `remap` rewrites with new ids.
  init(
    initial: [TraceValue],
    convert: @escaping (HistoryOperation, (TraceValue) -> Int, String) throws -> Spec.Operation?,
    build: @escaping ([Int], [String]) -> Spec, remap: @escaping (Spec.State, (Int) -> Int) -> Spec.State
  ) {
    self.convert = convert
    self.build = build
    self.remap = remap
    var interner = ValueInterner()
    initialIDs = initial.map { interner.id($0) }
    self.interner = interner
  }

  package var spec: Spec { build(initialIDs, interner.names) }

  package func validate(_ operation: HistoryOperation, file: String) throws {
    _ = try convert(operation, { _ in 0 }, file)
  }

  package mutating func operation(_ operation: HistoryOperation, file: String) throws -> Spec.Operation? {
    let convert = self.convert
    return try convert(operation, { self.interner.id($0) }, file)
  }

  package mutating func prepareSearch() {}

  package mutating func carry(_ state: Spec.State) -> Spec.State { state }

  package func needsCompaction(streams: Int) -> Bool { interner.count > 4096 + 2 * max(live, streams) }

  package mutating func compact(_ states: inout [Spec.State]) {
    let old = interner
    var fresh = ValueInterner()
    initialIDs = initialIDs.map { fresh.id(old.values[$0]) }
    for index in states.indices { states[index] = remap(states[index], { fresh.id(old.values[$0]) }) }
    interner = fresh
    live = fresh.count
  }
}

extension InternedObject where Spec == RegisterSpec {
  /// A register or CAS register starting at `initial` (nil by default); where nil is not one of
  /// its values, a read of nil is a read of an unknown value (Knossos's rule).
  static func register(_ kind: SpecKind, initial: TraceValue?) -> Self {
    let nilIsUnknown = initial.map { $0 != .null } ?? false
    return InternedObject(
      initial: [initial ?? .null],
      convert: { try LinearizabilityChecker.registerOperation($0, kind, nilIsUnknown, $1, $2) },
      build: { RegisterSpec(initial: $0.first ?? 0, names: $1) }, remap: { $1($0) })
  }
}

extension InternedObject where Spec == SetSpec {
  /// A grow-only set holding `initial`'s elements at first.
  static func set(initial: TraceValue?) -> Self {
    InternedObject(
      initial: Self.elements(initial),
      convert: { try LinearizabilityChecker.collectionOperation($0, .set, $1, $2) },
      build: { SetSpec(initial: $0, names: $1) }, remap: { state, id in state.map(id).sorted() })
  }

  static func elements(_ initial: TraceValue?) -> [TraceValue] {
    if case .list(let items)? = initial { return items }
    return []
  }
}

extension InternedObject where Spec == QueueSpec {
  /// A FIFO queue holding `initial`'s elements at first, oldest first.
  static func queue(initial: TraceValue?) -> Self {
    InternedObject(
      initial: InternedObject<SetSpec>.elements(initial),
      convert: { try LinearizabilityChecker.collectionOperation($0, .queue, $1, $2) },
      build: { QueueSpec(initial: $0, names: $1) }, remap: { state, id in state.map(id) })
  }
}

extension InternedObject where Spec == MutexSpec {
  /// A mutex, free at first.
  static func mutex() -> Self {
    InternedObject(
      initial: [], convert: { try LinearizabilityChecker.collectionOperation($0, .mutex, $1, $2) },
      build: { MutexSpec(names: $1) }, remap: { $1($0) })
  }
}

/// One key of a key-value store, over a `KeyValueTable` that the keys share.
package struct KeyValueObject: StreamedObject {
  package static var needsKey: Bool { true }
  private var table = KeyValueTable()
  package private(set) var spec: KeyValueSpec
  private var liveValues = 0

  /// A store whose keys hold `initial` (nil or empty by default) until written.
  package init(initial: TraceValue?) {
    spec = KeyValueSpec(
      initial: table.id(KeyValueText(initial.map(LinearizabilityChecker.text) ?? "")), table: table)
  }

  package func validate(_ operation: HistoryOperation, file: String) throws {
    guard operation.key != nil else {
      throw LinearizabilityChecker.malformed(
        operation, file, expected: "a key for a kv operation", found: "no key")
    }
    switch operation.function {
    case "get", "read": break
    case "put", "write", "append": _ = try LinearizabilityChecker.argument(operation, file)
    default: throw LinearizabilityChecker.unknownFunction(operation, .kv, file)
    }
  }

  package mutating func operation(_ operation: HistoryOperation, file: String) throws -> KeyValueOperation? {
    try LinearizabilityChecker.keyValueOperation(operation, file, table)
  }

  package mutating func prepareSearch() {
    // Appends remembered from earlier searches may name values that have since been interned
    // again as read values (the carried states): forget them, as `KeyValueTable` requires.
    table.forgetAppends()
  }

  package mutating func carry(_ state: Int) -> Int {
    // As a value read from the history, so that reads in later segments, interned after it was
    // made, compare equal to it (see `KeyValueTable`).
    table.id(table.value(state))
  }

  package func needsCompaction(streams: Int) -> Bool { table.count > 4096 + 2 * max(liveValues, streams) }

  package mutating func compact(_ states: inout [Int]) {
    // The segments hold values as text and are interned again when they are searched.
    let fresh = KeyValueTable()
    let old = table
    let initial = fresh.id(old.value(spec.initialState))
    for index in states.indices { states[index] = fresh.id(old.value(states[index])) }
    table = fresh
    spec = KeyValueSpec(initial: initial, table: fresh)
    liveValues = fresh.count
  }
}
