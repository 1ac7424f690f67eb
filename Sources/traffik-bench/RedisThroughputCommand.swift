import ArgumentParser
import Traffik
import TraffikRedis

/// `traffik-bench redis-throughput`: decisions per second of each strategy through a Redis backend, against raw
/// `INCR` through the same client, pool and concurrency.
struct RedisThroughputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis-throughput",
        abstract: "Decisions per second per strategy on Redis, against raw INCR through the same pool."
    )

    @Option(help: "The Redis URL.") var url: String
    @OptionGroup var load: ThroughputOptions

    func run() async throws {
        var configuration = try RedisConfiguration(url: url)
        configuration.maximumConnections = load.connections
        let client = RedisClient(configuration: configuration)
        let backend = RedisBackend(client: client, namespace: "throughput")
        try await backend.start()
        let keyNames = load.keyNames
        let run = load.run

        let incr = try await run.measure { index in
            _ = try await client.send("INCR", RESPArgument("throughput:incr:\(keyNames[index % keyNames.count])"))
        }
        try await run.compareStrategies(
            on: backend,
            rate: .perSecond(1_000_000),
            keys: keyNames,
            baseline: incr,
            baselineName: "INCR"
        )
        try await backend.reset()
        await client.close()
    }
}
