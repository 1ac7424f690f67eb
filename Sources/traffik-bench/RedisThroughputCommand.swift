import ArgumentParser
import Traffik
import TraffikRedis

/// `traffik-bench redis-throughput`: decisions per second of each strategy through a Redis backend, against raw
/// `INCR` through the same client, pool and concurrency; on one server (`--url`) or a Redis Cluster (`--cluster-url`
/// for each seed node).
struct RedisThroughputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis-throughput",
        abstract: "Decisions per second per strategy on Redis, against raw INCR through the same pool."
    )

    @Option(help: "The Redis URL of one server.") var url: String?
    @Option(name: .customLong("cluster-url"), help: "A seed node of a Redis Cluster, instead of --url (repeatable).")
    var clusterURLs: [String] = []
    @Option(help: "Operations per measurement.") var operations = 50_000
    @Option(help: "Operations in flight at once.") var concurrency = 64
    @Option(help: "Connections in the pool.") var connections = 4
    @Option(help: "Distinct keys the operations spread over.") var keys = 10_000

    func validate() throws {
        guard (url == nil) != clusterURLs.isEmpty else { throw ValidationError("give either --url or --cluster-url") }
    }

    func run() async throws {
        let client = try makeClient()
        let backend = RedisBackend(client: client, namespace: "throughput")
        try await backend.start()
        let rate = Rate.perSecond(1_000_000)
        let keyNames = (0..<keys).map { "k\($0)" }

        let incr = try await measure { index in
            let key = RESPArgument("throughput:incr:\(keyNames[index % keyNames.count])")
            _ = try await client.send(["INCR", key], keys: [key])
        }
        print("strategy                   decisions/s   vs INCR")
        print("raw INCR                   \(pad(incr))   1.00")
        for name in StrategyArgument.all {
            let strategy = name.strategy(for: rate)
            let perSecond = try await measure { index in
                _ = try await backend.decide(
                    key: keyNames[index % keyNames.count],
                    strategy: strategy,
                    rate: rate,
                    cost: 1,
                    commit: true
                )
            }
            let label = name.name + String(repeating: " ", count: max(0, 26 - name.name.count))
            print("\(label) \(pad(perSecond))   \(format2(perSecond / incr))")
        }
        try await backend.reset()
        await client.close()
    }

    /// A client of the one server, or of the cluster (a pool of `connections` per primary).
    private func makeClient() throws -> any RedisCommandSender {
        if let url {
            return RedisClient(configuration: try RedisConfiguration(url: url, maximumConnections: connections))
        }
        return RedisClusterClient(
            configuration: try RedisClusterConfiguration(urls: clusterURLs, maximumConnections: connections)
        )
    }

    /// Runs `operations` calls of `body` with `concurrency` in flight and returns the rate per second.
    private func measure(_ body: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for index in stride(from: worker, to: operations, by: concurrency) { try await body(index) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(operations) / seconds
    }

    private func pad(_ value: Double) -> String {
        let text = String(Int(value.rounded()))
        return String(repeating: " ", count: max(0, 11 - text.count)) + text
    }

    private func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
