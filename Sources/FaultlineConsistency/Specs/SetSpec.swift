import FaultlineCore

/// A grow-only set: add an element, read all elements. The state is the sorted elements.
public struct SetSpec: SequentialSpec {
  /// The initial elements, sorted.
  public var initialState: [Int]
  /// The values' names by interned id.
  public var names: [String]

  /// Creates a set spec.
  public init(initial: [Int] = [], names: [String]) {
    initialState = Array(Set(initial)).sorted()
    self.names = names
  }

  /// Applies an add or a read.
  public func apply(_ operation: CollectionOperation, to state: [Int]) -> [Int]? {
    switch operation.kind {
    case .add:
      var next = state
      if let index = next.firstIndex(where: { $0 >= operation.value }) {
        if next[index] != operation.value { next.insert(operation.value, at: index) }
      } else {
        next.append(operation.value)
      }
      return next
    case .read: return operation.unknown || operation.values == state ? state : nil
    default: return nil
    }
  }

  /// The elements.
  public func describe(_ state: [Int]) -> String {
    "#{" + state.map { $0 < names.count ? names[$0] : String($0) }.joined(separator: " ") + "}"
  }
}
