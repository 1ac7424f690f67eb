// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import NIOWebSocket
import Synchronization
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird
import WSClient

@Suite struct WebSocketTests {
    func app(_ refusal: WebSocketMessageRefusal) throws -> some ApplicationProtocol {
        let throttle = try makeThrottle("3/min")
        let router = Router(context: TestContext.self)
        router.ws(
            "/ws",
            onUpgrade: WebSocketMessageThrottle(throttle, refusal: refusal).handler { message, outbound, _ in
                if case .text(let text) = message { try await outbound.write(.text("echo \(text)")) }
            }
        )
        return Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
    }

    @Test func refusedMessagesGetARateLimitFrame() async throws {
        let replies = Mutex<[String]>([])
        try await app(.reply(.json)).test(.live) { client in
            _ = try await client.ws("/ws") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                for index in 0..<5 {
                    try await outbound.write(.text("m\(index)"))
                    if case .text(let reply) = try await messages.next() {
                        replies.withLock { $0.append(reply) }
                    }
                }
            }
        }
        let frame = #"{"type":"rate_limit","error":"Too many messages","retry_after":60}"#
        #expect(replies.withLock { $0 } == ["echo m0", "echo m1", "echo m2", frame, frame])
    }

    @Test func refusedMessagesCanCloseTheConnection() async throws {
        let replies = Mutex<[String]>([])
        let close = try await app(.close).test(.live) { client in
            try await client.ws("/ws") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                for index in 0..<4 {
                    try await outbound.write(.text("m\(index)"))
                    guard case .text(let reply) = try await messages.next() else { return }
                    replies.withLock { $0.append(reply) }
                }
            }
        }
        #expect(replies.withLock { $0 } == ["echo m0", "echo m1", "echo m2"])
        #expect(close?.closeCode == .policyViolation)
        #expect(close?.reason == "rate limited")
    }

    /// What a client sees of two handshakes on `/ws` of a live server: the first message after the first (accepted)
    /// handshake, then the status line, the named fields and the body of the answer to the second.
    func twoHandshakes<Context: WebSocketRequestContext & RequestContext>(
        _ router: Router<Context>,
        reading names: [HTTPField.Name] = []
    ) async throws -> [String] {
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
        let outcomes = Mutex<[String]>([])
        try await app.test(.live) { client in
            _ = try await client.ws("/ws") { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                let first = try await messages.next()
                if case .text(let text) = first { outcomes.withLock { $0.append(text) } }
            }
            let answer = try await client.execute(
                uri: "/ws",
                method: .get,
                headers: [
                    .connection: "Upgrade", .upgrade: "websocket", .secWebSocketVersion: "13",
                    .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==",
                ]
            ) { response in
                ["HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)"]
                    + names.map { "\($0): \(response.headers[$0] ?? "-")" } + [String(buffer: response.body)]
            }
            outcomes.withLock { $0.append(contentsOf: answer) }
        }
        return outcomes.withLock { $0 }
    }

    /// A WebSocket route that says hello, then waits for the client to close.
    static func hello(
        _ inbound: WebSocketInboundStream,
        _ outbound: WebSocketOutboundWriter,
        _ context: some WebSocketContext
    ) async throws {
        try await outbound.write(.text("hello"))
        // Only the client closes: a close from both ends at once can leave the connection open, and the server's
        // graceful shutdown waiting for it.
        for try await _ in inbound {}
    }

    /// Hummingbird answers a refused upgrade with a bare 400; in a context that keeps its channel, the client gets
    /// the middleware's 429, with `Retry-After`, the profiles and the body, over a real socket.
    @Test func aThrottledUpgradeIsRefusedWith429() async throws {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("1/min"), responses: .init(profiles: [.legacy()])).ws("/ws") {
            try await Self.hello($0, $1, $2)
        }
        let outcomes = try await twoHandshakes(router, reading: [.retryAfter, .xRateLimitRemaining, .contentType])
        #expect(
            outcomes == [
                "hello", "HTTP/1.1 429 Too Many Requests", "Retry-After: 60", "X-RateLimit-Remaining: 0",
                "Content-Type: application/json; charset=utf-8",
                #"{"error":"too_many_requests","detail":"Too many requests. Retry in 60 seconds.","retry_after":60}"#,
            ]
        )
    }

    /// A handler of one's own answers the refused handshake too.
    @Test func aCustomRefusalReachesTheHandshake() async throws {
        let router = Router(context: TestContext.self)
        let responses = ThrottleResponses<TestContext>(onThrottled: { decision, _, _ in
            Response(
                status: .serviceUnavailable,
                headers: [.retryAfter: "\(decision.retryAfterSeconds ?? 0)"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "later"))
            )
        })
        router.throttled(by: try makeThrottle("1/min"), responses: responses).ws("/ws") {
            try await Self.hello($0, $1, $2)
        }
        let outcomes = try await twoHandshakes(router, reading: [.retryAfter])
        #expect(outcomes == ["hello", "HTTP/1.1 503 Service Unavailable", "Retry-After: 60", "later"])
    }

    /// A context without its channel cannot have the 400 replaced: the client sees Hummingbird's failed handshake.
    @Test func withoutTheChannelAThrottledUpgradeGets400() async throws {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let throttle = try Throttle<HummingbirdRequest<BasicWebSocketRequestContext>>(
            uid: "\(#function):\(UInt64.random(in: 0...UInt64.max))",
            rate: "1/min",
            backend: .fixed(InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000)))
        )
        router.throttled(by: throttle).ws("/ws") { try await Self.hello($0, $1, $2) }
        let outcomes = try await twoHandshakes(router, reading: [.retryAfter])
        #expect(outcomes == ["hello", "HTTP/1.1 400 Bad Request", "Retry-After: -", ""])
    }

    /// On a server without WebSocket upgrades, a refused request that asks for one gets the ordinary 429, and the
    /// connection goes on serving: nothing of the handshake path stays in its way.
    @Test func onAPlainServerARefusedUpgradeRequestIsAnOrdinary429() async throws {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("1/min")).get("/x") { _, _ in "x" }
        router.get("/free") { _, _ in "free" }
        let upgrade: HTTPFields = [.connection: "Upgrade", .upgrade: "websocket"]
        try await Application(router: router).test(.live) { client in
            try await client.execute(uri: "/x", method: .get, headers: upgrade) { #expect($0.status == .ok) }
            for _ in 0..<2 {
                try await client.execute(uri: "/x", method: .get, headers: upgrade) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] == "60")
                    #expect(String(buffer: response.body).hasPrefix(#"{"error":"too_many_requests""#))
                }
            }
            try await client.execute(uri: "/free", method: .get) { #expect(String(buffer: $0.body) == "free") }
        }
    }
}
