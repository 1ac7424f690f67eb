// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import HummingbirdWebSocket
import NIOCore
import TraffikHTTP
import TraffikHummingbird

/// The demo server's request context: it keeps the peer address and the client resolved from it, for per-client
/// limits, and supports WebSockets.
struct DemoContext: RequestContext, ClientAddressRequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    var resolvedClient: ResolvedClient?
    let webSocket: WebSocketHandlerReference<Self>

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.webSocket = .init()
    }
}
