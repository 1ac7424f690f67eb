import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

@Suite struct TenantBackendTests {
    /// One dynamic throttle; the tier in `Authorization: Bearer <tier>:<user>` picks the backend per request.
    @Test func eachTierDecidesOnItsOwnBackend() async throws {
        let clock = ManualClock(microseconds: 1_700_000_040_000_000)
        let backends: [String: InMemoryBackend] = [
            "enterprise": InMemoryBackend(namespace: "enterprise", clock: clock, persistent: true),
            "premium": InMemoryBackend(namespace: "premium", clock: clock, persistent: true),
            "free": InMemoryBackend(namespace: "free", clock: clock, persistent: true),
        ]
        let throttle = try makeThrottle(
            "2/min",
            backend: .taskLocal,
            identifier: { input in
                input.header("Authorization").map { .client(String($0.split(separator: ":").last ?? "")) } ?? .anonymous
            }
        )
        let tokens = [
            "free:alice", "free:alice", "free:alice", "premium:alice", "enterprise:alice", "enterprise:alice",
            "enterprise:alice",
        ]
        let statuses = try await withQuietApp { app in
            app.middleware.use(
                ThrottleBackendMiddleware { req in
                    let token = req.headers.first(name: .authorization)?.split(separator: " ").last ?? ""
                    return backends[String(token.split(separator: ":").first ?? "")] ?? backends["free"]
                }
            )
            app.middleware.use(ThrottleMiddleware(throttle))
            app.get("api", "data") { _ in "data" }
            var statuses: [HTTPResponseStatus] = []
            for token in tokens {
                statuses.append(
                    try await app.testing().sendRequest(.GET, "api/data", headers: ["Authorization": "Bearer \(token)"])
                        .status
                )
            }
            return statuses
        }
        // The same user on another tier has a budget on that tier's backend.
        #expect(statuses == [.ok, .ok, .tooManyRequests, .ok, .ok, .ok, .tooManyRequests])
        #expect(backends.mapValues(\.keyCount) == ["enterprise": 1, "premium": 1, "free": 1])
    }
}
