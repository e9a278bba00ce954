/// Total-order multicast's grid (issue #13): CGR algorithm 6.1 over lazy reliable broadcast and
/// hierarchical uniform consensus, with a perfect failure detector.
extension ParameterGridTests {
  /// Points of 3 and 4 processes past a few seconds in release (sizes from one run, 2 cores):
  /// 3 processes with 3 commands and a crash (over 9 million states at 60 s), 2 crashes and 2
  /// commands (1,792,474 states, 25 s), 4 processes with a crash and 2 commands (over 27
  /// million at 60 s) or 2 to 3 crashes (4,853,184 and 5,949,361 states, 29 s and 45 s).
  static let totalOrderMulticastSlowPoints: [[String: String]] =
    [
      ["processes": "3", "crashes": "1", "commands": "3"],
      ["processes": "3", "crashes": "2", "commands": "2"],
      ["processes": "3", "crashes": "2", "commands": "3"],
    ]
    + ["2", "3"].flatMap { crashes in
      ["1", "2", "3", "4"].map { ["processes": "4", "crashes": crashes, "commands": $0] }
    }
    + ["2", "3", "4"].flatMap { commands in
      ["1"].map { ["processes": "4", "crashes": $0, "commands": commands] }
    }
    + [
      ["processes": "4", "crashes": "0", "commands": "3"],
      ["processes": "4", "crashes": "0", "commands": "4"],
    ]

  /// Every variant over processes, crashes and commands; `totalOrderMulticastRule` says what
  /// each point gives.
  static let totalOrderMulticastGrids: [Grid] = [
    "consensus", "deliver-on-receipt", "non-uniform-consensus", "ignores-suspicions",
  ].map { variant in
    Grid(
      model: "total-order-multicast", variant: variant,
      axes: [
        "processes": ["1", "2", "3", "4"], "crashes": ["0", "1", "2", "3"], "commands": ["1", "2", "3", "4"],
      ],
      rule: totalOrderMulticastRule(variant),
      skip: totalOrderMulticastSlowPoints
        + ["1", "2", "3"].flatMap { crashes in
          ["1", "2", "3", "4"].map { ["processes": "1", "crashes": crashes, "commands": $0] }
        }
        // Refused points are cheap; one per reason is enough beyond 2 processes.
        + ["2", "3"].flatMap { crashes in
          ["3", "4"].map { ["processes": "2", "crashes": crashes, "commands": $0] }
        })
  }

  /// The correct protocol under ◇P, whose false suspicions break its assumption: the algorithm
  /// leaves suspected processes out of its sends (harmless under P, where they have crashed), so
  /// with one false suspicion p0 can suspect p1, multicast without it, decide and deliver with the
  /// others' acknowledgements, and never send p1 anything: p1, up, never delivers p0's command.
  static let totalOrderMulticastUnderEventuallyPerfect = Grid(
    model: "total-order-multicast", variant: "consensus",
    axes: [
      "processes": ["2", "3"], "crashes": ["0", "1"], "commands": ["1", "2"], "false-suspicions": ["1", "2"],
    ],
    rule: { point in point["commands"] > point["processes"] ? .refused : .violated },
    // 3 processes with 2 commands: 3 to 5 million states, 5 to 12 s; violated each time it was run.
    skip: ["0", "1"].flatMap { crashes in
      ["1", "2"].map { ["processes": "3", "crashes": crashes, "commands": "2", "false-suspicions": $0] }
    })

  /// What a point gives. Processes must be 2 or more, crashes fewer than processes, commands at
  /// most processes (one per multicaster); anything else is refused.
  /// - `consensus` holds everywhere: uniform consensus with a perfect detector tolerates any
  ///   number of crashes below the processes, and lazy reliable broadcast brings every command
  ///   some process holds to every correct process (CGR 6.1's correctness argument).
  /// - `deliver-on-receipt` orders nothing: two commands can be delivered in opposite orders,
  ///   and one crash in mid-multicast leaves a command that only its crashed multicaster
  ///   delivered. With one command and no crash it holds.
  /// - `non-uniform-consensus` needs a crash (a leader that decides alone, delivers and crashes
  ///   before telling anyone) and two commands: with one, every decision is that command, and
  ///   it reaches every correct process, because its multicaster finished sending it before it
  ///   could lead.
  /// - `ignores-suspicions` blocks as soon as one process can crash: the crashed process's
  ///   round never ends, and something delivered or multicast by a correct process is never
  ///   delivered by the others.
  static func totalOrderMulticastRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      let processes = point["processes"]
      let crashes = point["crashes"]
      let commands = point["commands"]
      guard processes >= 2, crashes < processes, commands <= processes else { return .refused }
      switch variant {
      case "deliver-on-receipt": return commands >= 2 || crashes >= 1 ? .violated : .holds
      case "non-uniform-consensus": return commands >= 2 && crashes >= 1 ? .violated : .holds
      case "ignores-suspicions": return crashes >= 1 ? .violated : .holds
      default: return .holds
      }
    }
  }
}

/// View-synchronous multicast's grid (issue #13): a flush, then uniform consensus on the next
/// view, under crashes with a perfect failure detector.
extension ParameterGridTests {
  /// Every variant over processes, crashes and commands. Left out as slow (one run, 2 cores):
  /// 4 processes with 1 crash and 3 commands, or 2 to 3 crashes and 2 or more commands (each
  /// over 10 million states at 20 s), and 3 crashes with 1 command (over 4 million at 9 s).
  static let viewSynchronousMulticastGrids: [Grid] = ["flush", "no-flush", "deliver-after-report"].map {
    variant in
    Grid(
      model: "view-synchronous-multicast", variant: variant,
      axes: [
        "processes": ["1", "2", "3", "4"], "crashes": ["0", "1", "2", "3"], "commands": ["1", "2", "3"],
      ],
      rule: viewSynchronousMulticastRule(variant),
      skip: [
        ["processes": "4", "crashes": "1", "commands": "3"],
        ["processes": "4", "crashes": "2", "commands": "2"],
        ["processes": "4", "crashes": "2", "commands": "3"],
        ["processes": "4", "crashes": "3", "commands": "1"],
        ["processes": "4", "crashes": "3", "commands": "2"],
        ["processes": "4", "crashes": "3", "commands": "3"],
      ]
        + ["1", "2", "3"].flatMap { crashes in
          ["1", "2", "3"].map { ["processes": "1", "crashes": crashes, "commands": $0] }
        })
  }

  /// What a point gives. Processes must be 2 or more, crashes fewer than processes, commands at
  /// most processes; anything else is refused.
  /// - `flush` holds everywhere: the flush and the uniform consensus on the next view and the
  ///   union of the reports give every process that installs a view the same deliveries in the
  ///   view before (CGR §6.8).
  /// - `no-flush` and `deliver-after-report` need a view change with two survivors: 3 processes
  ///   and a crash. p0, the first multicaster, crashes in mid-multicast having reached p1 alone
  ///   (or, without a flush, any survivor multicasts before another's view change), and the
  ///   survivors leave view 0 having delivered different messages. With 2 processes a view
  ///   change leaves one survivor, and without a crash no view changes.
  static func viewSynchronousMulticastRule(_ variant: String) -> @Sendable (Point) -> Expected {
    { point in
      let processes = point["processes"]
      let crashes = point["crashes"]
      guard processes >= 2, crashes < processes, point["commands"] <= processes else { return .refused }
      return variant == "flush" || processes < 3 || crashes == 0 ? .holds : .violated
    }
  }
}
