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

    /// Hummingbird answers any refused upgrade with 400 Bad Request and closes the connection, so a client over the
    /// limit sees a failed handshake rather than a 429.
    @Test func upgradesCanBeThrottledAndAreRefusedWith400() async throws {
        let router = Router(context: TestContext.self)
        router.throttled(by: try makeThrottle("1/min")).ws("/ws") { inbound, outbound, _ in
            try await outbound.write(.text("hello"))
            // Only the client closes: a close from both ends at once can leave the connection open, and the
            // server's graceful shutdown waiting for it.
            for try await _ in inbound {}
        }
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
        let outcomes = Mutex<[String]>([])
        try await app.test(.live) { client in
            _ = try await client.ws("/ws") { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                let first = try await messages.next()
                if case .text(let text) = first { outcomes.withLock { $0.append(text) } }
            }
            let status = try await client.execute(
                uri: "/ws",
                method: .get,
                headers: [
                    .connection: "Upgrade", .upgrade: "websocket", .secWebSocketVersion: "13",
                    .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==",
                ]
            ) { "HTTP/1.1 \($0.status.code) \($0.status.reasonPhrase)" }
            outcomes.withLock { $0.append(status) }
        }
        #expect(outcomes.withLock { $0 } == ["hello", "HTTP/1.1 400 Bad Request"])
    }
}
