// swift-tools-version:6.0
import PackageDescription

// Each layer is a target that imports only the layers below it, so the package graph is the
// architecture (docs/architecture.md): Core < Consistency < System < Trace < Report; the
// catalogue (`models/`) sits on the System layer, and the CLI on everything. `Faultline`
// re-exports the layers and is the one library users import.
let package = Package(
  name: "Faultline",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Faultline", targets: ["Faultline"]),
    .library(name: "FaultlineModels", targets: ["FaultlineModels"]),
    .library(name: "FaultlineCLI", targets: ["FaultlineCLI"]),
    .executable(name: "faultline", targets: ["faultline"]),
  ],
  targets: [
    // One C function: a cache prefetch for the visited-state table, which Swift cannot express.
    .target(name: "FaultlinePrefetch"),
    .target(
      name: "FaultlineCore", dependencies: ["FaultlinePrefetch"],
      linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
    .target(name: "FaultlineConsistency", dependencies: ["FaultlineCore"]),
    .target(name: "FaultlineSystem", dependencies: ["FaultlineCore", "FaultlineConsistency"]),
    .target(
      name: "FaultlineTrace", dependencies: ["FaultlineCore", "FaultlineConsistency", "FaultlineSystem"]),
    .target(
      name: "FaultlineReport",
      dependencies: ["FaultlineCore", "FaultlineConsistency", "FaultlineSystem", "FaultlineTrace"]),
    .target(
      name: "Faultline",
      dependencies: [
        "FaultlineCore", "FaultlineConsistency", "FaultlineSystem", "FaultlineTrace", "FaultlineReport",
      ]),
    .target(name: "FaultlineModels", dependencies: ["Faultline"], path: "models"),
    .target(name: "FaultlineCLI", dependencies: ["Faultline", "FaultlineModels"]),
    .executableTarget(name: "faultline", dependencies: ["FaultlineCLI"], path: "Sources/FaultlineTool"),
    .testTarget(name: "FaultlineTests", dependencies: ["Faultline"]),
    .testTarget(name: "FaultlineModelsTests", dependencies: ["Faultline", "FaultlineModels"]),
    .testTarget(
      name: "FaultlineCLITests", dependencies: ["faultline", "FaultlineCLI"], exclude: ["Tutorial"]),
  ],
  swiftLanguageModes: [.v6]
)
