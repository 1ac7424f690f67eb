// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import HummingbirdWebSocket
import NIOWebSocket
public import Traffik
public import TraffikHTTP

/// Throttles the messages of a WebSocket connection, one hit per message: the shared
/// TraffikHTTP/WebSocketMessageGate carried out on Hummingbird's inbound stream and outbound writer.
///
/// A refused message is not passed to the handler. By default the client receives the text frame
/// `{"type":"rate_limit","error":"Too many messages","retry_after":N}` and the connection stays open; with
/// `refusal: .close` (or `.close(code, reason:)`) the connection is closed instead, with 1008 (policy violation)
/// and the reason `rate limited` by default. A message that grows past `maxMessageSize` bytes (1 MiB by default)
/// closes the connection with 1009 (message too big) as its fragments arrive, before the throttle sees it.
///
/// Messages are counted in the scope `messages`, apart from any throttling of the upgrade request itself; the
/// client is the one of the upgrade request. A throttled upgrade (a ThrottleMiddleware on the WebSocket route)
/// reaches the client as the middleware's 429 when the context is a ChannelRequestContext.
///
/// ```swift
/// let messages = WebSocketMessageThrottle(perConnection, maxMessageSize: 64 * 1024)
/// wsRouter.ws("/ws", onUpgrade: messages.handler { message, outbound, context in
///     try await outbound.write(.text("echo"))
/// })
/// ```
public struct WebSocketMessageThrottle<Context: RequestContext & WebSocketRequestContext>: Sendable {
    /// The shared per-message policy.
    public let gate: WebSocketMessageGate<HummingbirdRequest<Context>>

    /// Creates the throttle.
    ///
    /// - Parameters:
    ///   - throttle: Decides each message; the client is the one of the upgrade request.
    ///   - refusal: What a refused message gets (the JSON frame by default).
    ///   - scope: The budget scope of messages.
    ///   - maxMessageSize: The largest message accepted, in bytes (1 MiB by default); a larger one closes the
    ///     connection with 1009 (message too big).
    public init(
        _ throttle: HummingbirdThrottle<Context>,
        refusal: WebSocketMessageRefusal = .reply(.json),
        scope: String = WebSocketMessageGate<HummingbirdRequest<Context>>.defaultScope,
        maxMessageSize: Int = WebSocketMessageGate<HummingbirdRequest<Context>>.defaultMaxMessageSize
    ) {
        self.gate = WebSocketMessageGate(throttle, refusal: refusal, scope: scope, maxMessageSize: maxMessageSize)
    }

    /// The largest message accepted, in bytes.
    public var maxMessageSize: Int { gate.maxMessageSize }

    /// A WebSocket handler that runs `onMessage` for each message the throttle allows.
    public func handler(
        _ onMessage:
            @escaping @Sendable (WebSocketMessage, WebSocketOutboundWriter, WebSocketRouterContext<Context>)
            async throws -> Void
    ) -> WebSocketDataHandler<WebSocketRouterContext<Context>> {
        { inbound, outbound, context in
            let input = HummingbirdRequest(context.request, context: context.requestContext)
            // The stream itself closes with 1009 once a message's fragments pass the size limit.
            for try await message in inbound.messages(maxSize: gate.maxMessageSize) {
                switch try await gate.verdict(forMessageOfSize: message.byteCount, from: input) {
                case .deliver:
                    try await onMessage(message, outbound, context)
                case .reply(let text):
                    try await outbound.write(.text(text))
                case .close(let code, let reason):
                    try await outbound.close(WebSocketErrorCode(codeNumber: Int(code.code)), reason: reason)
                    return
                }
            }
        }
    }
}

extension WebSocketMessage {
    /// The size of the message's payload in bytes.
    var byteCount: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let buffer): buffer.readableBytes
        }
    }
}
