import ArgumentParser
import Traffik
import TraffikRedis

/// `traffik-bench redis-hits`: sends concurrent hits on one key through a Redis backend and prints how many were
/// admitted, so that several processes can be checked together against one limit.
struct RedisHitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis-hits",
        abstract: "Concurrent hits on one key through a Redis backend; prints the number admitted."
    )

    @Option(help: "The Redis URL.") var url: String
    @Option(help: "The key.") var key = "hot"
    @Option(help: "The strategy.") var strategy = StrategyArgument(argument: "fixed-window")!
    @Option(help: "The rate.", transform: { try Rate(parsing: $0) }) var rate = Rate.perHour(100)
    @Option(help: "How many hits.") var hits = 500
    @Option(help: "How many hits in flight at once.") var concurrency = 50
    @Option(help: "The namespace.") var namespace = "bench"

    func run() async throws {
        let client = RedisClient(configuration: try RedisConfiguration(url: url))
        let backend = RedisBackend(client: client, namespace: namespace)
        let strategy = self.strategy.strategy(for: rate)
        let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var admitted = 0
                    for _ in stride(from: worker, to: hits, by: concurrency) {
                        let decision = try await backend.decide(
                            key: key,
                            strategy: strategy,
                            rate: rate,
                            cost: 1,
                            commit: true
                        )
                        if decision.isAllowed { admitted += 1 }
                    }
                    return admitted
                }
            }
            return try await group.reduce(0, +)
        }
        await client.close()
        print(admitted)
    }
}
