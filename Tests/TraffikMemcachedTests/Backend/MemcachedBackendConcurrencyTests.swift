import Testing
import Traffik
import TraffikMemcached

@Suite struct MemcachedBackendConcurrencyTests {
    /// Each strategy configured so that its capacity is exactly 100 at a frozen instant.
    static let strategies: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucketWithDebt(),
        .leakyBucket, .leakyBucketWithQueue, .gcra(burstTolerance: .milliseconds(59_400)),
    ]

    /// Four client pools stand in for four server processes; 1,000 concurrent hits on one key admit exactly 100,
    /// and no decision runs out of compare-and-swap attempts.
    @Test(arguments: strategies)
    func fourPoolsAdmitExactlyTheLimit(strategy: Strategy) async throws {
        try await withMemcached { servers, first in
            let clock = ManualClock()
            var clients = [first]
            for _ in 1..<4 { clients.append(makeClient(makeConfiguration(servers))) }
            let backends = clients.map { MemcachedBackend(client: $0, namespace: "concurrency", clock: clock) }
            let rate = Rate.perMinute(100)
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1_000 {
                    let backend = backends[index % backends.count]
                    group.addTask {
                        try await backend.decide(key: "hot", strategy: strategy, rate: rate, cost: 1, commit: true)
                            .isAllowed
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 100)
            for client in clients.dropFirst() { await client.close() }
        }
    }

    /// The same on the real clock, for a strategy whose budget does not refill during the test.
    @Test func theSystemClockAdmitsExactlyTheLimit() async throws {
        try await withMemcached { _, client in
            let backend = MemcachedBackend(client: client, namespace: "system-clock")
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<1_000 {
                    group.addTask {
                        try await backend.decide(
                            key: "hot",
                            strategy: .tokenBucket(),
                            rate: .perDay(100),
                            cost: 1,
                            commit: true
                        ).isAllowed
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 100)
        }
    }
}
