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

  /// The resident set size of this process now, in bytes (Linux `/proc/self/statm`), or nil.
  public static func residentBytes() -> Int? {
    #if os(Linux)
      guard let file = fopen("/proc/self/statm", "r") else { return nil }
      defer { fclose(file) }
      var size = 0
      var resident = 0
      guard readTwoIntegers(file, &size, &resident) else { return nil }
      return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    #elseif canImport(Darwin)
      return peakResidentBytes()
    #else
      return nil
    #endif
  }

  /// The machine's physical memory in bytes, or nil where the system does not say.
  public static var physicalBytes: Int? {
    #if os(Linux)
      let pages = sysconf(Int32(_SC_PHYS_PAGES))
      let size = sysconf(Int32(_SC_PAGESIZE))
      return pages > 0 && size > 0 ? pages * size : nil
    #elseif canImport(Darwin)
      let pages = sysconf(_SC_PHYS_PAGES)
      let size = sysconf(_SC_PAGESIZE)
      return pages > 0 && size > 0 ? pages * size : nil
    #else
      return nil
    #endif
  }

  #if os(Linux)
    /// Reads the first two integers of a `statm` line.
    private static func readTwoIntegers(_ file: UnsafeMutablePointer<FILE>, _ a: inout Int, _ b: inout Int)
      -> Bool
    {
      var buffer = [CChar](repeating: 0, count: 128)
      guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let fields = line.split(separator: " ").compactMap { Int($0.filter(\.isNumber)) }
      guard fields.count >= 2 else { return false }
      a = fields[0]
      b = fields[1]
      return true
    }
  #endif
}
