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
    func converse(_ refusal: WebSocketMessageThrottle.Refusal, sending count: Int) async throws -> Transcript {
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

    /// Unlike Hummingbird (which answers a refused upgrade with 400), Vapor passes the 429 to the client unchanged.
    @Test func upgradesCanBeThrottledAndAreRefusedWith429() async throws {
        let throttle = try makeThrottle("1/min")
        try await withQuietApp { app in
            app.throttled(by: throttle, responses: .init(headers: [.legacy()])).webSocket("ws") { _, ws in
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
}
