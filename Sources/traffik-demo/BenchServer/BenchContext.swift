import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The bench server's request context: the peer address (the identity of clients that send no `X-Client-ID`) and
/// WebSocket support.
struct BenchContext: RequestContext, RemoteAddressRequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let webSocket: WebSocketHandlerReference<Self>

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.webSocket = .init()
    }
}
