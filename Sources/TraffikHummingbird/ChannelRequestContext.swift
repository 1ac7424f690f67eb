// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

public import Hummingbird
public import NIOCore

/// A request context that keeps its connection's channel: what lets a throttled WebSocket handshake reach the
/// client as the throttle's 429, with `Retry-After`.
///
/// Hummingbird's WebSocket upgrade (`.http1WebSocketUpgrade(webSocketRouter:)`, and the `shouldUpgrade` closure
/// alike) answers every refused handshake with a bare 400 and closes the connection. When a ThrottleMiddleware
/// refuses a handshake in a context with a channel, it has that 400 replaced on the wire by its own response (the
/// status, headers and body it returns), so the client learns when to retry. Without a channel the client gets
/// the 400.
///
/// ```swift
/// struct AppContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext, ChannelRequestContext {
///     var coreContext: CoreRequestContextStorage
///     let remoteAddress: SocketAddress?
///     let channel: any Channel
///     let webSocket: WebSocketHandlerReference<Self>
///     init(source: ApplicationRequestContextSource) {
///         coreContext = .init(source: source)
///         remoteAddress = source.channel.remoteAddress
///         channel = source.channel
///         webSocket = .init()
///     }
/// }
/// let router = Router(context: AppContext.self)
/// router.throttled(by: connections).ws("/chat") { inbound, outbound, context in … }
/// let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
/// ```
public protocol ChannelRequestContext: RequestContext {
    /// The connection's channel: `source.channel` in `init(source:)`.
    var channel: any Channel { get }
}
