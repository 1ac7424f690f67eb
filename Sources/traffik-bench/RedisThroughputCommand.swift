// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

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
    @OptionGroup var load: ThroughputOptions

    func validate() throws {
        guard (url == nil) != clusterURLs.isEmpty else { throw ValidationError("give either --url or --cluster-url") }
    }

    func run() async throws {
        let client = try makeClient()
        let backend = RedisBackend(client: client, namespace: "throughput")
        try await backend.start()
        let keyNames = load.keyNames
        let run = load.run

        let incr = try await run.measure { index in
            let key = RESPArgument("throughput:incr:\(keyNames[index % keyNames.count])")
            _ = try await client.send(["INCR", key], keys: [key])
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

    /// A client of the one server, or of the cluster (a pool of `connections` per primary).
    private func makeClient() throws -> any RedisCommandSender {
        if let url {
            return RedisClient(configuration: try RedisConfiguration(url: url, maximumConnections: load.connections))
        }
        return RedisClusterClient(
            configuration: try RedisClusterConfiguration(urls: clusterURLs, maximumConnections: load.connections)
        )
    }
}
