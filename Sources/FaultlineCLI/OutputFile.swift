import Faultline

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file a run writes (`--diagram`, `--junit`, `--trace-out`), prepared before the work starts
/// so that a path that cannot be written fails at once, before an hour of search, and written
/// all at once at the end:
/// - a regular file (or a new one) is written to a hidden temporary file in the same folder and
///   renamed over the path, so that a reader never sees half a file and a failed write leaves
///   the old one;
/// - a path that is not a regular file (`/dev/stdout`, `/dev/full`, a pipe) is opened when
///   prepared and written in place;
/// - a path that is one of the run's inputs, or another output of the run, is refused;
/// - every write error, including at close, is reported.
final class OutputFile {
  /// The option that named the file, for messages.
  let option: String
  /// The path as given.
  let path: String
  /// Where the file ends up: the path given, with symbolic links resolved for an existing file.
  private let target: String
  /// The temporary file renamed over `target`; nil when writing in place.
  private var temporary: String?
  private var descriptor: Int32
  /// The device and inode of the target, when it exists.
  private let identity: (device: UInt64, inode: UInt64)?
  private var finished = false

  /// Opens the file for `option` at `path`; `inputs` are the files the run reads, which it must
  /// not write over, and `others` the outputs prepared before this one.
  init(option: String, path: String, inputs: [String], others: [OutputFile]) throws(FaultlineError) {
    self.option = option
    self.path = path
    guard !path.isEmpty else { throw .usage("\(option) needs a file name") }
    var status = stat()
    let exists = stat(path, &status) == 0
    let kind = status.st_mode & S_IFMT
    let identity = exists ? (device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) : nil
    self.identity = identity
    if exists && kind == S_IFDIR {
      throw .unwritableFile(path: path, reason: "it is a directory (\(option) needs a file name)")
    }
    for input in inputs {
      var inputStatus = stat()
      let sameFile =
        stat(input, &inputStatus) == 0 && UInt64(inputStatus.st_dev) == identity?.device
        && UInt64(inputStatus.st_ino) == identity?.inode
      if sameFile || input == path {
        throw .usage("\(option) \(path) would write over the input '\(input)'; name another file")
      }
    }
    for other in others where other.isSameFile(as: path, identity: identity) {
      throw .usage("\(other.option) and \(option) both name \(path); give each its own file")
    }
    if exists && kind != S_IFREG {
      // A device or a pipe: written in place; it cannot be renamed over.
      target = path
      let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
      guard descriptor >= 0 else { throw .unwritableFile(path: path, reason: Self.lastError()) }
      self.descriptor = descriptor
      return
    }
    let target = exists ? Self.resolved(path) : path
    self.target = target
    let slash = target.lastIndex(of: "/")
    let folder = slash.map { String(target[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    var template = Array("\(folder)/.\(name).faultline-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    self.descriptor = descriptor
    guard descriptor >= 0 else {
      throw .unwritableFile(path: path, reason: "cannot create a file in \(folder): " + Self.lastError())
    }
    temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // mkstemp makes the file private; give it the mode of the file it replaces, or a new file's.
    let mode = exists ? status.st_mode & 0o7777 : 0o666 & ~Self.umaskValue
    fchmod(descriptor, mode)
  }

  deinit { discard() }

  /// Writes `text` and puts the file in place.
  func commit(_ text: String) throws(FaultlineError) {
    guard !finished else { return }
    finished = true
    var failure = Output.write(to: descriptor, text)
    // A full disk or a quota may only say so when the data is flushed.
    if failure == nil, temporary != nil, fsync(descriptor) != 0 { failure = Self.lastError() }
    if close(descriptor) != 0 && failure == nil { failure = Self.lastError() }
    descriptor = -1
    if let temporary {
      if failure == nil && rename(temporary, target) != 0 { failure = Self.lastError() }
      if failure != nil { unlink(temporary) }
      self.temporary = nil
    }
    if let failure { throw .unwritableFile(path: path, reason: failure) }
  }

  /// Writes nothing: the temporary file is removed and the path left as it was.
  func discard() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    if let temporary { unlink(temporary) }
    temporary = nil
    finished = true
  }

  private func isSameFile(as other: String, identity otherIdentity: (device: UInt64, inode: UInt64)?) -> Bool
  {
    if other == path || other == target { return true }
    guard let identity, let otherIdentity else { return false }
    return identity == otherIdentity
  }

  private static func resolved(_ path: String) -> String {
    guard let pointer = realpath(path, nil) else { return path }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }

  private static var umaskValue: mode_t {
    let value = umask(0o022)
    umask(value)
    return value
  }
}
