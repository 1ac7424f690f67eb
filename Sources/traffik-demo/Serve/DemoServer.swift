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
            "POST /upload     1000 KiB/min per client, cost = body size in KiB",
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

    /// The application, ready to run or test.
    func makeApplication(logger: Logger = Logger(label: "traffik-demo")) throws -> some ApplicationProtocol {
        let router = Router(context: DemoContext.self)
        let headers = ThrottleResponses<DemoContext>(headers: [.ietf(), .legacy()])

        router.get("/health") { _, _ in "ok" }

        let items = try HummingbirdThrottle<DemoContext>(
            uid: "demo:items",
            rate: "100/min",
            backend: .fixed(backend),
            registry: registry
        )
        router.throttled(by: items, resolver: resolver, responses: headers).get("/items") { _, _ in
            #"["apple","pear","plum"]"#
        }

        let search = try HummingbirdThrottle<DemoContext>(
            uid: "demo:search",
            rate: "10/s",
            strategy: .tokenBucket(burst: 20),
            backend: .fixed(backend),
            registry: registry
        )
        router.throttled(by: search, resolver: resolver, responses: headers).get("/search") { request, _ in
            "results for \(request.uri.queryParameters["q"] ?? "")"
        }

        let upload = try HummingbirdThrottle<DemoContext>(
            uid: "demo:upload",
            rate: "1000/min",
            cost: .computed(Self.kibibytes),
            backend: .fixed(backend),
            registry: registry
        )
        router.throttled(by: upload, resolver: resolver, responses: headers).post("/upload") { request, _ in
            let body = try await request.body.collect(upTo: 16 << 20)
            return "stored \(body.readableBytes) bytes"
        }

        // For measuring what a throttle costs: the same handler with and without a throttle that always admits.
        let overhead = try HummingbirdThrottle<DemoContext>(
            uid: "demo:bench",
            rate: .fixed(.perSecond(1_000_000_000)),
            backend: .fixed(backend),
            registry: registry
        )
        router.get("/bench/plain") { _, _ in "ok" }
        router.throttled(by: overhead, resolver: resolver).get("/bench/throttled") { _, _ in "ok" }

        let tiers = self.tiers
        let data = try HummingbirdThrottle<DemoContext>(
            uid: "demo:data",
            rate: .computed { Tier.of($0.request).tier.rate },
            backend: .taskLocal,
            identifier: { .client(Tier.of($0.request).user) },
            registry: registry
        )
        router.group("/api")
            .add(middleware: ThrottleBackendMiddleware { request, _ in tiers.backend(for: Tier.of(request).tier) })
            .add(middleware: ThrottleMiddleware(data, responses: headers))
            .get("/data") { request, _ in
                let (tier, user) = Tier.of(request)
                return "data for \(user) (\(tier.rawValue))"
            }

        let messages = try HummingbirdThrottle<DemoContext>(
            uid: "demo:ws",
            rate: "30/min",
            backend: .fixed(backend),
            registry: registry
        )
        router.ws(
            "/ws",
            onUpgrade: WebSocketMessageThrottle(messages, resolver: resolver).handler { message, outbound, _ in
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

    /// The cost of an upload: its size in KiB, rounded up, at least 1.
    @Sendable static func kibibytes(_ input: HummingbirdRequest<DemoContext>) -> Int {
        let length = input.header("Content-Length").flatMap(Int.init) ?? 0
        return max(1, (length + 1023) / 1024)
    }
}
