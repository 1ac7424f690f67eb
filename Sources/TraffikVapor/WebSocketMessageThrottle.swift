// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
import NIOWebSocket
public import Traffik
public import TraffikHTTP
public import Vapor
public import WebSocketKit

/// Throttles the messages of a WebSocket connection, one hit per message: the shared
/// ``TraffikHTTP/WebSocketMessageGate`` carried out on WebSocketKit's callbacks.
///
/// A refused message is not passed to the handler. By default the client receives the text frame
/// `{"type":"rate_limit","error":"Too many messages","retry_after":N}` and the connection stays open; with
/// `refusal: .close` (or `.close(code, reason:)`) the connection is closed instead, with 1008 (policy violation) by
/// default. WebSocketKit sends a close code without a reason, so on Vapor the reason is not sent.
///
/// A message larger than `maxMessageSize` bytes (1 MiB by default) closes the connection with 1009 (message too
/// big), before the throttle sees it. Registered with ``Vapor/RoutesBuilder/webSocket(_:throttle:onMessage:)``, the
/// limit holds while the message arrives, fragment by fragment, so a client cannot make the server buffer more than
/// that; through ``handler(_:)`` on a route of your own, Vapor has already assembled the whole message when it is
/// checked (Vapor sets no limit of its own on a fragmented message), so prefer the route.
///
/// Messages are decided one at a time in the order they arrived, in the scope `messages`, apart from any throttling
/// of the upgrade request itself; the client is the one of the upgrade request. A throttled upgrade (a
/// ``ThrottleMiddleware`` on the WebSocket route) reaches the client as the middleware's 429.
///
/// ```swift
/// let messages = WebSocketMessageThrottle(perConnection, maxMessageSize: 64 * 1024)
/// app.webSocket("ws", throttle: messages) { message, ws, _ in
///     if case .text(let text) = message { try await ws.send(text) }
/// }
/// ```
public struct WebSocketMessageThrottle: Sendable {
    /// A message from the client.
    public enum Message: Sendable, Hashable {
        /// A text message.
        case text(String)
        /// A binary message.
        case binary(ByteBuffer)
    }

    /// The shared per-message policy.
    public let gate: WebSocketMessageGate<VaporRequest>
    let maxPendingMessages: Int

    /// Creates the throttle.
    ///
    /// - Parameters:
    ///   - throttle: Decides each message; the client is the one of the upgrade request.
    ///   - refusal: What a refused message gets (the JSON frame by default).
    ///   - scope: The budget scope of messages.
    ///   - maxMessageSize: The largest message accepted, in bytes (1 MiB by default); a larger one closes the
    ///     connection with 1009 (message too big).
    ///   - maxPendingMessages: How many received messages may wait for their decision; a client that sends faster
    ///     than that is disconnected with 1008, so a flood cannot grow the server's memory. (Vapor pushes messages
    ///     to callbacks, so they queue; Hummingbird's handler pulls them and needs no such bound.)
    public init(
        _ throttle: VaporThrottle,
        refusal: WebSocketMessageRefusal = .reply(.json),
        scope: String = WebSocketMessageGate<VaporRequest>.defaultScope,
        maxMessageSize: Int = WebSocketMessageGate<VaporRequest>.defaultMaxMessageSize,
        maxPendingMessages: Int = 1024
    ) {
        self.gate = WebSocketMessageGate(throttle, refusal: refusal, scope: scope, maxMessageSize: maxMessageSize)
        self.maxPendingMessages = maxPendingMessages
    }

    /// The largest message accepted, in bytes.
    public var maxMessageSize: Int { gate.maxMessageSize }

    /// An `onUpgrade` handler that runs `onMessage` for each message the throttle allows, in order.
    ///
    /// Pass it to the `onUpgrade:` of `webSocket(_:)`; it registers its callbacks on the connection's event loop as
    /// soon as the connection is upgraded, so no early message is missed, and decides messages in a task of its
    /// own. The handler owns the socket's `onText` and `onBinary` callbacks: do not register others on the same
    /// socket. When `onMessage` or the throttle throws, the connection is closed with 1011 (unexpected condition).
    public func handler(
        _ onMessage: @escaping @Sendable (Message, WebSocket, Request) async throws -> Void
    ) -> @Sendable (Request, WebSocket) -> Void {
        { request, ws in
            let (messages, continuation) = AsyncStream.makeStream(
                of: Message.self,
                bufferingPolicy: .bufferingOldest(maxPendingMessages)
            )
            let gate = gate
            let enqueue: @Sendable (WebSocket, Message) -> Void = { ws, message in
                if case .close(let code, _) = gate.sizeVerdict(forMessageOfSize: message.byteCount) {
                    continuation.finish()
                    ws.close(code: WebSocketErrorCode(code), promise: nil)
                    return
                }
                if case .dropped = continuation.yield(message) { ws.close(code: .policyViolation, promise: nil) }
            }
            let register: @Sendable () -> Void = {
                ws.onText { ws, text in enqueue(ws, .text(text)) }
                ws.onBinary { ws, buffer in enqueue(ws, .binary(buffer)) }
                ws.onClose.whenComplete { _ in continuation.finish() }
            }
            if ws.eventLoop.inEventLoop { register() } else { ws.eventLoop.execute(register) }
            Task { await decide(messages, on: ws, request: request, onMessage) }
        }
    }

    /// Decides each message in turn, until the connection closes or a refusal closes it.
    private func decide(
        _ messages: AsyncStream<Message>,
        on ws: WebSocket,
        request: Request,
        _ onMessage: @Sendable (Message, WebSocket, Request) async throws -> Void
    ) async {
        let input = VaporRequest(request)
        do {
            for await message in messages {
                switch try await gate.verdict(forMessageOfSize: message.byteCount, from: input) {
                case .deliver:
                    try await onMessage(message, ws, request)
                case .reply(let text):
                    try await ws.send(text)
                case .close(let code, _):
                    try await ws.close(code: WebSocketErrorCode(code))
                    return
                }
            }
        } catch {
            // A client that went away mid-reply is not a server failure.
            guard !ws.isClosed else { return }
            request.logger.error("WebSocket message handling failed: \(error)")
            try? await ws.close(code: .unexpectedServerError)
        }
    }
}

extension WebSocketMessageThrottle.Message {
    /// The size of the message's payload in bytes.
    var byteCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let buffer): buffer.readableBytes
        }
    }
}

extension WebSocketErrorCode {
    /// NIO's close code for a shared ``TraffikHTTP/WebSocketCloseCode``.
    init(_ code: WebSocketCloseCode) { self.init(codeNumber: Int(code.code)) }
}
