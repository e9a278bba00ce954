import Faultline
import FaultlineModels
import Testing

/// Issue #13: primary-backup under an eventually perfect detector (◇P, `--false-suspicions K`).
/// The protocol assumes a perfect detector (Budhiraja et al.; Guerraoui and Rodrigues): a
/// replica that suspects the primary moves to a view of its own, and nothing tells the
/// suspected primary, which still believes it leads. The two classic failures follow, each in
/// its shortest behaviour, argued step by step:
///
/// - **Split brain, 8 steps** (2 replicas, 2 clients, 2 false suspicions): c0 invokes its write
///   (1); p1 suspects p0 and installs view 1, with no backup to flush from (2); c0 suspects p0
///   and resends to p1 (3); p1 commits at once, no backup to wait for, and replies (4); c0 gets
///   ok (5); c1, which trusts p0, invokes its read (6); p0 answers from its value, 0 (7); c1
///   gets 0 (8). The read starts after the write's ok and returns the old value. Each step is
///   needed: the write completes only at a primary outside p0's view, which takes both
///   suspicions, and the read must follow it and be answered by p0.
/// - **A primary waiting forever, 5 steps** (2 replicas, 1 client, 1 false suspicion): c0
///   invokes (1); p0 takes the write and sends the update to p1 (2); p1 suspects p0 and
///   installs view 1 (3); p1 drops the old view's update (4); p1 trusts p0 again (5), which ◇P's
///   eventual accuracy makes happen in every fair behaviour. p0 waits for an acknowledgement
///   that never comes, and c0 for its reply: no fair step is left.
/// - With one replica there is no other view to move to: a client that suspects the replica
///   waits, resends once it trusts it again, and every property holds.
@Suite struct PrimaryBackupSuspicionTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var replicas: Int
    var clients: Int
    var falseSuspicions: Int
    /// The property violated, or nil if every property holds.
    var property: String?
    var steps: Int
    var testDescription: String {
      "\(replicas) replicas, \(clients) clients, \(falseSuspicions) false suspicions"
    }
  }

  @Test(arguments: [
    Case(replicas: 2, clients: 2, falseSuspicions: 2, property: "linearizability", steps: 8),
    Case(
      replicas: 2, clients: 1, falseSuspicions: 1, property: "every client eventually gets its reply",
      steps: 5),
    Case(replicas: 1, clients: 2, falseSuspicions: 2, property: nil, steps: 0),
  ])
  func falseSuspicionsBreakWhatAPerfectDetectorKeeps(_ c: Case) throws {
    let model = try PrimaryBackup.make(
      replicas: c.replicas, clients: c.clients, crashes: 0,
      detector: .eventuallyPerfect(falseSuspicions: c.falseSuspicions),
      variant: .correct)
    let exploration = try Explorer(model).run()
    guard let property = c.property else {
      #expect(exploration.verdict == .holds)
      return
    }
    let violation = try #require(exploration.verdict.violations.first)
    #expect(violation.property == property)
    let path = try #require(exploration.counterexamples[property])
    #expect(path.steps.count == c.steps)
  }
}
