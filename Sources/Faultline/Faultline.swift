/// Faultline's version, as `faultline --version` prints it.
public let version = "0.1.0"
