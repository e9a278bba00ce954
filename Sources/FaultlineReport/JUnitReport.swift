import FaultlineConsistency
import FaultlineCore
import FaultlineSystem
import FaultlineTrace

/// Renders a check as JUnit XML for CI dashboards: one test case per property, the
/// counterexample as a violated property's failure text.
public enum JUnitReport {
  /// The XML document.
  public static func xml(_ outcome: CheckOutcome) -> String {
    let suite = "\(outcome.model) (\(outcome.variant))"
    let failures = outcome.properties.filter { $0.status == .violated || $0.status == .unreached }.count
    let skipped = outcome.properties.filter { $0.status == .unknown || $0.status == .notChecked }.count
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites tests=\"\(outcome.properties.count)\" failures=\"\(failures)\">\n"
    out +=
      "  <testsuite name=\"\(escape(suite))\" tests=\"\(outcome.properties.count)\" failures=\"\(failures)\" "
    out += "skipped=\"\(skipped)\" time=\"\(outcome.statistics.seconds)\">\n"
    out += "    <properties>\n"
    for (name, value) in outcome.parameters {
      out += "      <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>\n"
    }
    out += "      <property name=\"distinctStates\" value=\"\(outcome.statistics.distinctStates)\"/>\n"
    out += "    </properties>\n"
    for property in outcome.properties {
      out +=
        "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(property.expectation.rawValue + " " + property.name))\">\n"
      switch property.status {
      case .violated:
        let violation = outcome.verdict.violations.first { $0.property == property.name }
        let text =
          violation.map { CheckReport.text($0, replay: outcome.replays[$0.property], outcome: outcome) } ?? ""
        out += "      <failure message=\"\(escape(violation?.explanation ?? "violated"))\" type=\"violated\">"
        out += escape(text) + "</failure>\n"
      case .unreached:
        out += "      <failure message=\"no reachable state satisfies it\" type=\"unreached\"/>\n"
      case .unknown:
        let reason: String
        if case .incomplete(let why) = outcome.verdict {
          reason = "incomplete: " + why
        } else {
          reason = "not determined: the search stopped at the first violation"
        }
        out += "      <skipped message=\"\(escape(reason))\"/>\n"
      case .notChecked:
        out += "      <skipped message=\"not checked: liveness was turned off (--no-liveness)\"/>\n"
      default: break
      }
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
      default:
        // XML 1.0 forbids most control characters even escaped.
        if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }
}
