import FaultlineConsistency
import FaultlineCore

/// What one search thread has worked out about slots: the events each slot enables and their
/// effects, and the slot each change of an inbox leads to. Handlers are functions of their
/// process's slot, so each runs once per distinct slot and event, however many system states
/// share that slot.
///
/// Everything is kept in flat arrays of plain records, so the hot loop reads numbers and
/// touches no reference counts. A cache belongs to one thread (`System.worker()`).
@usableFromInline
final class SystemCache<P: SystemProcess>: @unchecked Sendable {
  /// Record index by slot number, for the first process seen in that slot (a slot is nearly
  /// always one process's): a dense array, read without hashing; -1 where there is none.
  @exclusivity(unchecked) @usableFromInline var recordBySlot: [Int32] = []
  /// Record index by `process | slot << 8`, for the other processes.
  @exclusivity(unchecked) @usableFromInline var recordIndex = IntegerMap<Int32>()
  @exclusivity(unchecked) @usableFromInline var records: [SlotRecord] = []
  /// Every record's events, one after the other; `outcomes` runs alongside.
  @exclusivity(unchecked) @usableFromInline var events: [SystemEvent<P>] = []
  @exclusivity(unchecked) @usableFromInline var outcomes: [HandlerOutcome] = []
  /// The sends of every outcome worked out: envelope codes and receivers.
  @exclusivity(unchecked) @usableFromInline var sendCodes: [UInt32] = []
  @exclusivity(unchecked) @usableFromInline var sendTargets: [Int32] = []
  /// Client events of the outcomes that have any.
  @exclusivity(unchecked) @usableFromInline var histories: [[HistoryEvent<P.Value>]] = []
  /// Slot after a message arrives, by `slot << 32 | envelope code`.
  @exclusivity(unchecked) @usableFromInline var arrivals = IntegerMap<UInt32>()
  /// Small numbers for the envelopes handlers sent.
  @exclusivity(unchecked) @usableFromInline var envelopeCodes: [Envelope<P.Message>: UInt32] = [:]
  @exclusivity(unchecked) @usableFromInline var envelopes: [Envelope<P.Message>] = []
  /// Renamed slots and environments for symmetry, by `number << 32 | permutation code << 6 | owner`.
  @exclusivity(unchecked) @usableFromInline var renamedSlots = IntegerMap<UInt32>()
  @exclusivity(unchecked) @usableFromInline var renamedEnvironments = IntegerMap<UInt32>()
  /// Index in `events` of each failure-detector report handled, by
  /// `slot << 14 | kind << 12 | process << 6 | target` (`System.detectorEventIndex`).
  @exclusivity(unchecked) @usableFromInline var detectorEvents = IntegerMap<Int32>()
  /// The record of each live process in the state being expanded, -1 for a crashed one.
  @exclusivity(unchecked) @usableFromInline var liveRecords: [Int32] = []
  /// The other changes to slots.
  @exclusivity(unchecked) @usableFromInline var transitions: [SlotTransition<P>: UInt32] = [:]
  /// The representative of each state under the system's `StateAbstraction`.
  @exclusivity(unchecked) @usableFromInline var representatives: [SystemKey: SystemKey] = [:]

  /// The number in the liveness check's `FairActionTable` of each handler event's step (by
  /// index in `events`; `Int32.min` where not given yet), and the table they belong to.
  @exclusivity(unchecked) @usableFromInline var fairNumbers: [Int32] = []
  @exclusivity(unchecked) @usableFromInline var fairNumbersTable: ObjectIdentifier? = nil

  @usableFromInline init() {}

  /// The code of `envelope`.
  @inlinable func code(of envelope: Envelope<P.Message>) -> UInt32 {
    if let known = envelopeCodes[envelope] { return known }
    let code = UInt32(truncatingIfNeeded: envelopes.count)
    envelopes.append(envelope)
    envelopeCodes[envelope] = code
    return code
  }

  @inlinable static func recordKey(process: Int, slot: UInt32) -> UInt64 {
    UInt64(slot) << 8 | UInt64(process & 0xFF)
  }
}

/// Where one (process, slot) pair's events sit in `SystemCache.events`: deliveries, then
/// timers, then choices.
@usableFromInline
struct SlotRecord: Sendable {
  /// The process whose slot this is.
  @usableFromInline var owner: Int32
  @usableFromInline var start: Int32
  @usableFromInline var deliveriesEnd: Int32
  @usableFromInline var firesEnd: Int32
  @usableFromInline var end: Int32

  @inlinable init(owner: Int32, start: Int32, deliveriesEnd: Int32, firesEnd: Int32, end: Int32) {
    self.owner = owner
    self.start = start
    self.deliveriesEnd = deliveriesEnd
    self.firesEnd = firesEnd
    self.end = end
  }
}

/// What handling one event in one slot does, once worked out.
@usableFromInline
struct HandlerOutcome: Sendable {
  /// `unknown` until worked out.
  @inlinable static var unknown: UInt32 { .max }
  /// The process's slot after the event was consumed and the handler ran (before self-sends).
  @usableFromInline var slot: UInt32 = unknown
  /// The same, had the process crashed at the end of the handler.
  @usableFromInline var crashedSlot: UInt32 = unknown
  /// The handler's sends, in `SystemCache.sendCodes` and `sendTargets`.
  @usableFromInline var sendsStart: Int32 = 0
  @usableFromInline var sendsCount: Int32 = 0
  /// Index in `SystemCache.histories`, or -1.
  @usableFromInline var history: Int32 = -1

  @inlinable init() {}
}

/// A change to one slot that does not run a handler.
@usableFromInline
enum SlotTransition<P: SystemProcess>: Hashable, Sendable {
  case drop(UInt32, Envelope<P.Message>, position: Int)
  case dropFrom(UInt32, sender: Int)
  case crash(UInt32)

  @inlinable static func == (a: SlotTransition, b: SlotTransition) -> Bool {
    switch (a, b) {
    case (.drop(let s, let x, let i), .drop(let t, let y, let j)): return s == t && i == j && x == y
    case (.dropFrom(let s, let p), .dropFrom(let t, let q)): return s == t && p == q
    case (.crash(let s), .crash(let t)): return s == t
    default: return false
    }
  }

  @inlinable func hash(into hasher: inout Hasher) {
    switch self {
    case .drop(let slot, let envelope, let position):
      hasher.combine(UInt64(slot) << 3 | 2)
      hasher.combine(envelope)
      hasher.combine(position)
    case .dropFrom(let slot, let sender):
      hasher.combine(UInt64(slot) << 3 | 3)
      hasher.combine(sender)
    case .crash(let slot):
      hasher.combine(UInt64(slot) << 3 | 4)
    }
  }
}
