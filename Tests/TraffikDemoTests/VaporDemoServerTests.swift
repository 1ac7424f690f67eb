// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Synchronization
import Testing
import Traffik
import TraffikTestSupport
import Vapor
import VaporTesting
import WSClient

@testable import traffik_demo

/// The Vapor server of `traffik-demo serve --framework vapor`: the same routes and limits as the Hummingbird one
/// (``DemoServerTests``).
@Suite(.timeLimit(.minutes(1))) struct VaporDemoServerTests {
    /// Runs `test` on the demo's Vapor application, shut down however the test ends.
    func withDemo<T>(_ test: (Application) async throws -> T) async throws -> T {
        var logger = Logger(label: "traffik-demo")
        logger.logLevel = .error
        let server = DemoServer(port: 0, clock: ManualClock(microseconds: 1_700_000_040_000_000))
        let app = try await server.makeVaporApplication(logger: logger)
        let result: T
        do {
            result = try await test(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return result
    }

    func statuses(
        _ tester: any TestingApplicationTester,
        _ count: Int,
        _ path: String,
        method: HTTPMethod = .GET,
        headers: HTTPHeaders = [:],
        body: ByteBuffer? = nil
    ) async throws -> [UInt] {
        var result: [UInt] = []
        for _ in 0..<count {
            result.append(try await tester.sendRequest(method, path, headers: headers, body: body).status.code)
        }
        return result
    }

    @Test func healthIsNeverThrottled() async throws {
        try await withDemo { app in
            let results = try await statuses(try app.testing(), 300, "health")
            #expect(results.allSatisfy { $0 == 200 })
        }
    }

    @Test func itemsAdmitOneHundredPerClientThen429() async throws {
        try await withDemo { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let results = try await statuses(tester, 101, "items")
            #expect(results.prefix(100).allSatisfy { $0 == 200 })
            #expect(results.last == 429)
            let response = try await tester.sendRequest(.GET, "items")
            #expect(response.headers.first(name: "Retry-After") != nil)
            #expect(response.headers.first(name: "RateLimit") != nil)
        }
    }

    @Test func searchAllowsABurstOfTwenty() async throws {
        try await withDemo { app in
            let results = try await statuses(try app.testing(), 21, "search?q=swift")
            #expect(results.prefix(20).allSatisfy { $0 == 200 })
            #expect(results.last == 429)
        }
    }

    @Test func uploadsCostTheirSize() async throws {
        try await withDemo { app in
            let body = ByteBuffer(repeating: 0x61, count: 400 * 1024)
            let results = try await statuses(try app.testing(), 3, "upload", method: .POST, body: body)
            // 400 KiB each against 1000 KiB per minute: two pass, the third would exceed the budget.
            #expect(results == [200, 200, 429])
        }
    }

    @Test func tiersHaveTheirOwnRatesAndBackends() async throws {
        try await withDemo { app in
            let tester = try app.testing()
            let free = try await statuses(tester, 11, "api/data", headers: ["Authorization": "Bearer free:alice"])
            #expect(free.prefix(10).allSatisfy { $0 == 200 } && free.last == 429)
            let premium = try await statuses(
                tester,
                101,
                "api/data",
                headers: ["Authorization": "Bearer premium:alice"]
            )
            #expect(premium.prefix(100).allSatisfy { $0 == 200 } && premium.last == 429)
            let enterprise = try await statuses(
                tester,
                150,
                "api/data",
                headers: ["Authorization": "Bearer enterprise:alice"]
            )
            #expect(enterprise.allSatisfy { $0 == 200 })
        }
    }

    @Test func webSocketEchoesUntilThrottled() async throws {
        let replies = Mutex<[String]>([])
        try await withDemo { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(app.http.server.shared.localAddress?.port)
                let logger = app.logger
                try await withTimeout {
                    try await WSClient.WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", logger: logger) {
                        inbound,
                        outbound,
                        _ in
                        let all = try await echoConversation(31, inbound: inbound, outbound: outbound)
                        replies.withLock { $0 = all }
                    }
                }
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
        #expect(isThirtyEchoesThenARateLimitFrame(replies.withLock { $0 }))
    }

    @Test func theFrameworkOptionChoosesVapor() throws {
        #expect(try ServeCommand.parse([]).framework == .hummingbird)
        #expect(try ServeCommand.parse(["--framework", "vapor"]).framework == .vapor)
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--framework", "express"]) }
    }
}
