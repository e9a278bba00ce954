/// Turns time limits in seconds into points on a nanosecond clock, saturating instead of trapping.
public enum Deadline {
  /// The clock reading `seconds` after `start` (both in nanoseconds); a limit too large for the
  /// clock, infinite or not a number means no deadline, `UInt64.max`.
  public static func nanoseconds(after seconds: Double, from start: UInt64) -> UInt64 {
    let nanoseconds = max(0, seconds) * 1e9
    guard nanoseconds < 1.8e19 else { return .max }
    let (sum, overflow) = start.addingReportingOverflow(UInt64(nanoseconds))
    return overflow ? .max : sum
  }
}
