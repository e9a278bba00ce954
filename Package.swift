// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Faultline",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Faultline", targets: ["Faultline"]),
    .library(name: "FaultlineModels", targets: ["FaultlineModels"]),
    .executable(name: "faultline", targets: ["faultline"]),
  ],
  targets: [
    .target(name: "Faultline", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
    .target(name: "FaultlineModels", dependencies: ["Faultline"], path: "models"),
    .executableTarget(name: "faultline", dependencies: ["Faultline", "FaultlineModels"]),
    .testTarget(name: "FaultlineTests", dependencies: ["Faultline"]),
    .testTarget(name: "FaultlineModelsTests", dependencies: ["Faultline", "FaultlineModels"]),
    .testTarget(name: "FaultlineCLITests", dependencies: ["faultline"], exclude: ["Tutorial"]),
  ],
  swiftLanguageModes: [.v6]
)
