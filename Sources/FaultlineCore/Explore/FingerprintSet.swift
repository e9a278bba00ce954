import FaultlinePrefetch
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A set of 64-bit fingerprints in one open-addressing table with linear probing.
///
/// Eight bytes a slot and nothing else: the states themselves live only in the frontier.
/// Zero marks an empty slot, so a zero fingerprint is stored as one (a negligible bias).
/// Slots are atomics so that workers can insert concurrently with a compare-and-swap; the
/// sequential search uses relaxed loads and stores, which compile to plain moves. The stored
/// properties skip dynamic exclusivity checks: they cost a third of the hot loop, and the
/// explorer never overlaps accesses (the parallel search only reads them while workers run).
@usableFromInline
package final class FingerprintSet: @unchecked Sendable {
  /// What a concurrent insertion found.
  @usableFromInline
  package enum Insertion {
    case inserted, present, full
  }

  @exclusivity(unchecked) @usableFromInline var slots: UnsafeMutablePointer<Atomic<UInt64>>
  @exclusivity(unchecked) @usableFromInline var mask: Int
  /// The number of fingerprints; the parallel search adds its workers' insertions itself.
  @exclusivity(unchecked) @usableFromInline package var count: Int = 0
  @exclusivity(unchecked) @usableFromInline var growAt: Int
  /// Each slot's number, in a numbered set: the count of fingerprints inserted before it, so
  /// states are numbered in the order they were discovered. Read only where the slot is full.
  @exclusivity(unchecked) @usableFromInline var numbers: UnsafeMutablePointer<UInt32>?

  /// The longest probe a concurrent insertion tries before it reports the table full.
  @usableFromInline static let maxProbe = 1 << 12

  /// Creates a set sized for about `expected` fingerprints; a `numbered` one also gives each
  /// fingerprint its number (`number(of:)`), four bytes more a slot.
  @usableFromInline
  package init(expected: Int = 1 << 16, numbered: Bool = false) {
    var capacity = 1 << 10
    while capacity / 4 * 3 < expected { capacity <<= 1 }
    slots = Self.allocate(capacity)
    if numbered { numbers = Self.allocateRaw(capacity * 4).bindMemory(to: UInt32.self, capacity: capacity) }
    mask = capacity - 1
    growAt = capacity / 4 * 3
  }

  deinit {
    Self.release(slots, capacity: mask + 1)
    if let numbers { free(numbers) }
  }

  /// Tables from this size up are asked for 2 MiB pages.
  static var hugePageThreshold: Int { 4 << 20 }

  /// A table of `capacity` empty slots. A large one is aligned to 2 MiB and the kernel asked
  /// for transparent huge pages: every probe lands on a random page, and with 4 KiB pages
  /// nearly every one (and every prefetch) first walks the page tables, which costs more than
  /// the cache miss itself.
  static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
    let pointer = allocateRaw(capacity * MemoryLayout<Atomic<UInt64>>.stride)
      .bindMemory(to: Atomic<UInt64>.self, capacity: capacity)
    for i in 0..<capacity { (pointer + i).initialize(to: Atomic(0)) }
    return pointer
  }

  /// `bytes` of uninitialised memory from malloc's heap, so that `free` releases it; a large
  /// block is aligned to 2 MiB and asked for huge pages.
  static func allocateRaw(_ bytes: Int) -> UnsafeMutableRawPointer {
    var raw: UnsafeMutableRawPointer? = nil
    #if canImport(Glibc)
      if bytes >= hugePageThreshold, posix_memalign(&raw, 2 << 20, bytes) == 0, let aligned = raw {
        _ = madvise(aligned, bytes, Int32(MADV_HUGEPAGE))
      } else {
        raw = malloc(bytes)
      }
    #else
      raw = malloc(bytes)
    #endif
    guard let raw else { fatalError("out of memory for a table of \(bytes) bytes") }
    return raw
  }

  /// Frees a table made by `allocate(_:)`.
  static func release(_ pointer: UnsafeMutablePointer<Atomic<UInt64>>, capacity: Int) {
    pointer.deinitialize(count: capacity)
    free(pointer)
  }

  /// The table's size in bytes.
  @inlinable var bytes: Int { (mask + 1) * (numbers == nil ? 8 : 12) }

  /// The number of slots.
  @usableFromInline package var capacity: Int { mask + 1 }

  /// Inserts `fingerprint` from the only thread using the set; true if it was not there before.
  @inlinable @inline(__always)
  package func insert(_ fingerprint: UInt64) -> Bool {
    let key = fingerprint == 0 ? 1 : fingerprint
    var index = Int(truncatingIfNeeded: key) & mask
    while true {
      let slot = slots[index].load(ordering: .relaxed)
      if slot == key { return false }
      if slot == 0 {
        slots[index].store(key, ordering: .relaxed)
        count += 1
        if count >= growAt { grow(to: capacity * 2) }
        return true
      }
      index = (index + 1) & mask
    }
  }

  /// The number of `fingerprint` in a numbered set, after giving it the next one (the count
  /// so far) if it was not there; `inserted` says which. From the only thread using the set.
  @inlinable @inline(__always)
  package func number(of fingerprint: UInt64) -> (number: UInt32, inserted: Bool) {
    let key = fingerprint == 0 ? 1 : fingerprint
    guard let numbers else { preconditionFailure("number(of:) on a set that is not numbered") }
    var index = Int(truncatingIfNeeded: key) & mask
    while true {
      let slot = slots[index].load(ordering: .relaxed)
      if slot == key { return (numbers[index], false) }
      if slot == 0 {
        let number = UInt32(truncatingIfNeeded: count)
        slots[index].store(key, ordering: .relaxed)
        numbers[index] = number
        count += 1
        if count >= growAt { grow(to: capacity * 2) }
        return (number, true)
      }
      index = (index + 1) & mask
    }
  }

  /// Prefetches the slot where `fingerprint` would start its probe, so that a later insertion
  /// or lookup finds it in cache: prefetching successors a few ahead of their insertion lets
  /// the cache misses of a large table overlap instead of happening one after another.
  @inlinable @inline(__always)
  package func prefetch(_ fingerprint: UInt64) {
    let key = fingerprint == 0 ? 1 : fingerprint
    let index = Int(truncatingIfNeeded: key) & mask
    faultline_prefetch(UnsafeRawPointer(slots + index))
    if let numbers { faultline_prefetch(UnsafeRawPointer(numbers + index)) }
  }

  /// Inserts `fingerprint` while other threads may too; never grows the table.
  @inlinable @inline(__always)
  package func insertConcurrently(_ fingerprint: UInt64) -> Insertion {
    let key = fingerprint == 0 ? 1 : fingerprint
    var index = Int(truncatingIfNeeded: key) & mask
    for _ in 0..<Self.maxProbe {
      let slot = slots[index].load(ordering: .relaxed)
      if slot == key { return .present }
      if slot == 0 {
        let (exchanged, found) = slots[index].compareExchange(expected: 0, desired: key, ordering: .relaxed)
        if exchanged { return .inserted }
        if found == key { return .present }
      }
      index = (index + 1) & mask
    }
    return .full
  }

  /// Whether `fingerprint` is in the set.
  @inlinable
  package func contains(_ fingerprint: UInt64) -> Bool {
    let key = fingerprint == 0 ? 1 : fingerprint
    var index = Int(truncatingIfNeeded: key) & mask
    for _ in 0...mask {
      let slot = slots[index].load(ordering: .relaxed)
      if slot == key { return true }
      if slot == 0 { return false }
      index = (index + 1) & mask
    }
    return false
  }

  /// Grows the table, if needed, so that `additional` more fingerprints stay under 3/4 load.
  @usableFromInline
  package func reserve(additional: Int) {
    var capacity = self.capacity
    while capacity / 4 * 3 < count + additional { capacity <<= 1 }
    if capacity > self.capacity { grow(to: capacity) }
  }

  @usableFromInline
  func grow(to newCapacity: Int) {
    let oldSlots = slots
    let oldNumbers = numbers
    let oldCapacity = capacity
    slots = Self.allocate(newCapacity)
    if oldNumbers != nil {
      numbers = Self.allocateRaw(newCapacity * 4).bindMemory(to: UInt32.self, capacity: newCapacity)
    }
    mask = newCapacity - 1
    growAt = newCapacity / 4 * 3
    for i in 0..<oldCapacity {
      let key = oldSlots[i].load(ordering: .relaxed)
      if key == 0 { continue }
      var index = Int(truncatingIfNeeded: key) & mask
      while slots[index].load(ordering: .relaxed) != 0 { index = (index + 1) & mask }
      slots[index].store(key, ordering: .relaxed)
      if let oldNumbers, let numbers { numbers[index] = oldNumbers[i] }
    }
    Self.release(oldSlots, capacity: oldCapacity)
    if let oldNumbers { free(oldNumbers) }
  }
}
