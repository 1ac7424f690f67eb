// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Traffik
import TraffikHTTP
import TraffikHummingbird
import TraffikTestSupport

@Suite struct TenantBackendTests {
    /// One dynamic throttle; the tier in `Authorization: Bearer <tier>:<user>` picks the backend per request.
    @Test func eachTierDecidesOnItsOwnBackend() async throws {
        let scenario = TenantScenario()
        let throttle = try makeThrottle(
            "2/min",
            backend: .taskLocal,
            identifier: { TenantScenario.user(fromAuthorization: $0.header("Authorization")) }
        )
        let router = Router(context: TestContext.self)
        router.add(
            middleware: ThrottleBackendMiddleware { request, _ in
                scenario.backend(forAuthorization: request.headers[.authorization])
            }
        )
        router.add(middleware: ThrottleMiddleware(throttle))
        router.get("/api/data") { _, _ in "data" }
        let statuses = try await Application(router: router).test(.router) { client in
            var statuses: [UInt] = []
            for authorization in TenantScenario.authorizations {
                let status = try await client.execute(
                    uri: "/api/data",
                    method: .get,
                    headers: [.authorization: authorization]
                ) {
                    $0.status.code
                }
                statuses.append(UInt(status))
            }
            return statuses
        }
        // The same user on another tier has a budget on that tier's backend.
        #expect(statuses == TenantScenario.expectedStatuses)
        #expect(scenario.keyCounts == TenantScenario.expectedKeyCounts)
    }
}
