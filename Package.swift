// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "traffik-swift",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11)],
    products: [
        .library(name: "Traffik", targets: ["Traffik"]),
        .library(name: "TraffikHTTP", targets: ["TraffikHTTP"]),
        .executable(name: "traffik-demo", targets: ["traffik-demo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "Traffik",
            dependencies: [
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikHTTP",
            dependencies: [
                "Traffik",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "traffik-demo",
            dependencies: [
                "Traffik",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TraffikHTTPTests",
            dependencies: ["TraffikHTTP"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TraffikDemoTests",
            dependencies: ["traffik-demo"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TraffikTests",
            dependencies: [
                "Traffik",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
