// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import Logging
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird
import TraffikTestSupport
import WSClient

@Suite struct ClientIdentityTests {
    /// The identities each throttle of ``app(_:)`` keyed, by throttle.
    let seen = Shared<[String: [Identity]]>([:])

    /// A 1/min throttle per client that records the identity it keys by under `name`.
    func throttle(_ name: String) throws -> HummingbirdThrottle<TestContext> {
        try makeThrottle(
            "1/min",
            identifier: { [seen] input in
                seen.withLock { $0[name, default: []].append(input.throttleIdentity) }
                return input.throttleIdentity
            }
        )
    }

    /// `/whoami` behind three throttles (the router's middleware, the route's, `enforce` in the handler), answering
    /// the client as the context carries it; with a ClientAddressMiddleware of `first` before them all, and one of
    /// `second` after the router's throttle.
    func app(
        first: ClientAddressResolver? = nil,
        second: ClientAddressResolver? = nil
    ) throws -> some ApplicationProtocol {
        let router = Router(context: TestContext.self)
        if let first { router.add(middleware: ClientAddressMiddleware(first)) }
        router.add(middleware: ThrottleMiddleware(try throttle("router")))
        let group = router.group()
        if let second { group.add(middleware: ClientAddressMiddleware(second)) }
        let enforced = try throttle("enforce")
        group.throttled(by: try throttle("route")).get("/whoami") { request, context in
            try await enforced.enforce(request, context: context)
            let input = HummingbirdRequest(request, context: context)
            return input.throttleIdentity == .anonymous ? "anonymous" : "\(input.clientAddress!)"
        }
        return Application(router: router)
    }

    /// What every throttle saw: `identity` once each.
    func expectEveryThrottleSaw(_ identity: Identity, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            seen.value == ["router": [identity], "route": [identity], "enforce": [identity]],
            sourceLocation: sourceLocation
        )
    }

    @Test func aTrustedProxysForwardedClientIsUsedByEveryThrottle() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(first: resolver).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "6.6.6.6, 203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "203.0.113.1")
            }
            expectEveryThrottleSaw("203.0.113.1")
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.2"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerChangesNothing() async throws {
        // The header is configured, but the test's peer (loopback) is not one of the trusted proxies.
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
        try await app(first: resolver).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "127.0.0.1")
            }
            expectEveryThrottleSaw("127.0.0.1")
            // Another claimed address is still the same peer, with the same spent budget.
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.2"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func withoutTheMiddlewareThePeerIsUsedAndNoHeaderRead() async throws {
        try await app().test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "127.0.0.1")
            }
            expectEveryThrottleSaw("127.0.0.1")
        }
    }

    @Test func theFirstMiddlewareDecidesAndALaterOneChangesNothing() async throws {
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(first: proxies, second: .peerOnly).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect(String(buffer: $0.body) == "203.0.113.1")
            }
            expectEveryThrottleSaw("203.0.113.1")
        }
    }

    @Test func aThrottleBeforeTheMiddlewareSettlesThePeerForTheWholeRequest() async throws {
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(second: proxies).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect(String(buffer: $0.body) == "127.0.0.1")
            }
            expectEveryThrottleSaw("127.0.0.1")
        }
    }

    /// A misplaced throttle behind a proxy would give every client the proxy's budget: the middleware after it says
    /// so, once, however many requests pass.
    @Test func aThrottleBeforeTheMiddlewareIsLoggedOnce() async throws {
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let lines = Shared<[String]>([])
        let logger = Logger(label: "client-identity") { _ in CapturingLogHandler(lines: lines) }
        let router = Router(context: TestContext.self)
        router.add(middleware: ThrottleMiddleware(try makeThrottle("100/min")))
        router.add(middleware: ClientAddressMiddleware(proxies))
        router.get("/whoami") { _, _ in "ok" }
        try await Application(router: router, logger: logger).test(.live) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                    #expect($0.status == .ok)
                }
            }
        }
        let warnings = lines.value.filter { $0.contains("runs before ClientAddressMiddleware") }
        #expect(warnings.count == 1, "\(lines.value)")
    }

    @Test func aWellPlacedMiddlewareLogsNothing() async throws {
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let lines = Shared<[String]>([])
        let logger = Logger(label: "client-identity") { _ in CapturingLogHandler(lines: lines) }
        let router = Router(context: TestContext.self)
        router.add(middleware: ClientAddressMiddleware(proxies))
        router.add(middleware: ThrottleMiddleware(try throttle("router")))
        router.add(middleware: ClientAddressMiddleware(.peerOnly))
        router.get("/whoami") { _, _ in "ok" }
        try await Application(router: router, logger: logger).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect($0.status == .ok)
            }
        }
        #expect(!lines.value.contains { $0.contains("runs before ClientAddressMiddleware") })
    }

    @Test func theResolversIPv6GroupingIsTheIdentity() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(first: resolver).test(.live) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "2001:db8:1:2::7"]) {
                #expect(String(buffer: $0.body) == "2001:db8:1:2::")
            }
            expectEveryThrottleSaw("2001:db8:1:2::/64")
        }
    }

    @Test func webSocketMessagesAreKeyedByTheUpgradesResolvedClient() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let router = Router(context: TestContext.self)
        router.add(middleware: ClientAddressMiddleware(resolver))
        let messages = WebSocketMessageThrottle(try throttle("messages"))
        router.throttled(by: try throttle("handshake")).ws(
            "/ws",
            onUpgrade: messages.handler { _, outbound, _ in try await outbound.write(.text("ok")) }
        )
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
        try await app.test(.live) { client in
            let forwarded = WebSocketClientConfiguration(additionalHeaders: [.xForwardedFor: "203.0.113.1"])
            _ = try await client.ws("/ws", configuration: forwarded) { inbound, outbound, _ in
                try await outbound.write(.text("hi"))
                var replies = inbound.messages(maxSize: 1 << 10).makeAsyncIterator()
                #expect(try await replies.next() == .text("ok"))
            }
        }
        #expect(seen.value == ["handshake": ["203.0.113.1"], "messages": ["203.0.113.1"]])
    }

    /// Behind a proxy writing X-Forwarded-For, the old resolver read a client-written `Forwarded` first: a fresh
    /// `for=` per request was a fresh budget per request.
    @Test func aClientWrittenForwardedHeaderIsNotRead() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let forwarded = HTTPField.Name("Forwarded")!
        try await app(first: resolver).test(.live) { client in
            for (claim, status) in [
                ("for=198.51.100.1", HTTPResponse.Status.ok), ("for=198.51.100.2", .tooManyRequests),
            ] {
                let headers: HTTPFields = [.xForwardedFor: "203.0.113.1", forwarded: claim]
                try await client.execute(uri: "/whoami", method: .get, headers: headers) { response in
                    #expect(response.status == status)
                    if status == .ok { #expect(String(buffer: response.body) == "203.0.113.1") }
                }
            }
        }
    }

    @Test func withoutARemoteAddressClientsAreAnonymous() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await app(first: resolver).test(.router) { client in
            try await client.execute(uri: "/whoami", method: .get, headers: [.xForwardedFor: "203.0.113.1"]) {
                #expect(String(buffer: $0.body) == "anonymous")
            }
            expectEveryThrottleSaw(.anonymous)
        }
    }
}

/// Keeps the messages of warnings and worse, for tests that check what was logged.
private struct CapturingLogHandler: LogHandler {
    let lines: Shared<[String]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let message = "\(event.message)"
        lines.withLock { $0.append(message) }
    }
}
