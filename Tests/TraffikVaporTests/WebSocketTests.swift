// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
import NIOWebSocket
import Testing
import Traffik
import TraffikHTTP
import TraffikTestSupport
import TraffikVapor
import Vapor
import VaporTesting
import WebSocketKit

@Suite(.timeLimit(.minutes(1))) struct WebSocketTests {
    /// What a client saw: the text frames it received and the close code, if the server closed.
    struct Transcript: Sendable {
        var replies: [String]
        var closeCode: WebSocketErrorCode?
    }

    /// Serves `/ws` (an echo behind a 3/min message throttle), sends `count` messages from one client, and reads
    /// replies until it has `count` of them or the server closes.
    func converse(_ refusal: WebSocketMessageRefusal, sending count: Int) async throws -> Transcript {
        let throttle = try makeThrottle("3/min")
        return try await withQuietApp { app in
            app.webSocket(
                "ws",
                onUpgrade: WebSocketMessageThrottle(throttle, refusal: refusal).handler { message, ws, _ in
                    if case .text(let text) = message { try await ws.send("echo \(text)") }
                }
            )
            return try await withRunningServer(app) { port in
                try await withTimeout { try await Self.client(port: port, sending: count) }
            }
        }
    }

    static func client(port: Int, sending count: Int) async throws -> Transcript {
        let (frames, continuation) = AsyncStream.makeStream(of: String.self)
        let socket = try await withCheckedThrowingContinuation {
            (connected: CheckedContinuation<WebSocket, any Error>) in
            WebSocket.connect(to: "ws://127.0.0.1:\(port)/ws", on: MultiThreadedEventLoopGroup.singleton) { ws in
                ws.onText { _, text in continuation.yield(text) }
                ws.onClose.whenComplete { _ in continuation.finish() }
                connected.resume(returning: ws)
            }.whenFailure { connected.resume(throwing: $0) }
        }
        for index in 0..<count { try await socket.send("m\(index)") }
        var replies: [String] = []
        for await frame in frames {
            replies.append(frame)
            if replies.count == count { break }
        }
        if !socket.isClosed { try await socket.close(code: .normalClosure) }
        try await socket.onClose.get()
        return Transcript(replies: replies, closeCode: socket.closeCode)
    }

    @Test func refusedMessagesGetARateLimitFrame() async throws {
        let transcript = try await converse(.reply(.json), sending: 5)
        let frame = #"{"type":"rate_limit","error":"Too many messages","retry_after":60}"#
        #expect(transcript.replies == ["echo m0", "echo m1", "echo m2", frame, frame])
        #expect(transcript.closeCode == .normalClosure)
    }

    @Test func refusedMessagesCanCloseTheConnection() async throws {
        let transcript = try await converse(.close, sending: 4)
        #expect(transcript.replies == ["echo m0", "echo m1", "echo m2"])
        #expect(transcript.closeCode == .policyViolation)
    }

    @Test func aRefusalClosesWithTheCodeItNames() async throws {
        let transcript = try await converse(.close(.tryAgainLater, reason: "later"), sending: 4)
        #expect(transcript.replies == ["echo m0", "echo m1", "echo m2"])
        #expect(transcript.closeCode == WebSocketErrorCode(codeNumber: 1013))
    }

    /// Vapor's WebSocket route is an ordinary GET, so the middleware's 429 reaches the client unchanged.
    @Test func upgradesCanBeThrottledAndAreRefusedWith429() async throws {
        let throttle = try makeThrottle("1/min")
        try await withQuietApp { app in
            app.throttled(by: throttle, responses: .init(profiles: [.legacy()])).webSocket("ws") { _, ws in
                try? await ws.send("hello")
            }
            let upgrade: HTTPHeaders = [
                "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            ]
            let tester = try app.testing()
            try await tester.test(.GET, "ws", headers: upgrade) { #expect($0.status == .switchingProtocols) }
            try await tester.test(.GET, "ws", headers: upgrade) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers.first(name: "Retry-After") == "60")
                #expect(response.headers.first(name: "X-RateLimit-Remaining") == "0")
            }
        }
    }

    /// Over a real socket: the first handshake succeeds, the second is answered 429 and the client gives up.
    @Test func aThrottledHandshakeFailsWith429() async throws {
        let throttle = try makeThrottle("1/min")
        let status = try await withQuietApp { app in
            app.throttled(by: throttle).webSocket("ws") { _, ws in ws.close(promise: nil) }
            return try await withRunningServer(app) { port in
                let url = "ws://127.0.0.1:\(port)/ws"
                try await withTimeout {
                    try await WebSocket.connect(to: url, on: MultiThreadedEventLoopGroup.singleton) { _ in }.get()
                }
                do {
                    try await withTimeout {
                        try await WebSocket.connect(to: url, on: MultiThreadedEventLoopGroup.singleton) { _ in }.get()
                    }
                    return HTTPResponseStatus.switchingProtocols
                } catch WebSocketClient.Error.invalidResponseStatus(let head) {
                    return head.status
                }
            }
        }
        #expect(status == .tooManyRequests)
    }

    // MARK: Message size

    /// How `/ws` is registered in the size tests.
    enum Registration: CaseIterable { case route, handler }

    /// Serves `/ws` with a 1 KiB message limit (an echo of each message's size, 100 messages a minute), sends one
    /// text message of `size` bytes in `fragments` frames and reads until a reply or the server closes.
    func sendMessage(of size: Int, fragments: Int, via registration: Registration) async throws -> Transcript {
        let messages = WebSocketMessageThrottle(try makeThrottle("100/min"), maxMessageSize: 1024)
        let echoSize: @Sendable (WebSocketMessageThrottle.Message, WebSocket, Request) async throws -> Void = {
            message,
            ws,
            _ in
            if case .text(let text) = message { try await ws.send("got \(text.utf8.count)") }
        }
        return try await withQuietApp { app in
            switch registration {
            case .route: app.webSocket("ws", throttle: messages, onMessage: echoSize)
            case .handler: app.webSocket("ws", onUpgrade: messages.handler(echoSize))
            }
            return try await withRunningServer(app) { port in
                try await withTimeout { try await Self.client(port: port, size: size, fragments: fragments) }
            }
        }
    }

    static func client(port: Int, size: Int, fragments: Int) async throws -> Transcript {
        let (frames, continuation) = AsyncStream.makeStream(of: String.self)
        let socket = try await withCheckedThrowingContinuation {
            (connected: CheckedContinuation<WebSocket, any Error>) in
            WebSocket.connect(to: "ws://127.0.0.1:\(port)/ws", on: MultiThreadedEventLoopGroup.singleton) { ws in
                ws.onText { _, text in continuation.yield(text) }
                ws.onClose.whenComplete { _ in continuation.finish() }
                connected.resume(returning: ws)
            }.whenFailure { connected.resume(throwing: $0) }
        }
        let part = (size + fragments - 1) / fragments
        for index in 0..<fragments {
            let bytes = [UInt8](repeating: 0x61, count: min(part, size - index * part))
            // Once the server has closed, the remaining fragments cannot be sent: that is the point.
            try? await socket.send(
                raw: bytes,
                opcode: index == 0 ? .text : .continuation,
                fin: index == fragments - 1
            )
        }
        var replies: [String] = []
        for await frame in frames {
            replies.append(frame)
            break
        }
        if !socket.isClosed { try await socket.close(code: .normalClosure) }
        try await socket.onClose.get()
        return Transcript(replies: replies, closeCode: socket.closeCode)
    }

    @Test(arguments: Registration.allCases) func aMessageAtTheLimitPasses(_ registration: Registration) async throws {
        let transcript = try await sendMessage(of: 1024, fragments: 4, via: registration)
        #expect(transcript.replies == ["got 1024"])
        #expect(transcript.closeCode == .normalClosure)
    }

    /// Before the limit, Vapor assembled a fragmented message of any size (200 MB was seen) and passed it on.
    @Test(arguments: Registration.allCases) func aFragmentedMessageAboveTheLimitClosesWith1009(
        _ registration: Registration
    ) async throws {
        let transcript = try await sendMessage(of: 1025, fragments: 5, via: registration)
        #expect(transcript.replies == [])
        #expect(transcript.closeCode == .messageTooLarge)
    }

    /// On the route, the connection closes as soon as the fragments (1 KiB each, within the frame limit) pass the
    /// limit, long before the 1 MiB message ends.
    @Test func aHugeMessageIsCutOffOnTheRoute() async throws {
        let transcript = try await sendMessage(of: 1 << 20, fragments: 1024, via: .route)
        #expect(transcript.replies == [])
        #expect(transcript.closeCode == .messageTooLarge)
    }

    /// A single frame above the limit is refused on the route too.
    @Test func aSingleFrameAboveTheLimitClosesWith1009() async throws {
        let transcript = try await sendMessage(of: 1025, fragments: 1, via: .route)
        #expect(transcript.replies == [])
        #expect(transcript.closeCode == .messageTooLarge)
    }
}
