// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import HummingbirdWebSocket
public import NIOWebSocket
public import Traffik
public import TraffikHTTP

/// Throttles the messages of a WebSocket connection, one hit per message.
///
/// A refused message is not passed to the handler. By default the client receives the text frame
/// `{"type":"rate_limit","error":"Too many messages","retry_after":N}` and the connection stays open; with
/// ``Refusal/close(_:reason:)`` the connection is closed instead (code 1008, policy violation, by default).
///
/// Messages are counted in the scope `messages`, apart from any throttling of the upgrade request itself.
/// Note that Hummingbird answers a refused upgrade (a 429 from middleware on the WebSocket route) with 400 and
/// closes the connection; a client sees a failed handshake, not a 429.
///
/// ```swift
/// let messages = WebSocketMessageThrottle(perConnection)
/// wsRouter.ws("/ws", onUpgrade: messages.handler { message, outbound, context in
///     try await outbound.write(.text("echo"))
/// })
/// ```
public struct WebSocketMessageThrottle<Context: RequestContext & WebSocketRequestContext>: Sendable {
    /// What a refused message gets.
    public enum Refusal: Sendable {
        /// A text frame; the connection stays open.
        case reply(WebSocketThrottledMessage)
        /// The connection is closed with this code.
        case close(WebSocketErrorCode, reason: String)
    }

    let throttle: HummingbirdThrottle<Context>
    let refusal: Refusal
    let scope: String
    let resolver: ClientAddressResolver
    let maxMessageSize: Int

    /// Creates the throttle.
    ///
    /// - Parameters:
    ///   - throttle: Decides each message; the client is the one of the upgrade request.
    ///   - refusal: What a refused message gets (the JSON frame by default).
    ///   - scope: The budget scope of messages.
    ///   - resolver: How the client's address is found.
    ///   - maxMessageSize: The largest message accepted, in bytes.
    public init(
        _ throttle: HummingbirdThrottle<Context>,
        refusal: Refusal = .reply(.json),
        scope: String = "messages",
        resolver: ClientAddressResolver = .peerOnly,
        maxMessageSize: Int = 1 << 20
    ) {
        self.throttle = throttle
        self.refusal = refusal
        self.scope = scope
        self.resolver = resolver
        self.maxMessageSize = maxMessageSize
    }

    /// A WebSocket handler that runs `onMessage` for each message the throttle allows.
    public func handler(
        _ onMessage:
            @escaping @Sendable (WebSocketMessage, WebSocketOutboundWriter, WebSocketRouterContext<Context>)
            async throws -> Void
    ) -> WebSocketDataHandler<WebSocketRouterContext<Context>> {
        { inbound, outbound, context in
            let input = HummingbirdRequest(context.request, context: context.requestContext, resolver: resolver)
            for try await message in inbound.messages(maxSize: maxMessageSize) {
                let decision = try await throttle.hit(input, scope: scope)
                if decision.isAllowed {
                    try await onMessage(message, outbound, context)
                    continue
                }
                switch refusal {
                case .reply(let frame):
                    try await outbound.write(.text(frame.text(for: decision)))
                case .close(let code, let reason):
                    try await outbound.close(code, reason: reason)
                    return
                }
            }
        }
    }
}

extension WebSocketMessageThrottle.Refusal {
    /// Close with 1008 (policy violation) and the reason `rate limited`.
    public static var close: Self { .close(.policyViolation, reason: "rate limited") }
}
