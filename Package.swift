// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Tests call C socket APIs, whose structs Swift may attribute to whichever C module imported them first (with
/// NIO, `CNIOLinux`); member import visibility would then depend on file order, so tests leave it off.
let testSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "traffik-swift",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11)],
    products: [
        .library(name: "Traffik", targets: ["Traffik"]),
        .library(name: "TraffikHTTP", targets: ["TraffikHTTP"]),
        .library(name: "TraffikHummingbird", targets: ["TraffikHummingbird"]),
        .library(name: "TraffikRedis", targets: ["TraffikRedis"]),
        .library(name: "TraffikMemcached", targets: ["TraffikMemcached"]),
        .library(name: "TraffikVapor", targets: ["TraffikVapor"]),
        .executable(name: "traffik-demo", targets: ["traffik-demo"]),
        .executable(name: "traffik-bench", targets: ["traffik-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
    ],
    targets: [
        .target(
            name: "Traffik",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikHTTP",
            dependencies: [
                "Traffik",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "TraffikHummingbird",
            dependencies: [
                "Traffik",
                "TraffikHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikConnectionPool",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikRedis",
            dependencies: [
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "Traffik",
                "TraffikConnectionPool",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikMemcached",
            dependencies: [
                "Traffik",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                "TraffikConnectionPool",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikVapor",
            dependencies: [
                "Traffik",
                "TraffikHTTP",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "traffik-bench",
            dependencies: [
                "Traffik",
                "TraffikBenchContract",
                "TraffikProcessSupport",
                "TraffikRedis",
                "TraffikMemcached",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikProcessSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TraffikBenchContract",
            dependencies: [
                "Traffik",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "traffik-demo",
            dependencies: [
                "Traffik",
                "TraffikBenchContract",
                "TraffikHTTP",
                "TraffikHummingbird",
                "TraffikRedis",
                "TraffikMemcached",
                "TraffikVapor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TraffikHTTPTests",
            dependencies: [
                "TraffikHTTP",
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikHummingbirdTests",
            dependencies: [
                "TraffikHummingbird",
                "TraffikTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikDemoTests",
            dependencies: [
                "TraffikBenchContract",
                "TraffikHTTP",
                "traffik-demo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "WSClient", package: "swift-websocket"),
                "TraffikTestSupport",
            ],
            swiftSettings: testSettings
        ),
        .target(
            name: "TraffikTestSupport",
            dependencies: ["Traffik"],
            path: "Tests/TraffikTestSupport",
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikReadmeTests",
            dependencies: [
                "Traffik",
                "TraffikHTTP",
                "TraffikHummingbird",
                "TraffikVapor",
                "TraffikRedis",
                "TraffikMemcached",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Vapor", package: "vapor"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikVaporTests",
            dependencies: [
                "Traffik",
                "TraffikHTTP",
                "TraffikVapor",
                "TraffikTestSupport",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .target(
            name: "BackendConformance",
            dependencies: ["Traffik"],
            path: "Tests/BackendConformance",
            swiftSettings: testSettings
        ),
        .target(
            name: "StoreTestSupport",
            dependencies: [
                "Traffik",
                "TraffikRedis",
                "TraffikMemcached",
                "TraffikProcessSupport",
                "TestServerSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/StoreTestSupport",
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikConformanceTests",
            dependencies: [
                "Traffik",
                "TraffikRedis",
                "TraffikMemcached",
                "StoreTestSupport",
                "BackendConformance",
                "TraffikTestSupport",
            ],
            swiftSettings: testSettings
        ),
        .target(
            name: "TestServerSupport",
            dependencies: [
                "TraffikProcessSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TestServerSupport",
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikRedisTests",
            dependencies: [
                "StoreTestSupport",
                "TraffikProcessSupport",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "Traffik",
                "TraffikRedis",
                "TraffikConnectionPool",
                "TestServerSupport",
                "TraffikTestSupport",
                "BackendConformance",
                "traffik-bench",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"],  // read from the source tree by path: the TLS tests' certificate and key
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikConnectionPoolTests",
            dependencies: [
                "TraffikConnectionPool",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikMemcachedTests",
            dependencies: [
                "StoreTestSupport",
                "TraffikProcessSupport",
                "Traffik",
                "TraffikMemcached",
                "TestServerSupport",
                "TraffikTestSupport",
                "BackendConformance",
                "traffik-bench",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikBenchTests",
            dependencies: ["traffik-bench", "Traffik", "TraffikBenchContract"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TraffikTests",
            dependencies: [
                "Traffik",
                "TraffikTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: testSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
