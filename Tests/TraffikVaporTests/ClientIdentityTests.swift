// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOPosix
import Testing
import Traffik
import TraffikHTTP
import TraffikTestSupport
import TraffikVapor
import Vapor
import VaporTesting
import WebSocketKit

@Suite(.timeLimit(.minutes(1))) struct ClientIdentityTests {
    /// The identities each throttle of ``withApp(resolver:_:)`` keyed, by throttle.
    let seen = Shared<[String: [Identity]]>([:])

    /// A 1/min throttle per client that records the identity it keys by under `name`.
    func throttle(_ name: String) throws -> VaporThrottle {
        try makeThrottle(
            "1/min",
            identifier: { [seen] input in
                seen.withLock { $0[name, default: []].append(input.throttleIdentity) }
                return input.throttleIdentity
            }
        )
    }

    /// `whoami` behind three throttles (the application's middleware, the route's, `enforce` in the handler),
    /// answering the resolved client; `resolver`, when given, is the application's, set once.
    func withApp(resolver: ClientAddressResolver?, _ test: (Application) async throws -> Void) async throws {
        let global = try throttle("application")
        let route = try throttle("route")
        let enforced = try throttle("enforce")
        try await withQuietApp { app in
            if let resolver { app.traffik.clientAddressResolver = resolver }
            app.middleware.use(ThrottleMiddleware(global))
            app.throttled(by: route).get("whoami") { req in
                try await enforced.enforce(req)
                let input = VaporRequest(req)
                return input.throttleIdentity == .anonymous ? "anonymous" : "\(input.clientAddress!)"
            }
            try await test(app)
        }
    }

    /// What every throttle saw: `identity` once each.
    func expectEveryThrottleSaw(_ identity: Identity, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            seen.value == ["application": [identity], "route": [identity], "enforce": [identity]],
            sourceLocation: sourceLocation
        )
    }

    @Test func aTrustedProxysForwardedClientIsUsedByEveryThrottle() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            // Vapor's `peerAddress` would take the left-most, client-written entry; the resolver takes the right-most
            // entry that is not a trusted proxy.
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "6.6.6.6, 203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect($0.text == "203.0.113.1")
            }
            expectEveryThrottleSaw("203.0.113.1")
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.2"]) {
                #expect($0.status == .ok)
            }
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func aSpoofedForwardedForFromAnUntrustedPeerChangesNothing() async throws {
        // The header is configured, but the test's peer (loopback) is not one of the trusted proxies.
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect($0.text == "127.0.0.1")
            }
            expectEveryThrottleSaw("127.0.0.1")
            // Another claimed address is still the same peer, with the same spent budget.
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.2"]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func withoutAResolverThePeerIsUsedAndNoHeaderRead() async throws {
        try await withApp(resolver: nil) { app in
            #expect(app.traffik.clientAddressResolver == .peerOnly)
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.status == .ok)
                #expect($0.text == "127.0.0.1")
            }
            expectEveryThrottleSaw("127.0.0.1")
        }
    }

    @Test func theResolversIPv6GroupingIsTheIdentity() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await tester.test(.GET, "whoami", headers: ["X-Forwarded-For": "2001:db8:1:2::7"]) {
                #expect($0.text == "2001:db8:1:2::")
            }
            expectEveryThrottleSaw("2001:db8:1:2::/64")
        }
    }

    @Test func webSocketMessagesAreKeyedByTheUpgradesResolvedClient() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        let messages = WebSocketMessageThrottle(try throttle("messages"))
        let handshakes = try throttle("handshake")
        try await withQuietApp { app in
            app.traffik.clientAddressResolver = resolver
            app.throttled(by: handshakes).webSocket("ws", throttle: messages) { _, ws, _ in try await ws.send("ok") }
            try await withRunningServer(app) { port in
                try await withTimeout {
                    let (replies, continuation) = AsyncStream.makeStream(of: String.self)
                    let socket = try await withCheckedThrowingContinuation {
                        (connected: CheckedContinuation<WebSocket, any Error>) in
                        WebSocket.connect(
                            to: "ws://127.0.0.1:\(port)/ws",
                            headers: ["X-Forwarded-For": "203.0.113.1"],
                            on: MultiThreadedEventLoopGroup.singleton
                        ) { ws in
                            ws.onText { _, text in continuation.yield(text) }
                            ws.onClose.whenComplete { _ in continuation.finish() }
                            connected.resume(returning: ws)
                        }.whenFailure { connected.resume(throwing: $0) }
                    }
                    try await socket.send("hi")
                    var iterator = replies.makeAsyncIterator()
                    #expect(await iterator.next() == "ok")
                    try await socket.close(code: .normalClosure)
                }
            }
        }
        #expect(seen.value == ["handshake": ["203.0.113.1"], "messages": ["203.0.113.1"]])
    }

    /// Behind a proxy writing X-Forwarded-For, the old resolver read a client-written `Forwarded` first: a fresh
    /// `for=` per request was a fresh budget per request.
    @Test func aClientWrittenForwardedHeaderIsNotRead() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let first: HTTPHeaders = ["X-Forwarded-For": "203.0.113.1", "Forwarded": "for=198.51.100.1"]
            try await tester.test(.GET, "whoami", headers: first) { #expect($0.text == "203.0.113.1") }
            let second: HTTPHeaders = ["X-Forwarded-For": "203.0.113.1", "Forwarded": "for=198.51.100.2"]
            try await tester.test(.GET, "whoami", headers: second) { #expect($0.status == .tooManyRequests) }
        }
    }

    @Test func withoutARemoteAddressClientsAreAnonymous() async throws {
        let resolver = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["127.0.0.0/8", "::1"])
        try await withApp(resolver: resolver) { app in
            try await app.testing().test(.GET, "whoami", headers: ["X-Forwarded-For": "203.0.113.1"]) {
                #expect($0.text == "anonymous")
            }
            expectEveryThrottleSaw(.anonymous)
        }
    }
}
