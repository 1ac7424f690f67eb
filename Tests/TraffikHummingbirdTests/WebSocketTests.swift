import Foundation
import Glibc
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
    func app(_ refusal: WebSocketMessageThrottle<TestContext>.Refusal) throws -> some ApplicationProtocol {
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
            // Only the client closes: the server waits for its close frame.
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
            let port = client.port!
            let status = try await onOwnThread {
                try rawStatusLine(
                    port: port,
                    request: "GET /ws HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                )
            }
            outcomes.withLock { $0.append(status) }
        }
        #expect(outcomes.withLock { $0 } == ["hello", "HTTP/1.1 400 Bad Request"])
    }
}

/// Runs the blocking `body` on a thread of its own, so that it never holds one of the concurrency runtime's few
/// threads while the server it waits for needs them.
private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result(catching: body)) }
    }
}

/// Sends `request` over a plain socket to the loopback `port` and returns the response's status line, giving up
/// after five seconds without an answer.
private func rawStatusLine(port: Int, request: String) throws -> String {
    struct SocketError: Error {}
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw SocketError() }
    defer { close(socket) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = [UInt8](repeating: 0, count: MemoryLayout<sockaddr_in>.size)
    address[0] = UInt8(AF_INET)  // sin_family, little-endian
    address[2] = UInt8(port >> 8)
    address[3] = UInt8(port & 0xFF)
    address[4] = 127
    address[7] = 1
    let connected = address.withUnsafeBytes { raw in
        connect(socket, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
    }
    guard connected == 0 else { throw SocketError() }
    let bytes = Array(request.utf8)
    guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw SocketError() }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1024)
    while !response.contains(0x0A) {
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { break }
        response += buffer.prefix(count)
    }
    let line = response.prefix { $0 != 0x0D && $0 != 0x0A }
    return String(decoding: line, as: UTF8.self)
}
