// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikRedis
import TraffikTestSupport

/// A Redis that accepts connections but stops answering scripts (`CLIENT PAUSE ... WRITE`), behind a
/// ``ResilientBackend``: each decision answers at the deadline, then none waits on Redis at all, and after the pause
/// decisions go back to Redis by themselves.
///
/// The pause lasts until the test ends it (`CLIENT UNPAUSE`), and the breaker's recovery time is long enough that
/// it is still open when the test looks, so what is checked does not depend on how fast a loaded machine runs.
@Suite(.serialized) struct RedisResilienceTests {
    @Test func aPausedRedisIsCutOffAtTheDeadlineThenSkippedThenUsedAgain() async throws {
        try await withRedis { server, client in
            let redis = RedisBackend(client: client, namespace: "resilience")
            let backend = ResilientBackend(
                redis,
                deadline: .milliseconds(100),
                breaker: CircuitBreakerConfiguration(
                    failureThreshold: 2,
                    recoveryTime: .seconds(3),
                    successThreshold: 1
                ),
                failover: InMemoryBackend(persistent: true)
            )
            let rate = try Rate(parsing: "100000/h")
            func hit(_ key: String) async throws -> Decision {
                try await backend.decide(key: key, strategy: .fixedWindow, rate: rate, cost: 1, commit: true)
            }
            try await backend.start()
            #expect(try await OutageDrill.decidesOnTheStore(backend, store: redis), "decisions are made on Redis")

            let admin = makeClient(makeConfiguration(server))
            // `WRITE` pauses every script call (as `ALL` would) but still lets `CLIENT UNPAUSE` through.
            _ = try await admin.send("CLIENT", "PAUSE", "60000", "WRITE")
            let clock = ContinuousClock()
            // The first two decisions each wait for the 100 ms deadline (not the 5 s command timeout), then the
            // failover decides them; they open the breaker.
            for _ in 0..<2 {
                let started = clock.now
                #expect(try await hit("during").isAllowed)
                #expect(clock.now - started < .seconds(2))
            }
            #expect(backend.breaker?.state == .open)
            // While open, no decision waits on Redis: 200 of them take far less than one deadline each.
            let started = clock.now
            for _ in 0..<200 { #expect(try await hit("during").isAllowed) }
            #expect(clock.now - started < .seconds(2))

            // After the pause (and the recovery time), a probe finds Redis answering and decisions return to it.
            _ = try await admin.send("CLIENT", "UNPAUSE")
            let deadline = clock.now + .seconds(20)
            while backend.breaker?.state != .closed, clock.now < deadline {
                _ = try await hit("after")
                try await pause(for: .milliseconds(50))
            }
            #expect(backend.breaker?.state == .closed)
            #expect(try await OutageDrill.decidesOnTheStore(backend, store: redis), "decisions are back on Redis")
            await admin.close()
        }
    }

    /// The README's example, pointed at a test server.
    @Test func theReadmeExampleRuns() async throws {
        try await withRedis { server, _ in
            let redis = try RedisBackend(url: server.url(), namespace: "shop")
            let backend = ResilientBackend(
                redis,
                deadline: .milliseconds(50),  // every call to Redis answers by then, even on a stalled connection
                breaker: CircuitBreakerConfiguration(failureThreshold: 5, recoveryTime: .seconds(5)),
                failover: InMemoryBackend(persistent: true),  // decides while Redis is away
                denyCache: DenyCache(capacity: 100_000)  // a refused client costs Redis nothing until its wait ends
            )
            let api = try Throttle<String>(uid: "readme-resilience", rate: "100/min", backend: .fixed(backend))
            #expect(try await api.hit("user-42").isAllowed)
            #expect(backend.breaker?.state == .closed)
            try await redis.close()
        }
    }
}
