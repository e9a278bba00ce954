#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the process's memory figures from the operating system.
public enum ResourceUsage {
  /// The peak resident set size of this process in bytes (Linux `VmHWM`), or nil elsewhere.
  public static func peakResidentBytes() -> Int? {
    #if os(Linux)
      guard let file = fopen("/proc/self/status", "r") else { return nil }
      defer { fclose(file) }
      var buffer = [CChar](repeating: 0, count: 256)
      while fgets(&buffer, Int32(buffer.count), file) != nil {
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard line.hasPrefix("VmHWM:") else { continue }
        let digits = line.dropFirst(6).filter(\.isNumber)
        return Int(digits).map { $0 * 1024 }
      }
      return nil
    #elseif canImport(Darwin)
      // On Darwin `ru_maxrss` is in bytes (on Linux it would be kilobytes).
      var usage = rusage()
      guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
      return Int(usage.ru_maxrss)
    #else
      return nil
    #endif
  }

  /// The number of processor cores available, for the default number of workers.
  public static var cores: Int {
    #if os(Linux)
      return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #elseif canImport(Darwin)
      return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
    #else
      return 1
    #endif
  }
}
