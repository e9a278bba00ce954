// libFuzzer target: `faultline verify` end to end on small inputs: format detection, decoding and
// the checks a decoded trace calls for, as TraceVerifier runs them (Tests/Fuzz/fuzz.sh).
import FaultlineConsistency
import FaultlineTrace

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // Larger inputs are the decoders' business; here the searches must stay quick.
  guard size <= 4096 else { return -1 }
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // The first byte chooses the consistency model, so both searches are fuzzed.
  var options = VerifyOptions(timeLimit: 1)
  if let first = bytes.first, first == 0x01 {
    options.consistency = .sequential
    bytes.removeFirst()
  }
  guard let trace = try? TraceDecoder.decode(bytes: bytes, file: "fuzz") else { return 0 }
  _ = try? TraceVerifier.verify(trace, file: "fuzz", options: options)
  options.independent = true
  _ = try? TraceVerifier.verify(trace, file: "fuzz", options: options)
  return 0
}
