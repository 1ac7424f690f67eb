// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import Synchronization
import Testing
import Traffik
import TraffikHTTP

@testable import traffik_demo

@Suite struct DemoServerTests {
    func app() throws -> some ApplicationProtocol {
        try DemoServer(clock: ManualClock(microseconds: 1_700_000_040_000_000)).makeApplication()
    }

    func statuses(
        _ client: some TestClientProtocol,
        _ count: Int,
        _ uri: String,
        method: HTTPRequest.Method = .get,
        headers: HTTPFields = [:],
        body: ByteBuffer? = nil
    ) async throws -> [UInt] {
        var result: [UInt] = []
        for _ in 0..<count {
            result.append(
                try await client.execute(uri: uri, method: method, headers: headers, body: body) {
                    UInt($0.status.code)
                }
            )
        }
        return result
    }

    @Test func healthIsNeverThrottled() async throws {
        try await app().test(.router) { client in
            let results = try await statuses(client, 300, "/health")
            #expect(results.allSatisfy { $0 == 200 })
        }
    }

    @Test func itemsAdmitOneHundredPerClientThen429() async throws {
        try await app().test(.live) { client in
            let results = try await statuses(client, 101, "/items")
            #expect(results.prefix(100).allSatisfy { $0 == 200 })
            #expect(results.last == 429)
            try await client.execute(uri: "/items", method: .get) { response in
                #expect(response.headers[.retryAfter] != nil)
                #expect(response.headers[HTTPField.Name("RateLimit")!] != nil)
            }
        }
    }

    @Test func behindATrustedProxyEachForwardedClientHasItsOwnBudget() async throws {
        var server = DemoServer(clock: ManualClock(microseconds: 1_700_000_040_000_000))
        server.resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let forwardedFor = HTTPField.Name("X-Forwarded-For")!
        try await server.makeApplication().test(.live) { client in
            let first = try await statuses(client, 101, "/items", headers: [forwardedFor: "203.0.113.1"])
            #expect(first.prefix(100).allSatisfy { $0 == 200 })
            #expect(first.last == 429)
            #expect(try await statuses(client, 1, "/items", headers: [forwardedFor: "203.0.113.2"]) == [200])
        }
    }

    @Test func searchAllowsABurstOfTwenty() async throws {
        try await app().test(.live) { client in
            let results = try await statuses(client, 21, "/search?q=swift")
            #expect(results.prefix(20).allSatisfy { $0 == 200 })
            #expect(results.last == 429)
        }
    }

    @Test func uploadsCostTheirSize() async throws {
        try await app().test(.live) { client in
            let body = ByteBuffer(repeating: 0x61, count: 400 * 1024)
            let results = try await statuses(client, 3, "/upload", method: .post, body: body)
            // 400 KiB each against 1000 KiB per minute: two pass, the third would exceed the budget.
            #expect(results == [200, 200, 429])
        }
    }

    @Test func tiersHaveTheirOwnRatesAndBackends() async throws {
        try await app().test(.router) { client in
            let free = try await statuses(client, 11, "/api/data", headers: [.authorization: "Bearer free:alice"])
            #expect(free.prefix(10).allSatisfy { $0 == 200 } && free.last == 429)
            let premium = try await statuses(
                client,
                101,
                "/api/data",
                headers: [.authorization: "Bearer premium:alice"]
            )
            #expect(premium.prefix(100).allSatisfy { $0 == 200 } && premium.last == 429)
            let enterprise = try await statuses(
                client,
                150,
                "/api/data",
                headers: [.authorization: "Bearer enterprise:alice"]
            )
            #expect(enterprise.allSatisfy { $0 == 200 })
        }
    }

    @Test func webSocketEchoesUntilThrottled() async throws {
        let replies = Mutex<[String]>([])
        try await app().test(.live) { client in
            _ = try await client.ws("/ws") { inbound, outbound, _ in
                let all = try await echoConversation(31, inbound: inbound, outbound: outbound)
                replies.withLock { $0 = all }
            }
        }
        #expect(isThirtyEchoesThenARateLimitFrame(replies.withLock { $0 }))
    }

    @Test func theDefaultCommandServes() throws {
        #expect(TraffikDemo.configuration.defaultSubcommand == ServeCommand.self)
        let serve = try ServeCommand.parse([
            "--port", "9000", "--trusted-proxy", "10.0.0.0/8", "--proxy-header", "x-forwarded-for",
            "--ipv6-prefix", "56",
        ])
        #expect(serve.port == 9000)
        #expect(serve.trustedProxies == ["10.0.0.0/8"])
        let resolver = try serve.makeResolver()
        #expect(resolver.header == .xForwardedFor)
        #expect(resolver.trustedProxies.map(\.description) == ["10.0.0.0/8"])
        #expect(resolver.ipv6PrefixLength == 56)
        #expect(try ServeCommand.parse([]).makeResolver() == .peerOnly)
        #expect(try ServeCommand.parse(["--ipv6-prefix", "off"]).makeResolver().ipv6PrefixLength == nil)
        let hops = try ServeCommand.parse(["--trusted-hops", "2", "--proxy-header", "Forwarded"]).makeResolver()
        #expect(hops.trustedHops == 2 && hops.header == .forwarded)
        // A trusted proxy without the header it writes, or a header without a proxy, is refused at parse time.
        for arguments in [
            ["--trusted-proxy", "10.0.0.0/8"], ["--proxy-header", "x-real-ip"], ["--ipv6-prefix", "129"],
            ["--ipv6-prefix", "sixty"], ["--trusted-proxy", "10.0.0.0/8", "--proxy-header", "x-forwarded"],
            ["--trusted-proxy", "::ffff:0:0/96", "--proxy-header", "x-forwarded-for"],
            ["--trusted-proxy", "10.0.0.0/8", "--trusted-hops", "1", "--proxy-header", "x-forwarded-for"],
        ] {
            #expect(throws: (any Error).self) { try ServeCommand.parse(arguments) }
        }
        #expect(
            try ServeCommand.parse(["--redis-url", "redis://127.0.0.1:6379/2"]).redisURL == "redis://127.0.0.1:6379/2"
        )
        #expect(throws: (any Error).self) { try TierBackends.redis(url: "http://nope", clock: SystemClock()) }
    }
}
