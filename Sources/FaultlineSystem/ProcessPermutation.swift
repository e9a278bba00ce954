import FaultlineConsistency
import FaultlineCore

/// A renaming of process numbers; symmetry reduction applies these to whole states.
public struct ProcessPermutation: Sendable, Equatable {
  /// `images[i]` is the new number of process `i`.
  public var images: [Int]

  /// Creates a permutation from the new number of each process.
  public init(_ images: [Int]) { self.images = images }

  /// The identity on `count` processes.
  public static func identity(_ count: Int) -> ProcessPermutation { ProcessPermutation(Array(0..<count)) }

  /// The new number of `process`; numbers the permutation does not cover stay as they are.
  @inlinable public subscript(_ process: Int) -> Int {
    images.indices.contains(process) ? images[process] : process
  }

  /// Every permutation of `count` processes that maps `movable` onto itself and fixes the
  /// others, identity first, in a fixed order (Heap's algorithm).
  public static func all(count: Int, permuting movable: [Int]) -> [ProcessPermutation] {
    var members = movable.filter { $0 >= 0 && $0 < count }
    var result = [identity(count)]
    let n = members.count
    guard n > 1 else { return result }
    func record() {
      var images = Array(0..<count)
      for (slot, original) in movable.filter({ $0 >= 0 && $0 < count }).enumerated() {
        images[original] = members[slot]
      }
      result.append(ProcessPermutation(images))
    }
    var c = [Int](repeating: 0, count: n)
    var i = 0
    while i < n {
      if c[i] < i {
        if i % 2 == 0 { members.swapAt(0, i) } else { members.swapAt(c[i], i) }
        record()
        c[i] += 1
        i = 0
      } else {
        c[i] = 0
        i += 1
      }
    }
    return result
  }
}
