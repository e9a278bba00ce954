import Faultline

/// Lamport, Shostak and Pease's oral-messages algorithm OM(1), from *The Byzantine Generals
/// Problem*, with exactly one traitor: the commander or any one lieutenant.
///
/// Idea: the commander sends its order to every lieutenant; each lieutenant tells every other
/// lieutenant which order it received; each lieutenant then decides the majority of the values
/// it has (the commander's and the others' reports), retreat on a tie.
///
/// Assumptions, the paper's oral messages: every message sent is delivered, the receiver knows
/// who sent it, and a missing message would be noticed (a silent traitor is the same as one that
/// sends retreat, the default, so the traitor always sends, any value it likes). Loyal generals
/// follow the algorithm; the traitor, fixed in the initial state, sends each message with an
/// arbitrary value, at any time. Values are attack and retreat. Messages are sent one at a time,
/// in any interleaving; a loyal lieutenant decides once it has every value it waits for.
///
/// What holds: with 4 or more generals, interactive consistency: IC1, all loyal lieutenants
/// decide the same; IC2, if the commander is loyal, they decide its order. What does not: with
/// 3 generals, one traitor is too many (n ≤ 3m): a traitorous lieutenant that misreports the
/// order ties a loyal lieutenant's vote, which breaks IC2 in three steps.
public struct ByzantineGenerals: Model {
  /// The algorithm as published, or a deliberately broken version.
  public enum Variant: String, Sendable, CaseIterable {
    /// OM(1).
    case correct
    /// Lieutenants obey the commander's message without comparing notes (OM(0)).
    case skipRelay = "skip-relay"
  }

  /// A message sent or a decision taken.
  public enum Action: Sendable, Equatable {
    /// The commander sends `value` to lieutenant `to`.
    case order(to: Int, value: Int)
    /// Lieutenant `from` tells lieutenant `to` that the commander said `value`.
    case relay(from: Int, to: Int, value: Int)
    /// A loyal lieutenant decides.
    case decide(Int)
  }

  /// The whole state in one word, laid out by `GeneralsFields`.
  public typealias State = PackedState

  /// Message and decision values; 0 means none yet.
  static let attack = 1, retreat = 2

  /// The fewest and most generals, commander included; the most is what fits in one word.
  public static let generalsRange = 3...5

  /// The number of generals, the commander included.
  public let generals: Int
  /// Which algorithm to run.
  public let variant: Variant
  let fields: GeneralsFields

  /// Creates the model; `generals` must be in 3...5.
  public init(generals: Int = 4, variant: Variant = .correct) throws(FaultlineError) {
    guard Self.generalsRange.contains(generals) else {
      throw .invalidParameter(
        name: "generals", value: String(generals),
        expected: "an integer from \(Self.generalsRange.lowerBound) to \(Self.generalsRange.upperBound)")
    }
    self.generals = generals
    self.variant = variant
    self.fields = GeneralsFields(generals: generals)
  }

  private var lieutenants: Int { generals - 1 }

  /// Every choice of traitor (0 the commander, i the lieutenant i) and of a loyal commander's order.
  public var initialStates: [State] {
    var states: [State] = []
    for traitor in 0..<generals {
      for order in traitor == 0 ? [0] : [Self.attack, Self.retreat] {
        var s = State()
        s[fields.traitor] = traitor
        s[fields.order] = order
        states.append(s)
      }
    }
    return states
  }

  public func actions(from s: State, into actions: inout [Action]) {
    let f = fields
    let traitor = s[f.traitor]
    for to in 0..<lieutenants where s[f.fromCommander, to] == 0 {
      if traitor == 0 {
        actions.append(.order(to: to, value: Self.attack))
        actions.append(.order(to: to, value: Self.retreat))
      } else {
        actions.append(.order(to: to, value: s[f.order]))
      }
    }
    if variant != .skipRelay {
      for from in 0..<lieutenants {
        let heard = s[f.fromCommander, from]
        let isTraitor = traitor == from + 1
        guard isTraitor || heard != 0 else { continue }
        for to in 0..<lieutenants where to != from && s[f.relayed, to * lieutenants + from] == 0 {
          if isTraitor {
            actions.append(.relay(from: from, to: to, value: Self.attack))
            actions.append(.relay(from: from, to: to, value: Self.retreat))
          } else {
            actions.append(.relay(from: from, to: to, value: heard))
          }
        }
      }
    }
    for l in 0..<lieutenants where traitor != l + 1 && s[f.decision, l] == 0 && decision(of: l, in: s) != nil
    {
      actions.append(.decide(l))
    }
  }

  /// What lieutenant `l` decides once it has every value it waits for, or nil before then:
  /// the majority of the commander's value and the others' reports, retreat on a tie.
  func decision(of l: Int, in s: State) -> Int? {
    let f = fields
    let direct = s[f.fromCommander, l]
    guard direct != 0 else { return nil }
    if variant == .skipRelay { return direct }
    var attacks = direct == Self.attack ? 1 : 0
    var retreats = direct == Self.retreat ? 1 : 0
    for from in 0..<lieutenants where from != l {
      switch s[f.relayed, l * lieutenants + from] {
      case Self.attack: attacks += 1
      case Self.retreat: retreats += 1
      default: return nil
      }
    }
    return attacks > retreats ? Self.attack : Self.retreat
  }

  public func successor(of state: State, via action: Action) -> State? {
    var s = state
    let f = fields
    switch action {
    case .order(let to, let value): s[f.fromCommander, to] = value
    case .relay(let from, let to, let value): s[f.relayed, to * lieutenants + from] = value
    case .decide(let l):
      guard let value = decision(of: l, in: s) else { return nil }
      s[f.decision, l] = value
    }
    return s
  }

  public var properties: [Property<State>] {
    let f = fields
    let m = lieutenants
    return [
      .always("IC1: loyal lieutenants agree") { s in
        var seen = 0
        for l in 0..<m where s[f.traitor] != l + 1 && s[f.decision, l] != 0 {
          if seen != 0 && seen != s[f.decision, l] { return false }
          seen = s[f.decision, l]
        }
        return true
      },
      .always("IC2: loyal lieutenants obey a loyal commander") { s in
        s[f.traitor] == 0
          || (0..<m).allSatisfy { l in
            s[f.traitor] == l + 1 || s[f.decision, l] == 0 || s[f.decision, l] == s[f.order]
          }
      },
      .sometimes("every loyal lieutenant decided") { s in
        (0..<m).allSatisfy { l in s[f.traitor] == l + 1 || s[f.decision, l] != 0 }
      },
    ]
  }

  /// The step's messages (delivered as they are sent) and decisions; a loyal commander's order
  /// is its proposal, so traces show IC2 as validity and IC1 as agreement.
  public func describe(_ action: Action, from before: State, to after: State) -> ActionDescription {
    var description = describe(action)
    switch action {
    case .order(let to, let value):
      description.events = [.send(message: Self.word(value), to: name(to))]
      if before[fields.traitor] != 0 { description.events.insert(.propose(.string(Self.word(value))), at: 0) }
    case .relay(_, let to, let value):
      description.events = [.send(message: "commander said \(Self.word(value))", to: name(to))]
    case .decide(let l):
      description.events = [.decide(.string(Self.word(after[fields.decision, l])))]
    }
    return description
  }

  public func describe(_ action: Action) -> ActionDescription {
    switch action {
    case .order(let to, let value):
      return ActionDescription(process: "commander", action: "tells \(name(to)): \(Self.word(value))")
    case .relay(let from, let to, let value):
      return ActionDescription(
        process: name(from), action: "tells \(name(to)): the commander said \(Self.word(value))")
    case .decide(let l):
      let how = variant == .skipRelay ? "obeys the commander" : "decides by majority"
      return ActionDescription(process: name(l), action: how)
    }
  }

  public func describe(_ s: State) -> [StateVariable] {
    let f = fields
    let traitor = s[f.traitor]
    var variables = [
      StateVariable(
        "commander", traitor == 0 ? "traitor" : "loyal, orders \(Self.word(s[f.order]))")
    ]
    for l in 0..<lieutenants {
      variables.append(StateVariable(name(l), traitor == l + 1 ? "traitor" : "loyal"))
    }
    for l in 0..<lieutenants where s[f.fromCommander, l] != 0 {
      variables.append(StateVariable("commander to \(name(l))", Self.word(s[f.fromCommander, l])))
    }
    for to in 0..<lieutenants {
      for from in 0..<lieutenants where s[f.relayed, to * lieutenants + from] != 0 {
        variables.append(
          StateVariable("\(name(from)) to \(name(to))", Self.word(s[f.relayed, to * lieutenants + from])))
      }
    }
    for l in 0..<lieutenants where s[f.decision, l] != 0 {
      variables.append(StateVariable("\(name(l)).decision", Self.word(s[f.decision, l])))
    }
    return variables
  }

  private func name(_ l: Int) -> String { "L\(l + 1)" }
  static func word(_ value: Int) -> String {
    value == attack ? "attack" : value == retreat ? "retreat" : "none"
  }
}

/// Where each part of the state sits: the traitor (0 the commander, i lieutenant i), a loyal
/// commander's order, the value each lieutenant got from the commander, the value each
/// lieutenant got from each other (index receiver × lieutenants + sender), and the decisions.
/// Values are 0 (none yet), `attack` or `retreat`. Five generals take 53 bits.
struct GeneralsFields: Sendable {
  let traitor: BitField
  let order: BitField
  let fromCommander: BitFieldArray
  let relayed: BitFieldArray
  let decision: BitFieldArray

  init(generals n: Int) {
    let m = n - 1
    var layout = BitLayout()
    traitor = layout.field(values: n)
    order = layout.field(values: 3)
    fromCommander = layout.fields(count: m, values: 3)
    relayed = layout.fields(count: m * m, values: 3)
    decision = layout.fields(count: m, values: 3)
  }
}
