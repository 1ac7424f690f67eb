// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import HummingbirdWebSocket
import Logging
import Traffik
import TraffikHTTP
import TraffikHummingbird

/// The demo's routes and throttles, built apart from the command so tests can run them.
struct DemoServer {
    /// Where the server listens.
    var host = "127.0.0.1"
    var port = 8080
    /// The proxies whose forwarding headers are believed.
    var resolver = ClientAddressResolver.peerOnly
    /// The backend of the per-client routes.
    var backend: any ThrottleBackend
    /// The backends of the multi-tenant route.
    var tiers: TierBackends
    /// The registry of the demo's throttles.
    var registry = ThrottleRegistry()

    /// A server whose backends are all in memory, reading `clock`.
    init(host: String = "127.0.0.1", port: Int = 8080, clock: any ThrottleClock = SystemClock()) {
        self.host = host
        self.port = port
        self.backend = InMemoryBackend(namespace: "demo", clock: clock, persistent: true)
        self.tiers = .inMemory(clock: clock)
    }

    /// The lines logged at start-up: the routes, and a few commands to try.
    var banner: [String] {
        let base = "http://\(host):\(port)"
        return [
            "GET  /items      100/min per client (fixed window)",
            "GET  /search     10/s per client, bursts of 20 (token bucket)",
            "POST /upload     1000 KiB/min per client, cost = KiB read (up to 16 MiB)",
            "GET  /api/data   per tier: Authorization: Bearer <enterprise|premium|free>:<user>",
            "GET  /ws         WebSocket echo, 30 messages/min per client",
            "GET  /health     never throttled",
            "GET  /bench/plain, /bench/throttled   the same handler without and with a throttle that always admits",
            "try: for i in $(seq 12); do curl -s -o /dev/null -w '%{http_code} ' \(base)/api/data; done; echo",
            "try: curl -i \(base)/items",
            "try: curl -i -H 'Authorization: Bearer premium:alice' \(base)/api/data",
            "try: curl -i -X POST --data-binary @Package.swift \(base)/upload",
        ]
    }

    /// The Hummingbird application, ready to run or test.
    func makeApplication(logger: Logger = Logger(label: "traffik-demo")) throws -> some ApplicationProtocol {
        let router = Router(context: DemoContext.self)
        let headers = ThrottleResponses<DemoContext>(profiles: [.ietf(), .legacy()])

        // First, so that every throttle below sees the same client.
        router.add(middleware: ClientAddressMiddleware(resolver))
        router.get("/health") { _, _ in "ok" }

        let throttles = try DemoThrottles<HummingbirdRequest<DemoContext>>(backend: backend, registry: registry)
        router.throttled(by: throttles.items, responses: headers).get("/items") { _, _ in
            #"["apple","pear","plum"]"#
        }

        router.throttled(by: throttles.search, responses: headers).get("/search") { request, _ in
            "results for \(request.uri.queryParameters["q"] ?? "")"
        }

        // Charged by the KiB read as the body streams in (never by Content-Length), up to 16 MiB.
        router.post("/upload") { request, context -> Response in
            let outcome = try await UploadMeter.meter(
                request.body,
                contentLength: request.headers[.contentLength],
                throttle: throttles.upload,
                input: HummingbirdRequest(request, context: context)
            )
            switch outcome {
            case .stored(let bytes, let decision):
                var response = "stored \(bytes) bytes".response(from: request, context: context)
                headers.decorate(&response, with: decision)
                return response
            case .refused(let decision):
                return try await headers.throttledResponse(for: decision, request: request, context: context)
            case .tooLarge:
                throw HTTPError(.contentTooLarge)
            }
        }

        // For measuring what a throttle costs: the same handler with and without a throttle that always admits.
        router.get("/bench/plain") { _, _ in "ok" }
        router.throttled(by: throttles.overhead).get("/bench/throttled") { _, _ in "ok" }

        let tiers = self.tiers
        router.group("/api")
            .add(
                middleware: ThrottleBackendMiddleware { request, _ in
                    tiers.backend(for: Tier.of(authorization: request.headers[.authorization]).tier)
                }
            )
            .add(middleware: ThrottleMiddleware(throttles.data, responses: headers))
            .get("/data") { request, _ in
                let (tier, user) = Tier.of(authorization: request.headers[.authorization])
                return "data for \(user) (\(tier.rawValue))"
            }

        router.ws(
            "/ws",
            onUpgrade: WebSocketMessageThrottle(throttles.messages).handler {
                message,
                outbound,
                _ in
                switch message {
                case .text(let text): try await outbound.write(.text(text))
                case .binary(let buffer): try await outbound.write(.binary(buffer))
                }
            }
        )

        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(host, port: port), serverName: "traffik-demo"),
            logger: logger
        )
    }
}
