// swift-tools-version:6.1
import PackageDescription

/// Coverage-guided fuzz targets for Traffik, one libFuzzer executable per input the library parses. A package of its
/// own, depending on the library by path, so that building the library never builds them. Build and run them with
/// `scripts/fuzz` (which builds with `swift build --sanitize=fuzzer`); see README.md here.
let targets = [
    ("fuzz-resp", ["TraffikRedis"]),
    ("fuzz-memcached", ["TraffikMemcached"]),
    ("fuzz-forwarded", ["TraffikHTTP"]),
    ("fuzz-rate", ["Traffik"]),
    ("fuzz-path-pattern", ["TraffikHTTP"]),
    ("fuzz-strategy-state", ["Traffik"]),
]

let package = Package(
    name: "traffik-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "traffik-swift", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "NIOCore", package: "swift-nio")])
    ]
        + targets.map { name, libraries in
            .executableTarget(
                name: name,
                dependencies: ["FuzzSupport", .product(name: "NIOCore", package: "swift-nio")]
                    + libraries.map { .product(name: $0, package: "traffik-swift") },
                // The entry point is libFuzzer's: the target only defines `LLVMFuzzerTestOneInput`.
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            )
        },
    swiftLanguageModes: [.v6]
)
