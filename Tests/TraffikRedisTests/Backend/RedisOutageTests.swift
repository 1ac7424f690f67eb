// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import Testing
import Traffik
import TraffikRedis
import TraffikTestSupport

/// A real Redis paused, killed and restarted, or frozen while a ``ResilientBackend`` in front of it is under load:
/// every decision answers within the deadline, none waits on Redis while the breaker is open, and decisions go
/// back to Redis by themselves once it answers again.
@Suite(.serialized) struct RedisOutageTests {
    /// The ways Redis fails in these tests: paused, or its process killed and restarted, or frozen.
    enum Fault: CaseIterable, CustomTestStringConvertible {
        /// `CLIENT PAUSE … ALL` for ``ServerFault/stall``: connections are accepted, nothing is answered.
        case paused
        /// The process killed and restarted, or frozen (its scripts are gone with the data after a restart).
        case process(ServerFault)

        static var allCases: [Fault] { [.paused] + ServerFault.allCases.map(Fault.process) }

        var testDescription: String {
            switch self {
            case .paused: "paused"
            case .process(let fault): fault.rawValue
            }
        }
    }

    static let deadline = Duration.milliseconds(100)
    /// The client's command timeout: what a decision would wait without the deadline, far above the deadline plus
    /// ``ServerFault/schedulingSlack``, so an answer within those shows that the deadline answered.
    static let commandTimeout = Duration.seconds(10)
    /// The breaker's recovery time: how often a probe may try Redis while it is open.
    static let recoveryTime = Duration.milliseconds(400)

    @Test(arguments: Fault.allCases) func decisionsHoldThroughAnOutage(_ fault: Fault) async throws {
        try await withRedis(configure: { $0.commandTimeout = Self.commandTimeout }) { server, client in
            let redis = RedisBackend(client: client, namespace: "outage")
            let backend = ResilientBackend(
                redis,
                deadline: Self.deadline,
                breaker: CircuitBreakerConfiguration(
                    failureThreshold: 3,
                    recoveryTime: Self.recoveryTime,
                    successThreshold: 2
                ),
                failover: InMemoryBackend(persistent: true)
            )
            try await backend.start()
            let admin = makeClient(makeConfiguration(server))
            let samples = try await OutageDrill(backend: backend).run {
                switch fault {
                case .paused:
                    _ = try await admin.send("CLIENT", "PAUSE", RESPArgument(ServerFault.stallMilliseconds), "ALL")
                    try await Task.sleep(for: ServerFault.stall + .milliseconds(100))
                case .process(let fault):
                    try await fault.inflict(on: server)
                }
            }
            await admin.close()
            print("Redis \(fault): \(samples.summary)")

            let wrongs = samples.wrongs(
                outage: ServerFault.stall,
                bound: Self.deadline,
                slack: ServerFault.schedulingSlack,
                recoveryTime: Self.recoveryTime
            )
            #expect(wrongs.isEmpty, "\(wrongs): \(samples.summary)")
            #expect(backend.breaker?.state == .closed, "decisions returned to Redis by themselves")
            #expect(
                try await OutageDrill.decidesOnTheStore(backend, store: redis),
                "decisions after recovery are made on Redis"
            )
        }
    }

    /// `Throttle(timeout: 50 ms)` on a Redis that stopped answering: each decision returns at its timeout (through
    /// the error policy), not at the client's command timeout.
    @Test func aThrottleTimeoutIsARealDeadlineOnAStalledRedis() async throws {
        try await withRedis(configure: { $0.commandTimeout = .seconds(5) }) { server, client in
            let redis = RedisBackend(client: client, namespace: "timeout")
            var configuration = Throttle<String>.Configuration(rate: "100/min")
            configuration.errorPolicy = .allow
            configuration.timeout = .milliseconds(50)
            let throttle = try Throttle<String>(uid: "stalled", backend: .fixed(redis), configuration: configuration)
            try await redis.start()
            // On a loaded machine a first decision may itself pass 50 ms; one of a few is made on Redis.
            var decidedOnRedis = false
            for _ in 0..<20 where !decidedOnRedis { decidedOnRedis = try await throttle.hit("a").reason == .strategy }
            #expect(decidedOnRedis)
            await server.freeze()
            let clock = ContinuousClock()
            var longest = Duration.zero
            for _ in 0..<10 {
                let started = clock.now
                let decision = try await throttle.hit("a")
                longest = max(longest, clock.now - started)
                #expect(decision.reason == .errorPolicy)
            }
            await server.thaw()
            print("Throttle timeout 50 ms on a frozen Redis: longest decision \(longest)")
            #expect(longest < .milliseconds(50) + .milliseconds(400))
        }
    }

    /// A Redis that answers `-READONLY` (a primary demoted to a replica): the decision fails as `unavailable` (not
    /// retried into a hang), the client retires the connection, and the next decision connects afresh and succeeds
    /// once the server is a primary again, without a restart.
    @Test func aReadOnlyReplyMakesTheClientReconnect() async throws {
        try await withRedis(configure: { $0.maximumConnections = 1 }) { server, client in
            try await RedisServerProcess.with { primary in
                let redis = RedisBackend(client: client, namespace: "demoted", retries: .none)
                func hit() async throws -> Decision {
                    try await redis.decide(key: "k", strategy: .fixedWindow, rate: .perMinute(5), cost: 1, commit: true)
                }
                #expect(try await hit().isAllowed)
                let before = try await client.send("CLIENT", "ID").int
                let admin = makeClient(makeConfiguration(server))
                // Demote the server: it replicates `primary` and refuses writes.
                _ = try await admin.send("REPLICAOF", RESPArgument(primary.host), RESPArgument(primary.port))
                let refused = await #expect(throws: BackendError.self) { try await hit() }
                #expect(refused?.kind == .unavailable)
                #expect((refused?.underlying as? RedisServerError)?.code == "READONLY")
                _ = try await admin.send("REPLICAOF", "NO", "ONE")
                await admin.close()
                #expect(try await hit().isAllowed)
                let after = try await client.send("CLIENT", "ID").int
                #expect(
                    before != nil && after != nil && before != after,
                    "a new connection: \(String(describing: before)) then \(String(describing: after))"
                )
            }
        }
    }
}
