import FaultlineConsistency
import FaultlineCore

/// A set of process numbers (0 to 63) packed in one word, so suspicion lists, acknowledgement
/// sets and view memberships cost nothing to store or fingerprint.
public struct ProcessSet: Hashable, Sendable, Comparable, Fingerprintable, CustomStringConvertible {
  /// Bit `i` is set when process `i` is a member.
  public var bits: UInt64

  /// The largest number of processes a system may have.
  public static let capacity = 64

  /// Creates a set from its bits.
  @inlinable public init(bits: UInt64 = 0) { self.bits = bits }

  /// Creates a set holding `members`; numbers outside 0..<64 are ignored.
  @inlinable public init<S: Sequence<Int>>(_ members: S) {
    bits = 0
    for member in members { insert(member) }
  }

  /// The processes 0..<count.
  @inlinable public static func all(_ count: Int) -> ProcessSet {
    count >= 64 ? ProcessSet(bits: ~0) : ProcessSet(bits: (1 << UInt64(max(count, 0))) &- 1)
  }

  /// Whether `process` is a member.
  @inlinable public func contains(_ process: Int) -> Bool {
    process >= 0 && process < 64 && bits & (1 << UInt64(process)) != 0
  }

  /// Adds `process`; numbers outside 0..<64 are ignored.
  @inlinable public mutating func insert(_ process: Int) {
    if process >= 0 && process < 64 { bits |= 1 << UInt64(process) }
  }

  /// Removes `process`.
  @inlinable public mutating func remove(_ process: Int) {
    if process >= 0 && process < 64 { bits &= ~(1 << UInt64(process)) }
  }

  /// The number of members.
  @inlinable public var count: Int { bits.nonzeroBitCount }

  /// Whether the set has no members.
  @inlinable public var isEmpty: Bool { bits == 0 }

  /// Whether every member of `other` is a member of this set.
  @inlinable public func isSuperset(of other: ProcessSet) -> Bool { other.bits & ~bits == 0 }

  /// The members, in increasing order.
  public var members: [Int] {
    var result: [Int] = []
    var rest = bits
    while rest != 0 {
      result.append(rest.trailingZeroBitCount)
      rest &= rest &- 1
    }
    return result
  }

  /// The union of two sets.
  @inlinable public func union(_ other: ProcessSet) -> ProcessSet { ProcessSet(bits: bits | other.bits) }

  /// The members of this set that are not in `other`.
  @inlinable public func subtracting(_ other: ProcessSet) -> ProcessSet {
    ProcessSet(bits: bits & ~other.bits)
  }

  /// The set with every member renamed by `permutation`.
  @inlinable public func permuted(by permutation: ProcessPermutation) -> ProcessSet {
    var result = ProcessSet()
    var rest = bits
    while rest != 0 {
      result.insert(permutation[rest.trailingZeroBitCount])
      rest &= rest &- 1
    }
    return result
  }

  /// Orders sets by their bits, so states holding sets can be sorted canonically.
  @inlinable public static func < (a: ProcessSet, b: ProcessSet) -> Bool { a.bits < b.bits }

  /// Feeds the bits.
  @inlinable public func fingerprint(into f: inout Fingerprinter) { f.combine(word: bits) }

  /// The members in braces, for counterexamples.
  public var description: String { "{" + members.map(String.init).joined(separator: ", ") + "}" }
}
