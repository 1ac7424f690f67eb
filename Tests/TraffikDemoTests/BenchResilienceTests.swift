// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import HummingbirdTesting
import Testing
import Traffik

@testable import traffik_demo

/// The bench server's resilience options: what they put in front of Redis, and `GET /__bench__/breaker`.
@Suite struct BenchResilienceTests {
    @Test func noOptionLeavesRedisAlone() throws {
        let command = try BenchServerCommand.parse(["--backend", "redis"])
        #expect(command.resilience.isEmpty)
        let backend = try command.makeBackend()
        #expect(!(backend is ResilientBackend))
    }

    @Test func theOptionsPutABreakerADeadlineAFailoverAndADenyCacheInFront() throws {
        let command = try BenchServerCommand.parse([
            "--backend", "redis", "--breaker", "on", "--deadline", "100", "--failover", "memory", "--deny-cache",
            "100000",
        ])
        #expect(
            command.resilience
                == BenchResilience(
                    breaker: true,
                    deadline: .milliseconds(100),
                    failover: .memory,
                    denyCacheCapacity: 100_000
                )
        )
        let backend = try command.makeBackend()
        let resilient = try #require(backend as? ResilientBackend)
        #expect(resilient.breaker?.configuration == BenchResilience.breakerConfiguration)
        #expect(resilient.deadline == .milliseconds(100))
        #expect(resilient.failover?.namespace == "bench-failover")
        #expect(resilient.denyCache?.capacity == 100_000)
    }

    @Test func eachOptionAloneIsEnough() throws {
        let deadlineOnly = try BenchServerCommand.parse(["--backend", "redis", "--deadline", "50"]).resilience
        #expect(deadlineOnly == BenchResilience(deadline: .milliseconds(50)))
        let cacheOnly = try BenchServerCommand.parse(["--backend", "redis", "--deny-cache", "10"]).resilience
        let backend = try #require(
            cacheOnly.wrap(InMemoryBackend(persistent: true), namespace: "bench") as? ResilientBackend
        )
        #expect(backend.breaker == nil)
        #expect(backend.failover == nil)
        #expect(backend.denyCache?.capacity == 10)
        let breakerOff = try BenchServerCommand.parse(["--backend", "redis", "--breaker", "off", "--deny-cache", "off"])
        #expect(breakerOff.resilience.isEmpty)
    }

    @Test func badValuesAndOtherStoresAreRefused() {
        for arguments in [
            ["--backend", "redis", "--breaker", "maybe"], ["--backend", "redis", "--deadline", "0"],
            ["--backend", "redis", "--failover", "disk"], ["--backend", "redis", "--deny-cache", "0"],
            ["--backend", "redis", "--deny-cache", "lots"], ["--breaker", "on"],
            ["--backend", "memcached", "--deny-cache", "100"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { try BenchServerCommand.parse(arguments) }
        }
    }

    @Test func breakerStateNamesEachStateOrNone() async throws {
        let bare = InMemoryBackend(persistent: true)
        #expect(BenchApp.breakerState(of: bare) == "none")
        #expect(BenchApp.breakerState(of: ResilientBackend(bare, breaker: nil)) == "none")
        let clock = ManualClock()
        let broken = ResilientBackend(
            FailingBackend(),
            breaker: CircuitBreakerConfiguration(failureThreshold: 1, recoveryTime: .seconds(2)),
            clock: clock
        )
        #expect(BenchApp.breakerState(of: broken) == "closed")
        _ = try? await broken.decide(key: "k", strategy: .fixedWindow, rate: .perMinute(1), cost: 1, commit: true)
        #expect(BenchApp.breakerState(of: broken) == "open")
        clock.advance(by: .seconds(2))
        #expect(BenchApp.breakerState(of: broken) == "half-open")
    }

    @Test func hummingbirdServesTheBreakerState() async throws {
        let app = try BenchApp(
            rate: .perMinute(2),
            strategy: .fixedWindow,
            backend: ResilientBackend(InMemoryBackend(persistent: true), breaker: CircuitBreakerConfiguration()),
            errorPolicy: .raise,
            mode: .http
        )
        try await app.makeHummingbirdApplication().test(.router) { client in
            let body = try await client.execute(uri: "/__bench__/breaker", method: .get) { String(buffer: $0.body) }
            #expect(body == "closed")
        }
    }
}

/// A store whose every call fails, to open a breaker.
private final class FailingBackend: ThrottleBackend {
    struct Down: Error {}

    var namespace: String { "failing" }
    var isPersistent: Bool { true }
    var errorPolicy: ErrorPolicy? { nil }
    var kind: String { "failing" }

    func start() async throws {}
    func close() async throws {}
    func reset() async throws {}
    func decide(key: String, strategy: Strategy, rate: Rate, cost: Int, commit: Bool) async throws -> Decision {
        throw Down()
    }
}
