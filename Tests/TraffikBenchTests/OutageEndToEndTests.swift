// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import traffik_bench

/// `outage` and `deny-cache` end to end, small: a real `redis-server` and bench server (`traffik-demo`, built
/// beside the tests), a 1 s pause.
@Suite struct OutageEndToEndTests {
    @Test(.timeLimit(.minutes(1)))
    func theBreakerOpensDuringAPauseAndClosesAfterIt() async throws {
        let options = try OutageOptions.parse([
            "--breaker", "on", "--deadline", "100", "--failover", "memory", "--lead", "1", "--pause", "1", "--tail",
            "3", "--concurrency", "4", "--clients", "50",
        ])
        let report = try await OutageRunner(options: options, progress: { _ in }).run()
        #expect(report.phases.map(\.phase) == ["before", "during", "after"])
        let before = report.phases[0]
        #expect(before.requests > 0)
        #expect(before.ok == before.requests)
        // The failover answers while Redis is paused: nothing fails.
        #expect(report.phases.allSatisfy { $0.serverErrors == 0 && $0.errors == 0 })
        #expect(report.hasBreaker)
        #expect(report.breakerOpenedAfterMs != nil)
        let closed = try #require(report.breakerClosedAfterMs)
        #expect(closed < 3_000)
    }

    @Test(.timeLimit(.minutes(1)))
    func theDenyCacheSavesRoundTrips() async throws {
        let options = try DenyCacheOptions.parse(["--requests", "200", "--concurrency", "4"])
        let report = try await DenyCacheRunner(options: options, progress: { _ in }).run()
        #expect(report.without.roundTrips == 200)
        #expect(report.without.ok == 10)
        #expect(report.with.ok == 10)
        #expect(report.with.roundTrips < 20)
        #expect(report.saved > 180)
    }
}
