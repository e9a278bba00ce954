/// An independent, deliberately naive evaluation of OM(m), written from the recursive
/// definition in Lamport, Shostak and Pease's paper: for every set of traitors (no symmetry),
/// every order of a loyal commander and every assignment of values to the traitors' messages,
/// it runs the recursion with string-keyed messages and checks IC1 and IC2. It shares no code
/// with the model, which folds the last round and fixes the traitors by symmetry.
struct GeneralsOracle {
  var generals: Int
  var traitors: Int
  /// The depth of the run: OM(rounds - 1).
  var rounds: Int

  static let attack = "attack", retreat = "retreat"

  /// The interactive-consistency conditions some behaviour breaks, by the model's names.
  func violable() -> Set<String> {
    var broken: Set<String> = []
    for traitorSet in subsets(of: Array(0..<generals), size: traitors) {
      let isTraitor = Set(traitorSet)
      let messages = traitorMessages(isTraitor)
      let orders = isTraitor.contains(0) ? [Self.attack] : [Self.attack, Self.retreat]
      for order in orders {
        for mask in 0..<(1 << messages.count) {
          var choice: [String: String] = [:]
          for (i, key) in messages.enumerated() {
            choice[key] = mask & (1 << i) != 0 ? Self.attack : Self.retreat
          }
          let lieutenants = Array(1..<generals)
          let uses = om(rounds - 1, path: [0], value: order, lieutenants, isTraitor, choice)
          let loyal = lieutenants.filter { !isTraitor.contains($0) }
          if Set(loyal.map { uses[$0] ?? "" }).count > 1 { broken.insert("IC1: loyal lieutenants agree") }
          if !isTraitor.contains(0) && loyal.contains(where: { uses[$0] != order }) {
            broken.insert("IC2: loyal lieutenants obey a loyal commander")
          }
        }
      }
    }
    return broken
  }

  /// OM(r) with the last general of `path` as commander: the value each lieutenant uses.
  func om(
    _ r: Int, path: [Int], value: String, _ lieutenants: [Int], _ isTraitor: Set<Int>,
    _ choice: [String: String]
  ) -> [Int: String] {
    let commander = path[path.count - 1]
    var received: [Int: String] = [:]
    for i in lieutenants {
      received[i] = isTraitor.contains(commander) ? choice[key(path, i)] ?? Self.retreat : value
    }
    if r == 0 { return received }
    var relayed: [Int: [Int: String]] = [:]
    for j in lieutenants {
      let others = lieutenants.filter { $0 != j }
      relayed[j] = om(r - 1, path: path + [j], value: received[j] ?? Self.retreat, others, isTraitor, choice)
    }
    var uses: [Int: String] = [:]
    for i in lieutenants {
      var votes = [received[i] ?? Self.retreat]
      for j in lieutenants where j != i { votes.append(relayed[j]?[i] ?? Self.retreat) }
      let attacks = votes.filter { $0 == Self.attack }.count
      uses[i] = attacks * 2 > votes.count ? Self.attack : Self.retreat
    }
    return uses
  }

  /// Every message a traitor sends a loyal lieutenant in a run of `rounds` rounds.
  func traitorMessages(_ isTraitor: Set<Int>) -> [String] {
    var keys: [String] = []
    var paths: [[Int]] = [[0]]
    for _ in 0..<rounds {
      for path in paths where isTraitor.contains(path[path.count - 1]) {
        for to in 1..<generals where !path.contains(to) && !isTraitor.contains(to) {
          keys.append(key(path, to))
        }
      }
      paths = paths.flatMap { path in (1..<generals).filter { !path.contains($0) }.map { path + [$0] } }
    }
    return keys
  }

  func key(_ path: [Int], _ to: Int) -> String { path.map(String.init).joined(separator: ".") + ">\(to)" }

  func subsets(of items: [Int], size: Int) -> [[Int]] {
    if size == 0 { return [[]] }
    guard let first = items.first else { return [] }
    let rest = Array(items.dropFirst())
    return subsets(of: rest, size: size - 1).map { [first] + $0 } + subsets(of: rest, size: size)
  }
}
