// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0
// swift-format-ignore-file

// The README's Hummingbird snippets, line for line (see ReadmeSnippetTests): compiled, not run.

import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Traffik
import TraffikHTTP
import TraffikHummingbird

enum HummingbirdSnippets {
    struct AppContext: RequestContext, ClientAddressRequestContext {
        var coreContext: CoreRequestContextStorage
        let remoteAddress: SocketAddress?
        var resolvedClient: ResolvedClient?         // filled by ClientAddressMiddleware
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            remoteAddress = source.channel.remoteAddress
        }
    }

    static func routes() throws -> Router<AppContext> {
        let memory = InMemoryBackend()
        let perClient = try HummingbirdThrottle<AppContext>(uid: "api", rate: "100/min", backend: .fixed(memory))
        let search = try HummingbirdThrottle<AppContext>(uid: "search", rate: "10/s", strategy: .tokenBucket(burst: 20),
                                                         backend: .fixed(memory))
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])

        let router = Router(context: AppContext.self)
        router.add(middleware: ClientAddressMiddleware(proxies))   // first: every throttle below sees the same client
        router.add(middleware: ThrottleMiddleware(perClient, rules: [.bypassIf(path: "/health")],
                                                  responses: .init(profiles: [.ietf()])))
        router.throttled(by: search).get("/search") { _, _ in "results" }
        router.get("/report") { request, context in
            try await perClient.enforce(request, context: context, cost: 10)   // throws a 429 when refused
            return "report"
        }
        return router
    }
}

enum HummingbirdWebSocketSnippets {
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

    static func chat() throws {
        let memory = InMemoryBackend()
        let perClient = try HummingbirdThrottle<AppContext>(uid: "api", rate: "100/min", backend: .fixed(memory))
        let router = Router(context: AppContext.self)
        let handshakes = try HummingbirdThrottle<AppContext>(uid: "chat", rate: "10/min", backend: .fixed(memory))
        let messages = WebSocketMessageThrottle(perClient, refusal: .close)
        router.throttled(by: handshakes, responses: .init(profiles: [.ietf()])).ws("/chat", onUpgrade: messages.handler {
            message, outbound, _ in try await outbound.write(.text("echo"))
        })
        let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router))
        _ = app
    }
}
