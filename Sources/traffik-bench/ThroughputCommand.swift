// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
@_spi(Backend) import Traffik
import TraffikBenchContract
import TraffikMemcached
import TraffikRedis

/// `traffik-bench throughput`: decisions per second of each strategy through a shared store's backend, against the
/// store's own raw increment (`INCR` on Redis, `ma` on Memcached) through the same client, pool and concurrency; on
/// one Redis server (`--url`) or a Redis Cluster (`--cluster-url` for each seed node), or on Memcached
/// (`--servers`), where the compare-and-swap retry rate of each strategy on one hot key follows.
struct ThroughputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract:
            "Decisions per second per strategy on Redis or Memcached, against a raw increment through the same pool."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var load: ThroughputOptions
    @Option(help: "Memcached: decisions per strategy on the hot key.") var hotOperations = 10_000
    @Option(help: "Memcached: clients (each its own pool, standing in for a process) sharing the hot key.")
    var hotClients = 4

    func validate() throws {
        guard store.backend.isShared else {
            throw ValidationError("throughput measures a shared store (the in-memory table has Benchmarks/)")
        }
    }

    func run() async throws {
        switch store.backend {
        case .memory: break
        case .redis: try await redis()
        case .memcached: try await memcached()
        }
    }

    private func redis() async throws {
        let client = try store.redisClient(connections: load.connections)
        let backend = RedisBackend(client: client, namespace: "throughput")
        try await backend.start()
        let keyNames = load.keyNames
        let incr = try await load.run.measure { index in
            let key = RESPArgument("throughput:incr:\(keyNames[index % keyNames.count])")
            _ = try await client.send(["INCR", key], keys: [key])
        }
        try await load.run.compareStrategies(
            on: backend,
            rate: .perSecond(1_000_000),
            keys: keyNames,
            baseline: incr,
            baselineName: "INCR"
        )
        try await backend.reset()
        await client.close()
    }

    private func memcached() async throws {
        let configuration = try store.memcachedConfiguration(connections: load.connections)
        let client = MemcachedClient(configuration: configuration)
        let backend = MemcachedBackend(client: client, namespace: "throughput")
        try await backend.start()
        let keyNames = load.keyNames
        let rate = try Rate.perSecond(1_000_000)
        let increments = try await load.run.measure { index in
            _ = try await client.increment(
                MemcachedKey("throughput:ma:\(keyNames[index % keyNames.count])"),
                initial: 1,
                ttl: .seconds(60)
            )
        }
        try await load.run.compareStrategies(
            on: backend,
            rate: rate,
            keys: keyNames,
            baseline: increments,
            baselineName: "ma"
        )
        try await hotKey(configuration: configuration, rate: rate)
        try await backend.reset()
        await client.close()
    }

    /// Every strategy on one key shared by ``hotClients`` clients: decisions per second and compare-and-swap
    /// retries per decision.
    private func hotKey(configuration: MemcachedConfiguration, rate: Rate) async throws {
        print("\nhot key (\(hotOperations) decisions on one key, \(load.concurrency) in flight, \(hotClients) clients)")
        print("strategy                   decisions/s   CAS retries/decision   ran out")
        let hot = ThroughputRun(operations: hotOperations, concurrency: load.concurrency)
        let hotClientList = (0..<hotClients).map { _ in MemcachedClient(configuration: configuration) }
        for name in StrategyArgument.all {
            let strategy = name.strategy(for: rate)
            let hotBackends = hotClientList.map { MemcachedBackend(client: $0, namespace: "throughput-hot") }
            let perSecond = try await hot.measure { index in
                let backend = hotBackends[index % hotBackends.count]
                _ = try? await backend.decide(key: "hot", strategy: strategy, rate: rate, cost: 1, commit: true)
            }
            let statistics = hotBackends.map(\.compareAndSwapStatistics)
            let decisions = statistics.map(\.decisions).reduce(0, +)
            let retries = Double(statistics.map(\.retries).reduce(0, +)) / Double(max(decisions, 1))
            let rateText = strategy.kernel(for: rate) == .fixedWindow ? "(one ma)" : ThroughputRun.format2(retries)
            print(
                "\(ThroughputRun.label(name.name)) \(ThroughputRun.pad(perSecond))   "
                    + "\(rateText.padding(20))   \(statistics.map(\.exhausted).reduce(0, +))"
            )
        }
        for hotClient in hotClientList { await hotClient.close() }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
