// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikMemcached

/// `traffik-bench memcached-throughput`: decisions per second of each strategy through a Memcached backend, against
/// raw `ma` increments through the same client, pool and concurrency; then the compare-and-swap retry rate of each
/// strategy on one hot key.
struct MemcachedThroughputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memcached-throughput",
        abstract: "Decisions per second per strategy on Memcached, against raw ma through the same pool."
    )

    @Option(help: "The Memcached nodes, host[:port] separated by commas.") var servers: String
    @OptionGroup var load: ThroughputOptions
    @Option(help: "Decisions per strategy on the hot key.") var hotOperations = 10_000
    @Option(help: "Clients (each its own pool, standing in for a process) sharing the hot key.") var hotClients = 4

    func run() async throws {
        var configuration = try MemcachedConfiguration(servers: servers)
        configuration.maximumConnections = load.connections
        let client = MemcachedClient(configuration: configuration)
        let backend = MemcachedBackend(client: client, namespace: "throughput")
        try await backend.start()
        let keyNames = load.keyNames
        let run = load.run
        let rate = try Rate.perSecond(1_000_000)

        let increments = try await run.measure { index in
            _ = try await client.increment(
                MemcachedKey("throughput:ma:\(keyNames[index % keyNames.count])"),
                initial: 1,
                ttl: .seconds(60)
            )
        }
        try await run.compareStrategies(
            on: backend,
            rate: rate,
            keys: keyNames,
            baseline: increments,
            baselineName: "ma"
        )

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
        try await backend.reset()
        await client.close()
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
