import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird

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
        let router = Router(context: TestContext.self)
        router.add(
            middleware: ThrottleBackendMiddleware { request, _ in
                let token = request.headers[.authorization]?.split(separator: " ").last ?? ""
                return backends[String(token.split(separator: ":").first ?? "")] ?? backends["free"]
            }
        )
        router.add(middleware: ThrottleMiddleware(throttle))
        router.get("/api/data") { _, _ in "data" }
        let tokens = [
            "free:alice", "free:alice", "free:alice", "premium:alice", "enterprise:alice", "enterprise:alice",
            "enterprise:alice",
        ]
        let statuses = try await Application(router: router).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for token in tokens {
                let status = try await client.execute(
                    uri: "/api/data",
                    method: .get,
                    headers: [.authorization: "Bearer \(token)"]
                ) {
                    $0.status
                }
                statuses.append(status)
            }
            return statuses
        }
        // The same user on another tier has a budget on that tier's backend.
        #expect(statuses == [.ok, .ok, .tooManyRequests, .ok, .ok, .ok, .tooManyRequests])
        #expect(backends.mapValues(\.keyCount) == ["enterprise": 1, "premium": 1, "free": 1])
    }
}
