import FaultlineCore

/// Checks each committed transaction against itself: a read must show the transaction's own
/// earlier writes and agree with its own earlier reads of the key, whatever other transactions
/// did (Adya's internal consistency, which every model here assumes).
enum InternalConsistency {
  /// What a transaction knows of a key so far: nothing, the whole value, or only that the list
  /// ends with its own appends.
  private enum Known {
    case whole([Int])
    case endsWith([Int])
  }

  static func check(_ history: TransactionHistory, into anomalies: inout AnomalyCollector) {
    for (t, txn) in history.transactions.enumerated() where txn.status == .ok {
      var state: [Int: Known] = [:]
      // What the transaction writes later: a read that shows it saw the future.
      var later = Set<Pair>()
      for op in txn.operations {
        switch op {
        case .append(let key, let value), .write(let key, let value):
          later.insert(Pair(key: key, value: value))
        default: break
        }
      }
      for op in txn.operations {
        switch op {
        case .append(let key, let value), .write(let key, let value):
          later.remove(Pair(key: key, value: value))
        case .readList(let key, let elements?):
          if let value = elements.first(where: { later.contains(Pair(key: key, value: $0)) }) {
            future(t, key, value, history, &anomalies)
          }
        case .readRegister(let key, let value?) where later.contains(Pair(key: key, value: value)):
          future(t, key, value, history, &anomalies)
        default: break
        }
        switch op {
        case .append(let key, let element):
          switch state[key] {
          case .whole(let list)?: state[key] = .whole(list + [element])
          case .endsWith(let list)?: state[key] = .endsWith(list + [element])
          case nil: state[key] = .endsWith([element])
          }
        case .write(let key, let value): state[key] = .whole([value])
        case .readList(let key, let elements?):
          if let expected = contradiction(state[key], elements, history) {
            anomalies.add(
              .internal, [t],
              "T\(t + 1) read key \(history.keyText(key)) = \(history.listText(elements)), but its own earlier "
                + "operations on the key say it is \(expected)")
          }
          state[key] = .whole(elements)
        case .readRegister(let key, let value?):
          if case .whole(let known)? = state[key], known != [value] {
            let expected = known.first.map(history.valueText) ?? "nil"
            anomalies.add(
              .internal, [t],
              "T\(t + 1) read key \(history.keyText(key)) = \(history.valueText(value)), but its own earlier "
                + "operations on the key say it is \(expected)")
          }
          state[key] = .whole([value])
        default: break
        }
      }
    }
  }

  private struct Pair: Hashable {
    var key: Int
    var value: Int
  }

  private static func future(
    _ t: Int, _ key: Int, _ value: Int, _ history: TransactionHistory, _ anomalies: inout AnomalyCollector
  ) {
    let wrote = history.spec == .listAppend ? "appends" : "writes"
    anomalies.add(
      .internal, [t],
      "T\(t + 1) read \(history.valueText(value)) in key \(history.keyText(key)) before it \(wrote) "
        + "\(history.valueText(value)) itself")
  }

  /// What the transaction expected instead of `elements`, or nil when they agree.
  private static func contradiction(_ known: Known?, _ elements: [Int], _ history: TransactionHistory)
    -> String?
  {
    switch known {
    case nil: return nil
    case .whole(let list)?: return list == elements ? nil : history.listText(list)
    case .endsWith(let suffix)?:
      return elements.count >= suffix.count && elements.suffix(suffix.count).elementsEqual(suffix)
        ? nil : "a list ending in " + history.listText(suffix)
    }
  }
}
