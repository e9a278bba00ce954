import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

/// A decoded trace file: its client history and protocol events.
public struct Trace: Sendable, Equatable {
  /// The format it was read as.
  public var format: TraceFormat
  /// The number of events (lines or forms) read, including ignored ones such as nemesis events.
  public var events: Int
  /// The client operations.
  public var history: History
  /// The protocol events, in file order.
  public var protocolEvents: [ProtocolEvent]
  /// The object the trace declares its operations act on (an `object` line), if it does.
  public var declaredSpec: SpecKind? = nil
  /// The object's initial value as the trace declares it, if it does.
  public var declaredInitial: TraceValue? = nil
  /// The consistency condition the trace declares its operations promise, if it does.
  public var declaredConsistency: Consistency? = nil
  /// The transactional model the trace declares its transactions promise, if it does.
  public var declaredIsolation: IsolationLevel? = nil

  /// Creates a trace.
  public init(format: TraceFormat, events: Int, history: History, protocolEvents: [ProtocolEvent] = []) {
    self.format = format
    self.events = events
    self.history = history
    self.protocolEvents = protocolEvents
  }
}
