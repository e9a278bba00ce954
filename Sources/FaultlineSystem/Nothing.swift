import FaultlineConsistency
import FaultlineCore

/// The type of a process feature it does not use (no timers, no stable storage, no choices).
public enum Nothing: Hashable, Sendable, Comparable, Fingerprintable {
  /// Never called: there is no value to feed.
  public func fingerprint(into f: inout Fingerprinter) {}
}
