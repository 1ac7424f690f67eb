// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import TraffikHTTP
import TraffikTestSupport
import TraffikVapor
import Vapor
import VaporTesting

@Suite(.timeLimit(.minutes(1))) struct TenantBackendTests {
    /// One dynamic throttle; the tier in `Authorization: Bearer <tier>:<user>` picks the backend per request.
    @Test func eachTierDecidesOnItsOwnBackend() async throws {
        let scenario = TenantScenario()
        let throttle = try makeThrottle(
            "2/min",
            backend: .taskLocal,
            identifier: { TenantScenario.user(fromAuthorization: $0.header("Authorization")) }
        )
        let statuses = try await withQuietApp { app in
            app.middleware.use(
                ThrottleBackendMiddleware { scenario.backend(forAuthorization: $0.headers.first(name: .authorization)) }
            )
            app.middleware.use(ThrottleMiddleware(throttle))
            app.get("api", "data") { _ in "data" }
            var statuses: [UInt] = []
            for authorization in TenantScenario.authorizations {
                let response = try await app.testing().sendRequest(
                    .GET,
                    "api/data",
                    headers: ["Authorization": authorization]
                )
                statuses.append(response.status.code)
            }
            return statuses
        }
        // The same user on another tier has a budget on that tier's backend.
        #expect(statuses == TenantScenario.expectedStatuses)
        #expect(scenario.keyCounts == TenantScenario.expectedKeyCounts)
    }
}
