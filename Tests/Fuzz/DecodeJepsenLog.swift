// libFuzzer target: the Jepsen log decoder on arbitrary bytes (Tests/Fuzz/fuzz.sh, docs/fuzzing.md).
import FaultlineTrace

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // A malformed trace is an error, never a crash, a hang or unbounded memory.
  _ = try? TraceDecoder.decode(bytes: bytes, file: "fuzz", format: .jepsenLog)
  return 0
}
