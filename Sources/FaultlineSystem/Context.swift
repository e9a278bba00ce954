import FaultlineConsistency
import FaultlineCore

/// What a handler can see of its surroundings, and the effects it records.
///
/// Effects are kept in the order the handler records them; the `System` applies them after the
/// handler returns, so a handler runs atomically unless a crash point splits its sends.
public struct Context<P: SystemProcess>: Sendable {
  /// The process running the handler.
  public let id: Int
  /// The number of processes in the system.
  public let processCount: Int
  /// The processes its failure detector suspects now.
  public let suspected: ProcessSet
  /// Its stable storage, as last written (nil before the first write).
  public private(set) var stable: P.Stable?

  /// The messages to send, in order.
  public private(set) var sends: [(to: Int, message: P.Message)] = []
  /// Timers to set (true) or cancel (false), in order.
  public private(set) var timerChanges: [(timer: P.Timer, set: Bool)] = []
  /// Decisions, deliveries and other outputs, in order.
  public private(set) var outputs: [SystemOutput<P.Value>] = []
  /// Client invocations and responses, in order.
  public private(set) var history: [HistoryEvent<P.Value>] = []
  /// Whether the handler wrote stable storage.
  public private(set) var wroteStable = false
  /// Events in the trace format's vocabulary that the handler recorded (`record(_:)`), in order.
  public private(set) var events: [StepEvent] = []

  /// Creates a context for process `id`.
  public init(id: Int, processCount: Int, suspected: ProcessSet = ProcessSet(), stable: P.Stable? = nil) {
    self.id = id
    self.processCount = processCount
    self.suspected = suspected
    self.stable = stable
  }

  /// Every process but this one.
  public var others: ProcessSet {
    var set = ProcessSet.all(processCount)
    set.remove(id)
    return set
  }

  /// Sends `message` to `process`; a number that names no process sends nothing.
  public mutating func send(_ message: P.Message, to process: Int) {
    guard process >= 0 && process < processCount else { return }
    sends.append((process, message))
  }

  /// Sends `message` to each member of `processes`, in increasing order: one broadcast, which
  /// a crash may cut short after any subset of its sends.
  public mutating func send(_ message: P.Message, to processes: ProcessSet) {
    for process in processes.members { send(message, to: process) }
  }

  /// Sends `message` to every other process.
  public mutating func broadcast(_ message: P.Message) { send(message, to: others) }

  /// Sets `timer`; setting a set timer changes nothing.
  public mutating func setTimer(_ timer: P.Timer) { timerChanges.append((timer, true)) }

  /// Cancels `timer`; cancelling an unset timer changes nothing.
  public mutating func cancelTimer(_ timer: P.Timer) { timerChanges.append((timer, false)) }

  /// Records the decision `value`.
  public mutating func decide(_ value: P.Value) { outputs.append(.decide(value)) }

  /// Records that the application asked to broadcast `value`.
  public mutating func broadcastRequest(_ value: P.Value) { outputs.append(.broadcast(value)) }

  /// Records the delivery of `value` to the application.
  public mutating func deliver(_ value: P.Value) { outputs.append(.deliver(value)) }

  /// Records the installation of view `view` with `members`.
  public mutating func install(view: Int, members: ProcessSet) {
    outputs.append(.install(view: view, members: members))
  }

  /// Records that this client invokes `operation`.
  public mutating func invoke(_ operation: P.Value) {
    history.append(HistoryEvent(client: id, isInvocation: true, value: operation))
  }

  /// Records that this client receives `result` for its pending operation.
  public mutating func respond(_ result: P.Value) {
    history.append(HistoryEvent(client: id, isInvocation: false, value: result))
  }

  /// Records `event`, something the step makes observable in the trace format's vocabulary (a
  /// vote, a commit, a call executed) beyond what the System layer records by itself (sends,
  /// receives, crashes, recoveries, suspicions, outputs and client operations). It joins the
  /// step's events in diagrams, `--trace-out` and `verify --model`; it is not part of the
  /// state, so it never splits or merges states.
  public mutating func record(_ event: StepEvent) { events.append(event) }

  /// Writes `stable` to stable storage, replacing what was there.
  public mutating func store(_ stable: P.Stable) {
    self.stable = stable
    wroteStable = true
  }
}
