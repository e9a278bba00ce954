import FaultlineConsistency
import FaultlineCore
import FaultlineTrace

// libFuzzer target: `faultline verify` end to end on small inputs: format detection, decoding and
// the checks a decoded trace calls for, as TraceVerifier runs them (Tests/Fuzz/fuzz.sh).
//
// An input that starts with byte 0x01 has an options byte next: bit 0 sequential consistency,
// bit 1 the streaming verifier (through a file, as `--stream` reads it), bit 2 independent keys,
// bits 3-5 the spec (0 from the trace, 1... SpecKind.allCases), bit 6 initial value 0.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // Larger inputs are the decoders' business; here the searches must stay quick.
  guard size <= 4096 else { return -1 }
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var options = VerifyOptions(timeLimit: 1)
  var streaming = false
  if bytes.count >= 2, bytes[0] == 0x01 {
    let flags = bytes[1]
    bytes.removeFirst(2)
    if flags & 1 != 0 { options.consistency = .sequential }
    streaming = flags & 2 != 0
    options.independent = flags & 4 != 0
    let spec = Int(flags >> 3) & 7
    if spec >= 1 && spec <= SpecKind.allCases.count { options.spec = SpecKind.allCases[spec - 1] }
    if flags & 64 != 0 { options.initial = .int(0) }
  }
  if streaming {
    options.streaming = true
    let path = "/tmp/faultline-fuzz-verify-\(getpid()).jsonl"
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return 0 }
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    _ = try? TraceVerifier.verify(path: path, options: options)
    return 0
  }
  guard let trace = try? TraceDecoder.decode(bytes: bytes, file: "fuzz") else { return 0 }
  _ = try? TraceVerifier.verify(trace, file: "fuzz", options: options)
  return 0
}
