// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOHTTP1
import NIOWebSocket
public import Vapor
public import WebSocketKit

extension RoutesBuilder {
    /// Adds a WebSocket route whose messages `throttle` decides and limits in size while they arrive.
    ///
    /// Like `webSocket(_:onUpgrade:)` with ``WebSocketMessageThrottle/handler(_:)``, and one thing more: a message,
    /// fragmented or not, that grows past the throttle's `maxMessageSize` closes the connection with 1009 (message
    /// too big) as soon as its fragments exceed it, so no client can make the server buffer more than that per
    /// connection. A single frame is limited to the same size.
    ///
    /// ```swift
    /// let messages = WebSocketMessageThrottle(perClient, maxMessageSize: 64 * 1024)
    /// app.webSocket("chat", throttle: messages) { message, ws, _ in
    ///     if case .text(let text) = message { try await ws.send(text) }
    /// }
    /// ```
    ///
    /// - Returns: The route, for further configuration.
    @discardableResult
    public func webSocket(
        _ path: PathComponent...,
        throttle: WebSocketMessageThrottle,
        onMessage: @escaping @Sendable (WebSocketMessageThrottle.Message, WebSocket, Request) async throws -> Void
    ) -> Route {
        let onUpgrade = throttle.handler(onMessage)
        let maxMessageSize = throttle.maxMessageSize
        return on(.GET, path) { request -> Response in
            let response = Response(status: .switchingProtocols)
            response.upgrader = SizeLimitedWebSocketUpgrader(maxMessageSize: maxMessageSize) { ws in
                onUpgrade(request, ws)
            }
            return response
        }
    }
}

/// Vapor's WebSocket upgrade with a ``WebSocketMessageSizeLimiter`` in front of WebSocketKit's frame aggregation.
struct SizeLimitedWebSocketUpgrader: Upgrader {
    let maxMessageSize: Int
    let onUpgrade: @Sendable (WebSocket) -> Void

    func applyUpgrade(req: Request, res: Response) -> any HTTPServerProtocolUpgrader {
        let maxMessageSize = maxMessageSize
        let onUpgrade = onUpgrade
        return NIOWebSocketServerUpgrader(
            // A frame the size of the largest message; at least 125 bytes, the size of a control frame.
            maxFrameSize: max(125, min(maxMessageSize, Int(UInt32.max))),
            automaticErrorHandling: false,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture([:]) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        WebSocketMessageSizeLimiter(maxMessageSize: maxMessageSize)
                    )
                }
                .flatMap { WebSocket.server(on: channel, onUpgrade: onUpgrade) }
            }
        )
    }
}
