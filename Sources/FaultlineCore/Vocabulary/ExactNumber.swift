/// Reads the numbers of trace files exactly, so that two values compare equal only when they are
/// the same number (docs/trace-format.md, "Values").
///
/// A number is the decimal value its text denotes: `1`, `1.0`, `10e-1` and `1.0M` are one value,
/// `18446744073709551615` and `18446744073709551614` are two, and so are `1e999` and `2e999`
/// (which a `Double` would round to the same infinity). Integers that fit in 64 bits become
/// `.int`; every other number becomes `.number` with a canonical text, so that equal values
/// have equal text and `==` on `TraceValue` is equality of numbers.
package enum ExactNumber {
  /// A number read exactly.
  package enum Value: Equatable {
    /// An integer that fits in 64 bits.
    case int(Int)
    /// Any other number, by its canonical text.
    case number(String)

    /// The number as a trace value.
    package var traceValue: TraceValue {
      switch self {
      case .int(let integer): return .int(integer)
      case .number(let text): return .number(text)
      }
    }
  }

  /// Why a numeral cannot be read.
  package enum Problem: Error, Equatable {
    /// Not a decimal numeral: what was expected instead.
    case notANumber(String)
    /// The exponent does not fit in 64 bits.
    case exponentTooLarge
  }

  /// The value of a decimal numeral: an optional sign (`+` only when `plusSign`), digits, an
  /// optional fraction (`.` and digits; `1.` when `emptyFraction`) and an optional exponent.
  package static func value(_ text: some Collection<UInt8>, plusSign: Bool = true, emptyFraction: Bool = true)
    throws(Problem) -> Value
  {
    var bytes = Array(text)[...]
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || (plusSign && first == UInt8(ascii: "+")) {
      negative = first == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    let integerDigits = bytes.prefix { isDigit($0) }
    guard !integerDigits.isEmpty else { throw .notANumber("a digit") }
    bytes = bytes.dropFirst(integerDigits.count)
    var fractionDigits = ArraySlice<UInt8>()
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      fractionDigits = bytes.prefix { isDigit($0) }
      guard emptyFraction || !fractionDigits.isEmpty else { throw .notANumber("a digit after '.'") }
      bytes = bytes.dropFirst(fractionDigits.count)
    }
    var exponent = 0
    if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      var negativeExponent = false
      if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        negativeExponent = sign == UInt8(ascii: "-")
        bytes = bytes.dropFirst()
      }
      let digits = bytes.prefix { isDigit($0) }
      guard !digits.isEmpty else { throw .notANumber("a digit in the exponent") }
      bytes = bytes.dropFirst(digits.count)
      for digit in digits {
        let (times, o1) = exponent.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(Int(digit - 0x30))
        guard !o1 && !o2 else { throw .exponentTooLarge }
        exponent = sum
      }
      if negativeExponent { exponent = -exponent }
    }
    guard bytes.isEmpty else { throw .notANumber("the end of the number") }
    return try canonical(
      negative: negative, digits: Array(integerDigits + fractionDigits),
      exponent: exponent, fractionLength: fractionDigits.count)
  }

  /// The value of ±`digits`·10^(`exponent` − `fractionLength`).
  private static func canonical(negative: Bool, digits: [UInt8], exponent: Int, fractionLength: Int)
    throws(Problem) -> Value
  {
    var significant = digits.drop { $0 == UInt8(ascii: "0") }
    if significant.isEmpty { return .int(0) }
    var trailing = 0
    while significant.last == UInt8(ascii: "0") {
      significant.removeLast()
      trailing += 1
    }
    // value = ±significant · 10^scale
    let (shifted, o1) = exponent.subtractingReportingOverflow(fractionLength)
    let (scale, o2) = shifted.addingReportingOverflow(trailing)
    guard !o1 && !o2 else { throw .exponentTooLarge }
    if scale >= 0 && scale <= 19 && significant.count + scale <= 19,
      let integer = int(significant, scale, negative)
    {
      return .int(integer)
    }
    return .number(render(negative: negative, digits: Array(significant), scale: scale))
  }

  /// ±digits·10^scale as an Int, or nil when it does not fit.
  private static func int(_ digits: ArraySlice<UInt8>, _ scale: Int, _ negative: Bool) -> Int? {
    var value = 0
    for digit in digits + Array(repeating: UInt8(ascii: "0"), count: scale) {
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      // Accumulated negatively so that Int.min fits.
      let (sum, o2) = times.subtractingReportingOverflow(Int(digit - 0x30))
      if o1 || o2 { return nil }
      value = sum
    }
    if negative { return value }
    let (positive, overflow) = (0).subtractingReportingOverflow(value)
    return overflow ? nil : positive
  }

  /// The canonical text of ±digits·10^scale (digits without leading or trailing zeros): plain
  /// decimal when short (`18446744073709551616`, `0.5`, `0.00012`), otherwise scientific
  /// (`1e999`, `-2.5e-30`); valid JSON either way.
  private static func render(negative: Bool, digits: [UInt8], scale: Int) -> String {
    let text = String(decoding: digits, as: UTF8.self)
    // Where the decimal point falls, counted in digits from the left.
    let (point, overflow) = digits.count.addingReportingOverflow(scale)
    var out = negative ? "-" : ""
    if overflow {
      out += scientific(text, exponent: nil, scale: scale)
    } else if scale >= 0 && point <= 21 {
      out += text + String(repeating: "0", count: scale)
    } else if scale < 0 && point > 0 {
      out += String(text.prefix(point)) + "." + String(text.dropFirst(point))
    } else if scale < 0 && point > -6 {
      out += "0." + String(repeating: "0", count: -point) + text
    } else {
      out += scientific(text, exponent: point - 1, scale: scale)
    }
    return out
  }

  /// `d.ddd` followed by `e` and the exponent; `exponent` nil when it would overflow, then
  /// written from `scale` as digits·10^scale (`12345e9223372036854775807`).
  private static func scientific(_ text: String, exponent: Int?, scale: Int) -> String {
    guard let exponent else { return text + "e" + String(scale) }
    let mantissa = text.count > 1 ? String(text.prefix(1)) + "." + String(text.dropFirst()) : text
    return mantissa + "e" + String(exponent)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
