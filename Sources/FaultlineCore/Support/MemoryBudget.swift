import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's memory budget: past it, checks stop as incomplete, with their statistics,
/// instead of being killed by the kernel. Polled by the explorer and by the consistency searches.
public enum MemoryBudget {
  private static let limit = Atomic<Int>(0)
  private static let lastRead = Atomic<UInt64>(0)
  private static let lastResident = Atomic<Int>(0)
  private static let tripped = Atomic<Bool>(false)

  /// The budget in bytes; nil (the library's default) for none. The command line sets it from
  /// `--memory-limit`, by default to three quarters of physical memory.
  public static var limitBytes: Int? {
    get {
      let value = limit.load(ordering: .relaxed)
      return value > 0 ? value : nil
    }
    set { limit.store(max(0, newValue ?? 0), ordering: .relaxed) }
  }

  /// Whether the process's resident memory is over the budget. The figure is read from the
  /// system at most every 10 ms, so this is cheap enough to call once per state.
  public static func exceeded() -> Bool {
    let budget = limit.load(ordering: .relaxed)
    guard budget > 0 else { return false }
    if tripped.load(ordering: .relaxed) { return true }
    let now = DispatchTime.now().uptimeNanoseconds
    var resident = lastResident.load(ordering: .relaxed)
    if now &- lastRead.load(ordering: .relaxed) > 10_000_000 {
      lastRead.store(now, ordering: .relaxed)
      resident = ResourceUsage.residentBytes() ?? 0
      lastResident.store(resident, ordering: .relaxed)
    }
    if resident > budget {
      tripped.store(true, ordering: .relaxed)
      return true
    }
    return false
  }

  /// Why a search stopped for memory, for reports.
  public static var reason: String {
    "reached the memory limit of \(describe(limitBytes ?? 0)) (--memory-limit)"
  }

  /// A size in people's units: `512 MiB`, `3.0 GiB`.
  public static func describe(_ bytes: Int) -> String {
    bytes >= 1 << 30
      ? String(Double(bytes * 10 / (1 << 30)) / 10) + " GiB" : String(bytes >> 20) + " MiB"
  }

  /// Reads a size: a number of bytes with an optional K, M, G or T suffix (powers of 1024), or
  /// a percentage of physical memory (`75%`); nil if it is not one.
  public static func parse(_ text: String) -> Int? {
    if text.hasSuffix("%") {
      guard let percent = Double(text.dropLast()), percent > 0, percent <= 100,
        let physical = ResourceUsage.physicalBytes
      else { return nil }
      return Int(Double(physical) * percent / 100)
    }
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
    var digits = Substring(text)
    var unit = 1
    if let last = text.last?.uppercased().first, let scale = units[last] {
      unit = scale
      digits = digits.dropLast()
    }
    guard let number = Double(digits), number > 0, number * Double(unit) < 1.0e18 else { return nil }
    return Int(number * Double(unit))
  }
}
