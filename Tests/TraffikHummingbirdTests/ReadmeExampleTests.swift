// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import NIOCore
import Synchronization
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird

/// The README's Hummingbird WebSocket example, as written there (but for the test's clock), and what it promises.
@Suite struct ReadmeExampleTests {
    struct AppContext: RequestContext, ClientAddressRequestContext, WebSocketRequestContext, ChannelRequestContext {
        var coreContext: CoreRequestContextStorage
        let remoteAddress: SocketAddress?
        var resolvedClient: ResolvedClient?
        let channel: any Channel
        let webSocket: WebSocketHandlerReference<Self>
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            remoteAddress = source.channel.remoteAddress
            channel = source.channel
            webSocket = .init()
        }
    }

    @Test func theWebSocketExampleWorks() async throws {
        let memory = InMemoryBackend(clock: ManualClock(microseconds: 1_700_000_040_000_000))
        let perClient = try HummingbirdThrottle<AppContext>(
            uid: "readme:hummingbird:api",
            rate: "100/min",
            backend: .fixed(memory)
        )
        let router = Router(context: AppContext.self)

        let handshakes = try HummingbirdThrottle<AppContext>(
            uid: "readme:hummingbird:chat",
            rate: "10/min",
            backend: .fixed(memory)
        )
        let messages = WebSocketMessageThrottle(perClient, refusal: .close)
        router.throttled(by: handshakes, responses: .init(profiles: [.ietf()])).ws(
            "/chat",
            onUpgrade: messages.handler { message, outbound, _ in try await outbound.write(.text("echo")) }
        )
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))

        let echoes = Mutex(0)
        try await app.test(.live) { client in
            for _ in 0..<10 {
                _ = try await client.ws("/chat") { inbound, outbound, _ in
                    try await outbound.write(.text("hi"))
                    var replies = inbound.messages(maxSize: 1 << 10).makeAsyncIterator()
                    if case .text("echo") = try await replies.next() { echoes.withLock { $0 += 1 } }
                }
            }
            let upgrade: HTTPFields = [
                .connection: "Upgrade", .upgrade: "websocket", .secWebSocketVersion: "13",
                .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==",
            ]
            try await client.execute(uri: "/chat", method: .get, headers: upgrade) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "60")
                #expect(response.headers[.rateLimit] == #""default";r=0;t=60"#)
            }
        }
        #expect(echoes.withLock { $0 } == 10)
    }
}
