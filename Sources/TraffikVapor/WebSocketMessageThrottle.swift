// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import NIOWebSocket
public import Traffik
public import TraffikHTTP
public import Vapor
public import WebSocketKit

/// Throttles the messages of a WebSocket connection, one hit per message.
///
/// A refused message is not passed to the handler. By default the client receives the text frame
/// `{"type":"rate_limit","error":"Too many messages","retry_after":N}` and the connection stays open; with
/// ``Refusal/close`` the connection is closed instead (code 1008, policy violation, by default).
///
/// A message larger than `maxMessageSize` bytes (1 MiB by default) closes the connection with 1009 (message too
/// big), before the throttle sees it. Registered with ``Vapor/RoutesBuilder/webSocket(_:throttle:onMessage:)``, the
/// limit holds while the message arrives, fragment by fragment, so a client cannot make the server buffer more than
/// that; through ``handler(_:)`` on a route of your own, Vapor has already assembled the whole message when it is
/// checked (Vapor sets no limit of its own on a fragmented message), so prefer the route.
///
/// Messages are decided one at a time in the order they arrived, in the scope `messages`, apart from any throttling
/// of the upgrade request itself; the client is the one of the upgrade request. A throttled upgrade (a
/// ``ThrottleMiddleware`` on the WebSocket route) reaches the client as a plain 429.
///
/// ```swift
/// let messages = WebSocketMessageThrottle(perConnection, maxMessageSize: 64 * 1024)
/// app.webSocket("ws", throttle: messages) { message, ws, _ in
///     if case .text(let text) = message { try await ws.send(text) }
/// }
/// ```
public struct WebSocketMessageThrottle: Sendable {
    /// What a refused message gets.
    public enum Refusal: Sendable {
        /// A text frame; the connection stays open.
        case reply(WebSocketThrottledMessage)
        /// The connection is closed with this code.
        case close(WebSocketErrorCode)

        /// Close with 1008 (policy violation).
        public static var close: Refusal { .close(.policyViolation) }
    }

    /// A message from the client.
    public enum Message: Sendable, Hashable {
        /// A text message.
        case text(String)
        /// A binary message.
        case binary(ByteBuffer)
    }

    let throttle: VaporThrottle
    let refusal: Refusal
    let scope: String
    let resolver: ClientAddressResolver
    let maxPendingMessages: Int
    let maxMessageSize: Int

    /// Creates the throttle.
    ///
    /// - Parameters:
    ///   - throttle: Decides each message.
    ///   - refusal: What a refused message gets (the JSON frame by default).
    ///   - scope: The budget scope of messages.
    ///   - resolver: How the client's address is found.
    ///   - maxPendingMessages: How many received messages may wait for their decision; a client that sends faster
    ///     than that is disconnected with 1008, so a flood cannot grow the server's memory.
    ///   - maxMessageSize: The largest message accepted, in bytes (1 MiB by default); a larger one closes the
    ///     connection with 1009 (message too big).
    public init(
        _ throttle: VaporThrottle,
        refusal: Refusal = .reply(.json),
        scope: String = "messages",
        resolver: ClientAddressResolver = .peerOnly,
        maxPendingMessages: Int = 1024,
        maxMessageSize: Int = 1 << 20
    ) {
        self.throttle = throttle
        self.refusal = refusal
        self.scope = scope
        self.resolver = resolver
        self.maxPendingMessages = maxPendingMessages
        self.maxMessageSize = max(0, maxMessageSize)
    }

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
            let maxMessageSize = maxMessageSize
            let enqueue: @Sendable (WebSocket, Message) -> Void = { ws, message in
                guard message.byteCount <= maxMessageSize else {
                    continuation.finish()
                    ws.close(code: .messageTooLarge, promise: nil)
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
        let input = VaporRequest(request, resolver: resolver)
        do {
            for await message in messages {
                let decision = try await throttle.hit(input, scope: scope)
                if decision.isAllowed {
                    try await onMessage(message, ws, request)
                    continue
                }
                switch refusal {
                case .reply(let frame):
                    try await ws.send(frame.text(for: decision))
                case .close(let code):
                    try await ws.close(code: code)
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
