import FaultlineConsistency
import FaultlineCore

extension System {
  /// The state's fingerprint; with symmetry on, the fingerprint of its orbit's canonical form,
  /// so every state of one orbit gets the same fingerprint.
  ///
  /// The canonical form sorts the interchangeable processes by their slots (with the numbers
  /// of interchangeable senders blanked out, so the sort key does not depend on the names) and
  /// tries only the orderings of processes whose keys tie, keeping the smallest result. Where
  /// the slots name no interchangeable process, that is exactly one representative per orbit;
  /// where they do, the reduction stays sound but may count an orbit more than once.
  ///
  /// The explorer keeps concrete states in its frontier and compares only fingerprints, so
  /// this alone makes it count orbits while its paths remain concrete, replayable steps.
  @inlinable
  public func fingerprint(of state: State) -> UInt64 {
    guard !symmetricProcesses.isEmpty else { return state.key.fingerprint }
    return canonicalFingerprint(state)
  }

  @usableFromInline
  func canonicalFingerprint(_ state: State) -> UInt64 {
    let movable = symmetricProcesses
    let blanked = ProcessSet(movable)
    let keys: [Int] = movable.map { process in
      let slot = state.slot(process).pointee
      var hasher = Hasher()
      hasher.combine(slot.local)
      hasher.combine(slot.stable)
      hasher.combine(slot.timers)
      hasher.combine(slot.outputs)
      hasher.combine(slot.suspected.bits & ~blanked.bits)
      hasher.combine((slot.suspected.bits & blanked.bits).nonzeroBitCount)
      for envelope in slot.inbox {
        hasher.combine(blanked.contains(envelope.from) ? -1 : envelope.from)
        hasher.combine(envelope.message)
      }
      hasher.combine(state.crashed.contains(process))
      hasher.combine(state.cutLinks[process].bits & ~blanked.bits)
      hasher.combine((state.cutLinks[process].bits & blanked.bits).nonzeroBitCount)
      return hasher.finalize()
    }
    // Processes in key order; runs of equal keys may be arranged in any order.
    let order = movable.indices.sorted { keys[$0] < keys[$1] }
    var groups: [Range<Int>] = []
    var start = 0
    for index in 1...order.count where index == order.count || keys[order[index]] != keys[order[start]] {
      groups.append(start..<index)
      start = index
    }
    var best = UInt64.max
    var arrangement = order
    var images = Array(0..<state.processCount)
    func visit(_ group: Int) {
      if group == groups.count {
        // The process at sorted position i takes the i-th interchangeable number.
        var code: UInt64 = 0
        for (position, original) in arrangement.enumerated() {
          images[movable[original]] = movable[position]
          code |= UInt64(position) << (3 * UInt64(original))
        }
        best = min(best, renamedFingerprint(state, by: ProcessPermutation(images), code: code))
        return
      }
      permute(groups[group], at: groups[group].lowerBound, then: group)
    }
    func permute(_ range: Range<Int>, at position: Int, then group: Int) {
      if position >= range.upperBound - 1 {
        visit(group + 1)
        return
      }
      for swap in position..<range.upperBound {
        arrangement.swapAt(position, swap)
        permute(range, at: position + 1, then: group)
        arrangement.swapAt(position, swap)
      }
    }
    visit(0)
    return best
  }

  /// The fingerprint of `state` renamed by `permutation`, whose images of the interchangeable
  /// processes `code` packs (3 bits each); renamed slots are numbered once per thread.
  @usableFromInline
  func renamedFingerprint(_ state: State, by permutation: ProcessPermutation, code: UInt64) -> UInt64 {
    var key = state.key
    for old in 0..<state.processCount {
      let number = state.key[old]
      let memo = UInt64(number) << 32 | code << 6 | UInt64(old)
      if let known = cache?.renamedSlots[memo] {
        key[permutation[old]] = known
        continue
      }
      let renamed = store.number(
        of: state.slot(old).pointee.renamed(by: permutation, code: processes[old], delivery: network.delivery)
      )
      cache?.renamedSlots[memo] = renamed
      key[permutation[old]] = renamed
    }
    let environment = state.key.environment
    let memo = UInt64(environment) << 32 | code << 6
    if let known = cache?.renamedEnvironments[memo] {
      key.environment = known
    } else {
      let renamed = store.number(of: state.environment.pointee.renamed(by: permutation, codes: processes))
      cache?.renamedEnvironments[memo] = renamed
      key.environment = renamed
    }
    return key.fingerprint
  }

  /// The state with every process renamed by `permutation`.
  ///
  /// Process `i`'s slot moves to slot `permutation[i]`, and the process renames the numbers
  /// inside its local state, messages, values and stable storage (`SystemProcess.permute`).
  /// Timers must not name processes.
  public func permuted(_ state: State, by permutation: ProcessPermutation) -> State {
    var numbers = [UInt32](repeating: 0, count: state.processCount)
    for old in 0..<state.processCount {
      numbers[permutation[old]] = store.number(
        of: state.slot(old).pointee.renamed(by: permutation, code: processes[old], delivery: network.delivery)
      )
    }
    let environment = store.number(of: state.environment.pointee.renamed(by: permutation, codes: processes))
    return self.state(SystemKey(slots: numbers, environment: environment))
  }
}
