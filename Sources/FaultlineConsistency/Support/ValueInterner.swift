import FaultlineCore

/// Gives values small integer ids so that spec states are machine words; nil is always 0.
struct ValueInterner {
  private var ids: [TraceValue: Int] = [.null: 0]
  private(set) var names: [String] = ["nil"]

  mutating func id(_ value: TraceValue) -> Int {
    if let id = ids[value] { return id }
    let id = names.count
    ids[value] = id
    names.append(value.description)
    return id
  }
}
