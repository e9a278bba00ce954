extension TraceValue {
  /// The same value, exactly: strings and keywords are equal when they have the same Unicode
  /// scalars. Swift's `String` equality would also equate canonically equivalent spellings
  /// (`"é"` precomposed and decomposed), which a system under test may well tell apart.
  public static func == (a: TraceValue, b: TraceValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.number(let x), .number(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.keyword(let x), .keyword(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.list(let x), .list(let y)): return x == y
    case (.map(let x), .map(let y)): return x == y
    default: return false
    }
  }

  /// Hashes what `==` compares: the case and its contents, strings by their UTF-8 bytes.
  public func hash(into hasher: inout Hasher) {
    func bytes(_ text: String) {
      var text = text
      hasher.combine(text.utf8.count)
      text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
    switch self {
    case .null: hasher.combine(0)
    case .bool(let value):
      hasher.combine(1)
      hasher.combine(value)
    case .int(let value):
      hasher.combine(2)
      hasher.combine(value)
    case .number(let text):
      hasher.combine(3)
      bytes(text)
    case .string(let text):
      hasher.combine(4)
      bytes(text)
    case .keyword(let text):
      hasher.combine(5)
      bytes(text)
    case .list(let items):
      hasher.combine(6)
      hasher.combine(items)
    case .map(let pairs):
      hasher.combine(7)
      hasher.combine(pairs)
    }
  }
}
