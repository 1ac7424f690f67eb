// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikBenchContract
import TraffikMemcached
import TraffikRedis

/// `--backend` and where that store is: the one set of store options of `hits` and `throughput`.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store: memory, redis or memcached.") var backend = BenchStore.redis
    @Option(help: "The Redis URL of one server, for --backend redis.") var url: String?
    @Option(name: .customLong("cluster-url"), help: "A seed node of a Redis Cluster, instead of --url (repeatable).")
    var clusterURLs: [String] = []
    @Option(help: "The Memcached nodes, host[:port] separated by commas, for --backend memcached.")
    var servers: String?

    func validate() throws {
        switch backend {
        case .memory:
            guard url == nil, clusterURLs.isEmpty, servers == nil else {
                throw ValidationError("--backend memory takes no --url, --cluster-url or --servers")
            }
        case .redis:
            guard (url == nil) != clusterURLs.isEmpty, servers == nil else {
                throw ValidationError("--backend redis takes either --url or --cluster-url")
            }
        case .memcached:
            guard servers != nil, url == nil, clusterURLs.isEmpty else {
                throw ValidationError("--backend memcached takes --servers")
            }
        }
    }

    /// A client of the one Redis server, or of the cluster (a pool of `connections` per primary).
    func redisClient(connections: Int) throws -> any RedisCommandSender {
        if let url {
            return RedisClient(configuration: try RedisConfiguration(url: url, maximumConnections: connections))
        }
        return RedisClusterClient(
            configuration: try RedisClusterConfiguration(urls: clusterURLs, maximumConnections: connections)
        )
    }

    /// The Memcached client's configuration, with `connections` per node.
    func memcachedConfiguration(connections: Int) throws -> MemcachedConfiguration {
        var configuration = try MemcachedConfiguration(servers: servers ?? "")
        configuration.maximumConnections = connections
        return configuration
    }

    /// Runs `body` on a backend of the chosen store under `namespace`, then closes it.
    func withBackend<Result>(
        namespace: String,
        connections: Int = 4,
        _ body: (any ThrottleBackend) async throws -> Result
    ) async throws -> Result {
        let backend: any ThrottleBackend
        switch self.backend {
        case .memory: backend = InMemoryBackend(namespace: namespace, persistent: true)
        case .redis: backend = RedisBackend(client: try redisClient(connections: connections), namespace: namespace)
        case .memcached:
            let client = MemcachedClient(configuration: try memcachedConfiguration(connections: connections))
            backend = MemcachedBackend(client: client, namespace: namespace)
        }
        do {
            let result = try await body(backend)
            try await backend.close()
            return result
        } catch {
            try? await backend.close()
            throw error
        }
    }
}
