import FaultlineConsistency
import FaultlineCore

/// One process of a distributed protocol: its local state, its messages, and how it reacts to
/// deliveries, timers, failure-detector changes and recovery.
///
/// Handlers change the local state in place and record their effects (sends, timers,
/// decisions, stable-storage writes) in the `Context`; the `System` applies them atomically,
/// unless the fault model crashes the process in the middle of the handler's sends.
///
/// A process needs only its types and its handlers. The engine tells states apart with the
/// types' own `==` (usually synthesised by the compiler), so every stored property counts and
/// there is no fingerprint to write or to get wrong.
///
/// ```swift
/// struct Pinger: SystemProcess {
///   func start(_ context: inout Context<Pinger>) -> Int {
///     if context.id == 0 { context.send(.ping, to: 1) }
///     return 0
///   }
///   func receive(_ message: Message, from sender: Int, in state: inout Int, _ context: inout Context<Pinger>) {
///     state += 1
///   }
///   enum Message: Int, Hashable, Comparable, Sendable {
///     case ping
///     static func < (a: Message, b: Message) -> Bool { a.rawValue < b.rawValue }
///   }
/// }
/// ```
public protocol SystemProcess: Sendable {
  /// What the process remembers; lost in a crash unless written to stable storage.
  associatedtype LocalState: Hashable & Sendable
  /// What the process sends to others.
  associatedtype Message: Hashable & Sendable & Comparable
  /// The timers it sets; a set timer may fire at any later point.
  associatedtype Timer: Hashable & Sendable & Comparable = Nothing
  /// What it writes to stable storage, the only thing that survives a crash.
  associatedtype Stable: Hashable & Sendable = Nothing
  /// Spontaneous local choices (a client invoking an operation, a participant voting).
  associatedtype Choice: Hashable & Sendable = Nothing
  /// The values it decides, delivers, broadcasts or uses in client operations.
  associatedtype Value: Hashable & Sendable & Fingerprintable & Comparable = Int

  /// The process's first local state; effects recorded here happen in the initial state.
  func start(_ context: inout Context<Self>) -> LocalState

  /// Handles `message` from `sender`.
  func receive(
    _ message: Message, from sender: Int, in state: inout LocalState, _ context: inout Context<Self>)

  /// The spontaneous choices open to the process in `state`, in a fixed order.
  func choices(in state: LocalState, _ context: Context<Self>) -> [Choice]

  /// Takes one of its own choices.
  func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>)

  /// Handles a timer that fired; the timer is no longer set.
  func fire(_ timer: Timer, in state: inout LocalState, _ context: inout Context<Self>)

  /// Handles a change in what the failure detector suspects (`context.suspected`).
  func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>)

  /// The local state after recovering from a crash, from stable storage alone.
  func recover(_ context: inout Context<Self>) -> LocalState

  /// Events a step made observable that no handler knows, read off the states before and
  /// after: a fact of the whole system (a value becoming chosen in Paxos, once a majority
  /// accepted it), or an event that stands or falls with one send, which a crash in mid-step may
  /// cut off. They join the step's events in diagrams and traces. An event a handler knows of
  /// is recorded with `Context.record(_:)` instead. None by default.
  static func traceEvents(from before: SystemState<Self>, to after: SystemState<Self>) -> [StepEvent]

  /// `state` with every process number in it renamed; symmetry reduction needs it for any
  /// local state that mentions processes.
  func permute(state: LocalState, by permutation: ProcessPermutation) -> LocalState
  /// `message` with every process number in it renamed.
  func permute(message: Message, by permutation: ProcessPermutation) -> Message
  /// `value` with every process number in it renamed.
  func permute(value: Value, by permutation: ProcessPermutation) -> Value
  /// `stable` with every process number in it renamed.
  func permute(stable: Stable, by permutation: ProcessPermutation) -> Stable

  /// The process's name in counterexamples.
  func name(of process: Int) -> String

  /// What bound of the model (a last round, a last ballot) stops a process in `state` from going
  /// on as the protocol would, or nil (the default). A liveness property that a behaviour
  /// leaves unmet until some live process reaches such a state is reported as not determined,
  /// never as violated (`Model.bound(reachedIn:)`).
  func bound(reachedIn state: LocalState) -> String?
}

extension SystemProcess {
  /// No spontaneous choices.
  public func choices(in state: LocalState, _ context: Context<Self>) -> [Choice] { [] }
  /// Ignores choices.
  public func take(_ choice: Choice, in state: inout LocalState, _ context: inout Context<Self>) {}
  /// Ignores timers.
  public func fire(_ timer: Timer, in state: inout LocalState, _ context: inout Context<Self>) {}
  /// Ignores the failure detector.
  public func suspicionsChanged(in state: inout LocalState, _ context: inout Context<Self>) {}
  /// Restarts as if new: a process that stores nothing remembers nothing.
  public func recover(_ context: inout Context<Self>) -> LocalState { start(&context) }

  /// No events beyond the outputs.
  public static func traceEvents(from before: SystemState<Self>, to after: SystemState<Self>) -> [StepEvent] {
    []
  }
  /// Leaves the state unchanged: right for states that name no process.
  public func permute(state: LocalState, by permutation: ProcessPermutation) -> LocalState { state }
  /// Leaves the message unchanged: right for messages that name no process.
  public func permute(message: Message, by permutation: ProcessPermutation) -> Message { message }
  /// Leaves the value unchanged: right for values that name no process.
  public func permute(value: Value, by permutation: ProcessPermutation) -> Value { value }
  /// Leaves stable storage unchanged: right for storage that names no process.
  public func permute(stable: Stable, by permutation: ProcessPermutation) -> Stable { stable }
  /// `p0`, `p1`, ...
  public func name(of process: Int) -> String { "p\(process)" }

  /// No bound.
  @inlinable public func bound(reachedIn state: LocalState) -> String? { nil }
}
