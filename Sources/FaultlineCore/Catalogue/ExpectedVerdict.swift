/// The verdict a catalogue variant is written to get: the correct protocol holds, a deliberately
/// broken one is violated.
public enum ExpectedVerdict: String, Sendable, CaseIterable {
  /// Every property holds.
  case holds
  /// Some property is violated.
  case violated
}
