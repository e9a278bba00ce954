/// Splits any value into named variables by reflection, for readable counterexamples.
enum StateReflection {
  /// The value's leaves as `name = value` pairs; nested structs and arrays get dotted and
  /// indexed names (`tm.state`, `rm[2]`). Depth is bounded so cyclic classes cannot hang it.
  static func variables(of value: Any) -> [StateVariable] {
    var out: [StateVariable] = []
    collect(value, name: "", depth: 0, into: &out)
    if out.isEmpty { out.append(StateVariable("state", String(describing: value))) }
    return out
  }

  private static func collect(_ value: Any, name: String, depth: Int, into out: inout [StateVariable]) {
    let mirror = Mirror(reflecting: value)
    let isLeaf =
      mirror.children.isEmpty || depth >= 4 || mirror.displayStyle == .enum
      || mirror.displayStyle == .set || mirror.displayStyle == .dictionary
      || mirror.displayStyle == .optional
    if isLeaf {
      out.append(StateVariable(name.isEmpty ? "state" : name, render(value)))
      return
    }
    for (offset, child) in mirror.children.enumerated() {
      let part: String
      if mirror.displayStyle == .collection {
        part = "\(name)[\(offset)]"
      } else {
        let label = child.label ?? ".\(offset)"
        part = name.isEmpty ? label : "\(name).\(label)"
      }
      collect(child.value, name: part, depth: depth + 1, into: &out)
    }
  }

  private static func render(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional {
      guard let wrapped = mirror.children.first?.value else { return "nil" }
      return render(wrapped)
    }
    if mirror.displayStyle == .set {
      let items = mirror.children.map { render($0.value) }.sorted()
      return "{" + items.joined(separator: ", ") + "}"
    }
    return String(describing: value)
  }
}
