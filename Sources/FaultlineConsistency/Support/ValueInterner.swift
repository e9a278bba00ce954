import FaultlineCore

/// Gives values small integer ids so that spec states are machine words; nil is always 0.
struct ValueInterner {
  private var ids: [TraceValue: Int] = [.null: 0]
  private(set) var names: [String] = ["nil"]
  /// The values by id, so that a streaming check can intern its carried states again in a fresh
  /// interner and forget the rest.
  private(set) var values: [TraceValue] = [.null]

  mutating func id(_ value: TraceValue) -> Int {
    if let id = ids[value] { return id }
    let id = names.count
    ids[value] = id
    names.append(value.description)
    values.append(value)
    return id
  }

  /// The number of values interned.
  var count: Int { names.count }
}
