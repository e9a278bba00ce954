import Faultline
import Testing

@Suite struct CrashableTests {
  /// `Faults(crashable:)` keeps crashes, including crashes in mid-send, to the listed processes.
  @Test(arguments: [false, true])
  func onlyCrashableProcessesCrash(crashDuringSends: Bool) throws {
    let system = try System(
      processes: Array(repeating: Relay(), count: 3), network: .unordered,
      faults: Faults(
        crashes: 2, crashDuringSends: crashDuringSends, recovery: true, crashable: ProcessSet([1, 2])),
      properties: [
        .always("p0 never crashes") { !$0.crashed.contains(0) },
        .sometimes("p1 and p2 both crash") { $0.crashed == ProcessSet([1, 2]) },
      ])
    let exploration = try Explorer(system).run()
    #expect(exploration.verdict == .holds)
    #expect(!system.faults.mayCrash(0) && system.faults.mayCrash(2))
    #expect(Faults(crashes: 1).mayCrash(0))
  }
}
