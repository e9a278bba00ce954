import Faultline
import Testing

@Suite struct PackedStateTests {
  @Test(arguments: [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (256, 8), (257, 9)])
  func widthsHoldTheValues(values: Int, width: UInt64) {
    #expect(BitLayout.width(for: values) == width)
  }

  @Test func fieldsAreIndependent() {
    var layout = BitLayout()
    let a = layout.field(values: 3)
    let b = layout.fields(count: 5, values: 4)
    let c = layout.fields(count: 4, values: 2)
    #expect(layout.used == 2 + 10 + 4)
    var s = PackedState()
    s[a] = 2
    for i in 0..<5 { s[b, i] = (i * 3) % 4 }
    s[c, 1] = 1
    s[c, 3] = 1
    #expect(s[a] == 2)
    #expect((0..<5).map { s[b, $0] } == [0, 3, 2, 1, 0])
    #expect(s.bits(of: c) == 0b1010)
    s[b, 1] = 0
    #expect(s[a] == 2 && s[b, 1] == 0 && s[b, 2] == 2 && s.bits(of: c) == 0b1010)
    s[a] = 7  // wider than the field: only its bits are kept
    #expect(s[a] == 3 && s[b, 0] == 0)
  }
}
