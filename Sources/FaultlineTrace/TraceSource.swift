import FaultlineConsistency
import FaultlineCore
import FaultlineSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading stopped before the end of the file: the time limit passed or the run was cancelled.
/// What was read is no history, so nothing is judged on it: the verdict is incomplete.
struct ReadingStopped: Error {
  /// Why, for the incomplete verdict.
  var reason: String
  /// The bytes read so far, for detecting the format the result names.
  var start: [UInt8] = []

  /// Throws when `stop` is reached; `phase` says what was being done ("reading", "decoding").
  static func check(_ stop: StopCondition, _ phase: String) throws {
    if stop.reached() { throw ReadingStopped(reason: stop.reason + " while \(phase) the file") }
  }
}

/// A trace file read once, in chunks, under a verify run's limits: every chunk polls the time
/// limit and cancellation (so that `/dev/zero` or an endless pipe cannot hold the run), and no
/// line may be longer than `VerifyOptions.maxLineBytes` (so that memory cannot grow without a
/// newline in sight).
///
/// A regular file is read from disk and may be read again from its start. Anything else (a pipe,
/// `/dev/stdin`, a device) cannot be read twice, so it is read whole when opened and then served
/// from memory: choosing between the streaming and the whole-file check must not lose its start.
final class TraceSource {
  let path: String
  /// The file's size on disk; for input that is not a regular file, the bytes read.
  private(set) var size: Int
  /// Whether the file is a regular file, read from disk.
  let isRegular: Bool
  private var descriptor: Int32 = -1
  private var memory: [UInt8] = []
  private var memoryServed = false
  private let stop: StopCondition
  private let maxLineBytes: Int
  private var chunk: [UInt8]
  /// The lines ended so far, and the length of the line not yet ended.
  private var lines = 0
  private var openLine = 0
  /// The first bytes read, kept to name the format when reading stops.
  private var head: [UInt8] = []

  init(path: String, stop: StopCondition, maxLineBytes: Int, chunkSize: Int = 1 << 20)
    throws
  {
    self.path = path
    self.stop = stop
    self.maxLineBytes = max(1, maxLineBytes)
    chunk = [UInt8](repeating: 0, count: chunkSize)
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
      throw FaultlineError.unreadableFile(path: path, reason: reason)
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let reason = String(cString: strerror(errno))
      _ = Self.closeDescriptor(descriptor)
      throw FaultlineError.unreadableFile(path: path, reason: reason)
    }
    let kind = status.st_mode & S_IFMT
    if kind == S_IFDIR {
      _ = Self.closeDescriptor(descriptor)
      throw FaultlineError.unreadableFile(path: path, reason: "it is a directory")
    }
    self.descriptor = descriptor
    isRegular = kind == S_IFREG
    // Not blocking, so that a pipe with nothing to say cannot hold the run past its time limit.
    if !isRegular { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
    size = max(0, Int(status.st_size))
    if !isRegular {
      var bytes: [UInt8] = []
      do {
        while try readFromFile(appendingTo: &bytes) {}
      } catch {
        close()
        throw error
      }
      close()
      memory = bytes
      size = bytes.count
    }
  }

  deinit { close() }

  private func close() {
    if descriptor >= 0 { _ = Self.closeDescriptor(descriptor) }
    descriptor = -1
  }

  private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(descriptor)
    #else
      Darwin.close(descriptor)
    #endif
  }

  /// Appends the next chunk to `bytes`; false at the end of the file.
  func read(appendingTo bytes: inout [UInt8]) throws -> Bool {
    guard isRegular else {
      if !memoryServed { bytes.append(contentsOf: memory) }
      memoryServed = true
      return false
    }
    return try readFromFile(appendingTo: &bytes)
  }

  /// Every byte from the start.
  func readAll() throws -> [UInt8] {
    try rewind()
    if !isRegular { return memory }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size)
    while try readFromFile(appendingTo: &bytes) {}
    return bytes
  }

  /// Starts again from the first byte.
  func rewind() throws {
    memoryServed = false
    guard isRegular, descriptor >= 0 else { return }
    guard lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw FaultlineError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    lines = 0
    openLine = 0
  }

  /// Reads up to a chunk: false at the end of the file. Waits for a pipe at most a tenth of a
  /// second at a time, polling the limits in between.
  private func readFromFile(appendingTo bytes: inout [UInt8]) throws -> Bool {
    guard descriptor >= 0 else { return false }
    while true {
      try checkStop()
      let count = chunk.withUnsafeMutableBytes { buffer in
        #if canImport(Glibc)
          Glibc.read(descriptor, buffer.baseAddress, buffer.count)
        #else
          Darwin.read(descriptor, buffer.baseAddress, buffer.count)
        #endif
      }
      if count > 0 {
        if head.count < 4096 { head.append(contentsOf: chunk[0..<min(count, 4096 - head.count)]) }
        try account(count)
        bytes.append(contentsOf: chunk[0..<count])
        return true
      }
      if count == 0 { return false }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&waiting, 1, 100)
      default:
        throw FaultlineError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
      }
    }
  }

  private func checkStop() throws {
    guard stop.reached() else { return }
    throw ReadingStopped(reason: stop.reason + " while reading the file", start: head)
  }

  /// Counts the lines of the chunk's first `count` bytes; a line longer than the limit is an error.
  private func account(_ count: Int) throws {
    try chunk.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < count {
        guard let found = memchr(base + offset, 0x0A, count - offset) else {
          openLine += count - offset
          break
        }
        let newline = base.distance(to: UnsafeRawPointer(found))
        openLine += newline - offset
        try checkLine()
        lines += 1
        openLine = 0
        offset = newline + 1
      }
      try checkLine()
    }
  }

  private func checkLine() throws {
    guard openLine > maxLineBytes else { return }
    throw FaultlineError.malformedInput(
      file: path, line: lines + 1, column: 1,
      expected: "a line of at most \(TraceSource.describe(bytes: maxLineBytes))",
      found: "a longer line")
  }

  /// "64 MiB" for 64 << 20; bytes otherwise.
  static func describe(bytes: Int) -> String {
    bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
  }
}
