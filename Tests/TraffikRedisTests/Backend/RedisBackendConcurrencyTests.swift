import Testing
import Traffik
import TraffikRedis

@Suite struct RedisBackendConcurrencyTests {
    /// Each strategy configured so that its capacity is exactly 100 at a frozen instant.
    static let strategies: [Strategy] = [
        .fixedWindow, .slidingWindowCounter, .slidingWindowLog, .tokenBucket(), .tokenBucketWithDebt(),
        .leakyBucket, .leakyBucketWithQueue, .gcra(burstTolerance: .milliseconds(59_400)),
    ]

    /// Four client pools stand in for four server processes; 1,000 concurrent hits on one key admit exactly 100.
    @Test(arguments: strategies)
    func fourPoolsAdmitExactlyTheLimit(strategy: Strategy) async throws {
        try await withRedis { server, first in
            let clock = ManualClock()
            var backends = [RedisBackend(client: first, namespace: "concurrency", clock: clock)]
            for _ in 1..<4 {
                backends.append(
                    RedisBackend(
                        client: RedisClient(configuration: makeConfiguration(server)),
                        namespace: "concurrency",
                        clock: clock
                    )
                )
            }
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
            for backend in backends.dropFirst() { try await backend.close() }
        }
    }

    /// The same on the server's own clock, for a strategy whose budget does not refill during the test.
    @Test func theServersClockAdmitsExactlyTheLimit() async throws {
        try await withRedis { _, client in
            let backend = RedisBackend(client: client, namespace: "server-clock")
            let rate = Rate.perDay(100)
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<1_000 {
                    group.addTask {
                        try await backend.decide(
                            key: "hot",
                            strategy: .tokenBucket(),
                            rate: rate,
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
