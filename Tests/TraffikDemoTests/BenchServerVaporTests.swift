// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing
import Traffik
import Vapor
import VaporTesting

@testable import traffik_demo

/// The bench server on Vapor: `GET /__bench__/breaker` answers as on Hummingbird (``BenchResilienceTests``).
@Suite struct BenchServerVaporTests {
    @Test func vaporServesTheBreakerState() async throws {
        let app = try await Application.make(.testing)
        do {
            try BenchApp(
                rate: .perMinute(2),
                strategy: .fixedWindow,
                backend: ResilientBackend(InMemoryBackend(persistent: true), breaker: CircuitBreakerConfiguration()),
                errorPolicy: .raise,
                mode: .http
            ).configure(app)
            let response = try await app.testing().sendRequest(.GET, "__bench__/breaker")
            #expect(response.status.code == 200)
            #expect(response.body.string == "closed")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
