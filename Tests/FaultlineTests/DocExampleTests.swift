import Faultline
import Testing

// The example of docs/model-api.md, verbatim: keep the two in step.

/// Two processes guard a critical section with a flag they test, then set, in two steps.
struct FlagLock: Model {
  enum Phase: Int, Sendable, Fingerprintable { case idle, sawFree, critical }

  struct State: Hashable, Sendable, Fingerprintable {
    var phase: [Phase] = [.idle, .idle]
    var locked = false

    func fingerprint(into f: inout Fingerprinter) {
      f.combine(phase)
      f.combine(locked)
    }
  }

  enum Action: Sendable {
    case test(Int), set(Int), release(Int)
  }

  var initialStates: [State] { [State()] }

  func actions(from state: State, into actions: inout [Action]) {
    for p in 0..<2 {
      switch state.phase[p] {
      case .idle: if !state.locked { actions.append(.test(p)) }
      case .sawFree: actions.append(.set(p))
      case .critical: actions.append(.release(p))
      }
    }
  }

  func successor(of state: State, via action: Action) -> State? {
    var next = state
    switch action {
    case .test(let p): next.phase[p] = .sawFree
    case .set(let p):
      next.phase[p] = .critical
      next.locked = true
    case .release(let p):
      next.phase[p] = .idle
      next.locked = false
    }
    return next
  }

  var properties: [Property<State>] {
    [
      .always("mutual exclusion") { $0.phase.filter { $0 == .critical }.count <= 1 },
      .sometimes("someone enters") { $0.phase.contains(.critical) },
    ]
  }

  func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .test(let p): ActionDescription(process: "p\(p)", action: "sees the lock free")
    case .set(let p): ActionDescription(process: "p\(p)", action: "sets the lock and enters")
    case .release(let p): ActionDescription(process: "p\(p)", action: "releases the lock")
    }
  }
}

@Suite struct DocExampleTests {
  /// Each process needs two steps (test, then set) to enter, so the shortest way to have both
  /// inside is four steps: both test before either sets.
  @Test func flagLockBreaksMutualExclusionInFourSteps() throws {
    let result = try Explorer(FlagLock()).run()
    let violation = try #require(result.verdict.violations.first)
    #expect(violation.property == "mutual exclusion")
    #expect(violation.steps.count == 4)
    #expect(violation.steps.prefix(2).allSatisfy { $0.action == "sees the lock free" })
  }
}

@Suite struct ModelCheckTests {
  @Test func checkThrowsTheReadableCounterexample() {
    do {
      try FlagLock().check("flag lock")
      Issue.record("the flag lock is not safe; check() should have thrown")
    } catch let failure as CheckFailure {
      let text = failure.description
      #expect(text.contains("violated: mutual exclusion"))
      #expect(text.contains("1. p0: sees the lock free"))
      #expect(text.contains("4. p1: sets the lock and enters"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func checkReturnsWhenEverythingHolds() throws {
    let exploration = try Counter(limit: 4).check()
    #expect(exploration.statistics.distinctStates == 5)
  }

  @Test func anIncompleteCheckIsAFailureToo() {
    #expect(throws: CheckFailure.self) { try Unbounded().check(options: ExplorerOptions(maxStates: 10)) }
  }
}
