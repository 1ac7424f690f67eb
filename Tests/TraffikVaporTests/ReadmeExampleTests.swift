// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikVapor
import Vapor
import VaporTesting

/// The README's Vapor example, as written there (but for the testing environment), and what it promises.
@Suite(.timeLimit(.minutes(1))) struct ReadmeExampleTests {
    @Test func theReadmeExampleWorks() async throws {
        // A clock of the test's own: the minute window on the system clock could end between two requests.
        let memory = InMemoryBackend(clock: ManualClock())
        let perClient = try VaporThrottle(uid: "readme:api", rate: "100/min", backend: .fixed(memory))
        let search = try VaporThrottle(
            uid: "readme:search",
            rate: "10/s",
            strategy: .tokenBucket(burst: 20),
            backend: .fixed(memory)
        )
        let proxies = try ClientAddressResolver(header: .xForwardedFor, trustedProxies: ["10.0.0.0/8"])

        try await withQuietApp { app in
            app.lifecycle.use(ThrottleBackendLifecycle([memory]))
            app.traffik.clientAddressResolver = proxies
            app.middleware.use(
                ThrottleMiddleware(
                    perClient,
                    rules: [.bypassIf(path: "/health")],
                    responses: .init(profiles: [.ietf()])
                )
            )
            app.middleware.use(RateLimitExceededMiddleware())
            app.throttled(by: search).get("search") { _ in "results" }
            app.get("report") { req in
                try await perClient.enforce(req, cost: 10)
                return "report"
            }

            let tester = try app.testing()
            for remaining in [99, 98] {
                try await tester.test(.GET, "search") { response in
                    #expect(response.text == "results")
                    #expect(
                        response.headers.first(name: "RateLimit")?.hasPrefix(#""default";r=\#(remaining);t="#) == true
                    )
                }
            }
            // 1 unit for the middleware and 10 for `enforce` per report: after eight, 10 are left, and the ninth
            // report's `enforce` finds 9.
            for _ in 0..<8 { try await tester.test(.GET, "report") { #expect($0.status == .ok) } }
            try await tester.test(.GET, "report") { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.text.hasPrefix(#"{"error":"too_many_requests""#))
            }
        }
    }
}
