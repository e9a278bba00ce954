import FaultlineCore

/// Text from a trace (process names, values, file names) made safe to print on a terminal: a
/// hostile or corrupted trace must not move the cursor, recolour the screen, retitle the window,
/// or forge report lines with a newline. JSON output needs none of this: it escapes on its own.
package enum TerminalText {
  /// `text` with every control character written as an escape: `\n`, `\r`, `\t`, `\0`, and
  /// `\x1B` for the others (C0, DEL and C1), and `\u{202E}` for the characters that reorder text
  /// on screen (bidirectional overrides and isolates). Everything else is kept.
  package static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      guard needsEscape(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\0": out += "\\0"
      default:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
      }
    }
    return out
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
