// The one module users import: every layer, re-exported.
@_exported import FaultlineConsistency
@_exported import FaultlineCore
@_exported import FaultlineReport
@_exported import FaultlineSystem
@_exported import FaultlineTrace

/// Faultline's version, as `faultline --version` prints it.
public let version = "0.1.0"
