// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import Testing
import Traffik
import TraffikRedis

@Suite struct RedisBackendFaultTests {
    /// Redis stops mid-run: hits follow the error policy within the command timeout, then the pool recovers by
    /// itself once Redis is back, and the scripts (lost with the restart) load again.
    @Test func aStoppedRedisFollowsTheErrorPolicyAndRecovers() async throws {
        try await withRedis(configure: { $0.commandTimeout = .seconds(2) }) { server, client in
            let backend = RedisBackend(client: client, namespace: "faults")
            var failOpenConfiguration = Throttle<String>.Configuration(rate: "1000/min")
            failOpenConfiguration.errorPolicy = .allow
            let failOpen = try Throttle<String>(
                uid: "faults:open:\(server.port)",
                backend: .fixed(backend),
                configuration: failOpenConfiguration
            )
            var failClosedConfiguration = Throttle<String>.Configuration(rate: "1000/min")
            failClosedConfiguration.errorPolicy = .throttle(retryAfter: .seconds(3))
            let failClosed = try Throttle<String>(
                uid: "faults:closed:\(server.port)",
                backend: .fixed(backend),
                configuration: failClosedConfiguration
            )
            #expect(try await failOpen.hit("a").reason == .strategy)

            await server.stop()
            let clock = ContinuousClock()
            for throttle in [failOpen, failClosed] {
                let started = clock.now
                let decision = try await throttle.hit("a")
                #expect(decision.reason == .errorPolicy)
                #expect(clock.now - started < .seconds(4), "a failed decision must not hang past the timeouts")
            }
            #expect(try await failOpen.hit("a").isAllowed)
            #expect(try await failClosed.hit("a").retryAfter == .seconds(3))

            try await server.restart()
            let deadline = clock.now + .seconds(10)
            var recovered = false
            while clock.now < deadline, !recovered {
                recovered = try await failClosed.hit("b").reason == .strategy
                if !recovered { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(recovered, "the pool reconnects and the scripts reload by themselves")
            #expect(try await failOpen.hit("c").reason == .strategy)
        }
    }

    /// After `SCRIPT FLUSH` (or a fail-over to a server without the scripts), decisions load them again.
    @Test func scriptsReloadAfterAFlush() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "flush")
            for strategy in Strategy.builtIns {
                let decision = try await backend.decide(
                    key: strategy.name,
                    strategy: strategy,
                    rate: .perMinute(5),
                    cost: 1,
                    commit: true
                )
                #expect(decision.isAllowed)
                try await client.send("SCRIPT", "FLUSH")
            }
        }
    }
}
