// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikProcessSupport
import TraffikRedis

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A Redis Cluster of three primaries (no replicas) on loopback, for tests: three `redis-server
/// --cluster-enabled yes` in a temporary directory, joined with `redis-cli --cluster create`.
///
/// ```swift
/// try await RedisClusterProcess.with { cluster in
///     let client = makeClusterClient(cluster)
///     …
/// }
/// ```
public struct RedisClusterProcess: Sendable {
    /// The three primaries.
    public let nodes: [RedisServerProcess]
    /// The directory of the nodes' cluster configuration files.
    public let directory: String

    /// The path of `redis-cli`: `$REDIS_CLI`, else `/usr/bin/redis-cli`.
    public static var cli: String {
        getenv("REDIS_CLI").map { String(cString: $0) } ?? "/usr/bin/redis-cli"
    }

    /// The nodes' addresses.
    public var addresses: [RedisNodeAddress] {
        nodes.map { RedisNodeAddress(host: $0.host, port: $0.port) }
    }

    /// Starts a cluster, runs `body` with it on ``ClusterThreads``, and stops every node and removes the directory
    /// however `body` ends.
    public static func with<T: Sendable>(_ body: (RedisClusterProcess) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(ClusterThreads.executor) {
            let directory = try TemporaryDirectory.make(prefix: "traffik-cluster")
            var nodes: [RedisServerProcess] = []
            do {
                for _ in 0..<3 { nodes.append(try await RedisServerProcess.start(clusterDirectory: directory)) }
                let cluster = RedisClusterProcess(nodes: nodes, directory: directory)
                try await cluster.create()
                let result = try await body(cluster)
                await stop(nodes, directory: directory)
                return result
            } catch {
                await stop(nodes, directory: directory)
                throw error
            }
        }
    }

    /// Starts one cluster-enabled node that belongs to no cluster (it answers `CLUSTER KEYSLOT`), runs `body` with
    /// it on ``ClusterThreads``, then stops it and removes its directory.
    public static func withLoneNode<T: Sendable>(_ body: (RedisServerProcess) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(ClusterThreads.executor) {
            let directory = try TemporaryDirectory.make(prefix: "traffik-cluster")
            do {
                let node = try await RedisServerProcess.start(clusterDirectory: directory)
                do {
                    let result = try await body(node)
                    await stop([node], directory: directory)
                    return result
                } catch {
                    await stop([node], directory: directory)
                    throw error
                }
            } catch {
                TemporaryDirectory.remove(directory)
                throw error
            }
        }
    }

    /// Runs `redis-cli --cluster create` and waits until every node reports `cluster_state:ok`.
    private func create() async throws {
        let addresses = self.addresses.map(\.description)
        let created = try await ChildProcess.run(
            Self.cli,
            arguments: ["--cluster", "create"] + addresses + ["--cluster-yes"],
            timeout: .seconds(30)
        )
        guard created.status == 0 else {
            throw ProcessError("redis-cli --cluster create failed (\(created.status)): \(created.errors)")
        }
        let deadline = ContinuousClock.now + .seconds(20)
        for node in nodes {
            while true {
                let info = try await withClient(of: node) { try await $0.send("CLUSTER", "INFO").string ?? "" }
                if info.contains("cluster_state:ok") { break }
                guard ContinuousClock.now < deadline else {
                    throw ProcessError("the cluster did not reach cluster_state:ok within 20 s")
                }
                try await pause(for: .milliseconds(50))
            }
        }
    }

    /// The primary that `client` sends `key` to, and another primary to move the key's slot to.
    public func source(
        of key: RESPArgument,
        client: RedisClusterClient
    ) async throws -> (
        source: RedisServerProcess, target: RedisServerProcess
    ) {
        let source = node(at: try await client.primary(for: key))
        return (source, nodes.first { $0.port != source.port }!)
    }

    /// The node at `address`.
    public func node(at address: RedisNodeAddress) -> RedisServerProcess {
        nodes.first { $0.port == address.port }!
    }

    /// The node's cluster id (`CLUSTER MYID`).
    public func id(of node: RedisServerProcess) async throws -> String {
        try await withClient(of: node) { try await $0.send("CLUSTER", "MYID").string ?? "" }
    }

    /// How many keys `node` holds in `slot`.
    public func keyCount(in slot: Int, on node: RedisServerProcess) async throws -> Int64 {
        try await withClient(of: node) { try await $0.send("CLUSTER", "COUNTKEYSINSLOT", RESPArgument(slot)).int ?? -1 }
    }

    // MARK: - Moving a slot

    /// Marks `slot` as importing on `target` and migrating on `source`: from now on, `source` answers `ASK` for
    /// keys of the slot that it no longer holds.
    public func beginMigration(
        of slot: Int,
        from source: RedisServerProcess,
        to target: RedisServerProcess
    ) async throws {
        let (sourceID, targetID) = (try await id(of: source), try await id(of: target))
        try await withClient(of: target) {
            try await $0.send("CLUSTER", "SETSLOT", RESPArgument(slot), "IMPORTING", RESPArgument(sourceID))
        }
        try await withClient(of: source) {
            try await $0.send("CLUSTER", "SETSLOT", RESPArgument(slot), "MIGRATING", RESPArgument(targetID))
        }
    }

    /// Moves every key of `slot` from `source` to `target` with `MIGRATE … KEYS`.
    public func migrateKeys(of slot: Int, from source: RedisServerProcess, to target: RedisServerProcess) async throws {
        try await withClient(of: source) { client in
            while true {
                let keys = try await client.send("CLUSTER", "GETKEYSINSLOT", RESPArgument(slot), 100).array ?? []
                guard !keys.isEmpty else { return }
                let names = keys.compactMap(\.bytes).map(RESPArgument.init)
                try await client.send(
                    ["MIGRATE", RESPArgument(target.host), RESPArgument(target.port), "", 0, 5_000, "KEYS"] + names
                )
            }
        }
    }

    /// Gives `slot` to `target` on every node, `target` first, ending the migration.
    public func finishMigration(of slot: Int, to target: RedisServerProcess) async throws {
        let targetID = try await id(of: target)
        for node in [target] + nodes.filter({ $0.port != target.port }) {
            try await withClient(of: node) {
                try await $0.send("CLUSTER", "SETSLOT", RESPArgument(slot), "NODE", RESPArgument(targetID))
            }
        }
    }

    /// Moves `slot` with its keys from `source` to `target`, as `redis-cli --cluster reshard` would.
    public func move(_ slot: Int, from source: RedisServerProcess, to target: RedisServerProcess) async throws {
        try await beginMigration(of: slot, from: source, to: target)
        try await migrateKeys(of: slot, from: source, to: target)
        try await finishMigration(of: slot, to: target)
    }

    // MARK: - Clean-up

    private static func stop(_ nodes: [RedisServerProcess], directory: String) async {
        for node in nodes { await node.stop() }
        TemporaryDirectory.remove(directory)
    }
}

/// A cluster client of `cluster` whose connections run on ``ClusterThreads/eventLoops``, with short timeouts.
public func makeClusterClient(_ cluster: RedisClusterProcess, maximumRedirects: Int = 5) -> RedisClusterClient {
    RedisClusterClient(
        configuration: RedisClusterConfiguration(
            seeds: [cluster.addresses[0]],
            node: makeConfiguration(cluster.nodes[0]),
            maximumRedirects: maximumRedirects
        ),
        eventLoopGroup: ClusterThreads.eventLoops
    )
}

/// Runs `body` with a short-lived client of `node`, closed however `body` ends.
@discardableResult
public func withClient<T: Sendable>(
    of node: RedisServerProcess,
    _ body: (RedisClient) async throws -> T
) async throws -> T {
    try await using(
        RedisClient(configuration: makeConfiguration(node), eventLoopGroup: ClusterThreads.eventLoops),
        body
    )
}

/// Runs `body` with a cluster client of `cluster` (see ``makeClusterClient(_:maximumRedirects:)``), closed however
/// `body` ends.
public func withClusterClient<T: Sendable>(
    _ cluster: RedisClusterProcess,
    maximumRedirects: Int = 5,
    _ body: (RedisClusterClient) async throws -> T
) async throws -> T {
    try await using(makeClusterClient(cluster, maximumRedirects: maximumRedirects), body)
}

/// Runs `body` with `client`, then closes the client however `body` ends.
private func using<Client: RedisCommandSender, T: Sendable>(
    _ client: Client,
    _ body: (Client) async throws -> T
) async throws -> T {
    let result = await Result { try await body(client) }
    await client.close()
    return try result.get()
}
