// swift-tools-version:6.1
// The micro-benchmarks, a package of their own so that the library's package (and CI) never builds them.
// Run from this directory: `swift package --scratch-path ../.build-bench benchmark` (see BENCHMARKS.md).
import PackageDescription

let package = Package(
    name: "traffik-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "traffik-swift", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TraffikBenchmarks",
            dependencies: [
                .product(name: "Traffik", package: "traffik-swift"),
                .product(name: "TraffikHTTP", package: "traffik-swift"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TraffikBenchmarks",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
