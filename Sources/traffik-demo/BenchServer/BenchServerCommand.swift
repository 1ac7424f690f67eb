// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import Traffik

/// `traffik-demo bench-server`: the server `traffik-bench` measures, with the endpoints of Python traffik's benchmark
/// apps, one throttle configured from the options.
struct BenchServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-server",
        abstract: "Serve the load harness's endpoints (/test, /unthrottled, /ws, /__bench__/*) on one throttle."
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port; 0 picks a free one and prints `listening on PORT`.") var port = 0
    @Option(help: "The rate, such as 100/60s (default: 100/min).", transform: { try Rate(parsing: $0) }) var rate: Rate?
    @Option(help: "The strategy (\(Strategy.builtIns.map(\.name).joined(separator: ", "))).")
    var strategy = "fixed-window"
    @Option(help: "Where counters live.") var backend = BenchBackend.memory
    @Option(name: .customLong("redis-url"), help: "The Redis server, for --backend redis.")
    var redisURL = "redis://127.0.0.1:6379"
    @Option(help: "The Memcached nodes (host:port, comma-separated), for --backend memcached.")
    var memcached = "127.0.0.1:11211"
    @Option(name: .customLong("on-error"), help: "What to answer when the backend fails.")
    var onError = BenchErrorPolicy.raise
    @Option(help: "The key prefix in the backend.") var namespace = "bench"
    @Option(help: "The web framework.") var framework = BenchFramework.hummingbird
    @Option(help: "How /test is throttled: a route throttle (http) or a middleware rule (middleware).")
    var mode = BenchMode.http
    @Option(help: "A circuit breaker in front of Redis (open after 3 failures in a row, probe after 2 s).")
    var breaker = BenchSwitch.off
    @Option(help: "The longest one Redis call may take, in milliseconds (default: the client's command timeout).")
    var deadline: Int?
    @Option(help: "What decides while Redis fails: none (the error policy) or memory (an in-memory backend).")
    var failover = Failover.none
    @Option(
        name: .customLong("deny-cache"),
        help: "Remember this many refusals, so refused clients cost Redis no round trip until their wait ends; or off."
    )
    var denyCache = BenchDenyCache.off

    /// What the resilience options put in front of Redis.
    var resilience: BenchResilience {
        BenchResilience(
            breaker: breaker.isOn,
            deadline: deadline.map { .milliseconds($0) },
            failover: failover,
            denyCacheCapacity: denyCache.capacity
        )
    }

    func validate() throws {
        guard Strategy.builtIns.contains(where: { $0.name == strategy }) else {
            throw ValidationError("unknown strategy '\(strategy)'")
        }
        if let deadline, deadline < 1 { throw ValidationError("--deadline must be at least 1 ms") }
        if !resilience.isEmpty, backend != .redis {
            throw ValidationError("--breaker, --deadline, --failover and --deny-cache need --backend redis")
        }
    }

    func run() async throws {
        let rate = try self.rate ?? .perMinute(100)
        var logger = Logger(label: "traffik-bench-server")
        logger.logLevel = .warning
        let app = BenchApp(
            host: host,
            port: port,
            rate: rate,
            strategy: Self.strategy(named: strategy, rate: rate),
            backend: try backend.make(
                redisURL: redisURL,
                memcached: memcached,
                namespace: namespace,
                resilience: resilience
            ),
            errorPolicy: onError.policy,
            mode: mode,
            logger: logger
        )
        try await framework.run(app)
    }

    /// The named strategy with its default parameters, except GCRA, whose burst tolerance is set so that
    /// `rate.limit` requests pass at once, as with every other strategy (the harness expects the same).
    static func strategy(named name: String, rate: Rate) -> Strategy {
        if name == Strategy.gcra().name {
            let interval = rate.periodMicroseconds / Int64(rate.limit)
            return .gcra(burstTolerance: .microseconds(interval * Int64(rate.limit - 1)))
        }
        return Strategy.builtIns.first { $0.name == name } ?? .fixedWindow
    }
}
