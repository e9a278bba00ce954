// swift-tools-version:6.0
// Benchmarks live in their own package so that the main package stays dependency-free and its
// test builds do not compile them.
import PackageDescription

let package = Package(
  name: "FaultlineBenchmarks",
  dependencies: [.package(name: "Faultline", path: "..")],
  targets: [
    .executableTarget(
      name: "packed-paxos",
      dependencies: [
        .product(name: "Faultline", package: "Faultline"),
        .product(name: "FaultlineModels", package: "Faultline"),
      ],
      path: "PackedPaxos"),
    .executableTarget(
      name: "verify-bench", dependencies: [.product(name: "Faultline", package: "Faultline")],
      path: "VerifyBench"),
    .executableTarget(
      name: "conformance-log",
      dependencies: [
        .product(name: "Faultline", package: "Faultline"),
        .product(name: "FaultlineModels", package: "Faultline"),
      ],
      path: "ConformanceLog"),
    // The hand-packed TwoPhase, the speed limit `two-phase-commit` is measured against.
    .executableTarget(
      name: "packed-two-phase", dependencies: [.product(name: "Faultline", package: "Faultline")],
      path: "PackedTwoPhase"),
  ],
  swiftLanguageModes: [.v6]
)
