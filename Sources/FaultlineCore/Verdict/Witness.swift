/// Evidence of a violation found in a recorded trace: the events or operations involved.
public struct Witness: Sendable, Equatable {
  /// A paragraph a person can follow, explaining the violation.
  public var summary: String
  /// Titled groups of trace items, for example "longest linearizable prefix".
  public var sections: [Section]

  /// Creates a witness.
  public init(summary: String, sections: [Section] = []) {
    self.summary = summary
    self.sections = sections
  }

  /// A titled group of trace items.
  public struct Section: Sendable, Equatable {
    /// What the items have in common.
    public var title: String
    /// The items, in trace order.
    public var items: [Item]

    /// Creates a section.
    public init(title: String, items: [Item]) {
      self.title = title
      self.items = items
    }
  }

  /// One operation or event of the trace, with where it came from.
  public struct Item: Sendable, Equatable {
    /// The item rendered for people.
    public var text: String
    /// The process it belongs to, when known.
    public var process: String?
    /// The 1-based line of the trace file it was read from, when known.
    public var line: Int?

    /// Creates an item.
    public init(text: String, process: String? = nil, line: Int? = nil) {
      self.text = text
      self.process = process
      self.line = line
    }
  }
}
