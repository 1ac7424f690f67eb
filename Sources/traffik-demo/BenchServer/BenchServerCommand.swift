// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import Traffik
import TraffikBenchContract

/// `traffik-demo bench-server`: the server `traffik-bench` measures, with the endpoints of Python traffik's benchmark
/// apps, one throttle configured from the options. The options are ``BenchServerSettings``, which the harness
/// renders: each is named there, once.
struct BenchServerCommand: AsyncParsableCommand {
    typealias Name = BenchServerSettings.Option

    static let configuration = CommandConfiguration(
        commandName: "bench-server",
        abstract: "Serve the load harness's endpoints (/test, /unthrottled, /ws, /__bench__/*) on one throttle."
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(name: .customLong(Name.port.rawValue), help: "The port; 0 picks a free one and prints `listening on PORT`.")
    var port = 0
    @Option(
        name: .customLong(Name.rate.rawValue),
        help: "The rate, such as 100/60s (default: 100/min).",
        transform: { try Rate(parsing: $0) }
    )
    var rate: Rate?
    @Option(
        name: .customLong(Name.strategy.rawValue),
        help: "The strategy (\(Strategy.builtInNames.joined(separator: ", "))).",
        transform: { name in
            guard Strategy(named: name) != nil else { throw ValidationError("unknown strategy '\(name)'") }
            return name
        }
    )
    var strategy = Strategy.fixedWindow.name
    @Option(name: .customLong(Name.backend.rawValue), help: "Where counters live.") var backend = BenchStore.memory
    @Option(name: .customLong(Name.redisURL.rawValue), help: "The Redis server, for --backend redis.")
    var redisURL: String?
    @Option(
        name: .customLong(Name.memcached.rawValue),
        help: "The Memcached nodes (host:port, comma-separated), for --backend memcached."
    )
    var memcached: String?
    @Option(name: .customLong(Name.onError.rawValue), help: "What to answer when the backend fails.")
    var onError = BenchErrorPolicy.raise
    @Option(name: .customLong(Name.namespace.rawValue), help: "The key prefix in the backend.") var namespace = "bench"
    @Option(name: .customLong(Name.framework.rawValue), help: "The web framework.")
    var framework = BenchFramework.hummingbird
    @Option(
        name: .customLong(Name.mode.rawValue),
        help: "How /test is throttled: a route throttle (http) or a middleware rule (middleware)."
    )
    var mode = BenchMode.http
    @Option(
        name: .customLong(Name.breaker.rawValue),
        help: "A circuit breaker in front of Redis (open after 3 failures in a row, probe after 2 s)."
    )
    var breaker = BenchSwitch.off
    @Option(
        name: .customLong(Name.deadline.rawValue),
        help: "The longest one Redis call may take, in milliseconds (default: the client's command timeout)."
    )
    var deadline: Int?
    @Option(
        name: .customLong(Name.failover.rawValue),
        help: "What decides while Redis fails: none (the error policy) or memory (an in-memory backend)."
    )
    var failover = FailoverChoice.none
    @Option(
        name: .customLong(Name.denyCache.rawValue),
        help: "Remember this many refusals, so refused clients cost Redis no round trip until their wait ends; or off."
    )
    var denyCache = BenchDenyCache.off

    /// The options as the harness writes them.
    var settings: BenchServerSettings {
        var settings = BenchServerSettings()
        settings.port = port
        settings.rate = rate
        settings.strategy = strategy
        settings.backend = backend
        settings.redisURL = redisURL
        settings.memcached = memcached
        settings.onError = onError
        settings.namespace = namespace
        settings.framework = framework
        settings.mode = mode
        settings.breaker = breaker
        settings.deadlineMilliseconds = deadline
        settings.failover = failover
        settings.denyCache = denyCache
        return settings
    }

    /// What the resilience options put in front of Redis.
    var resilience: BenchResilience {
        BenchResilience(
            breaker: breaker.isOn,
            deadline: deadline.map { .milliseconds($0) },
            failover: failover,
            denyCacheCapacity: denyCache.capacity
        )
    }

    /// The backend the options describe (Redis at 127.0.0.1:6379 and Memcached at 127.0.0.1:11211 unless given).
    func makeBackend() throws -> any ThrottleBackend {
        try backend.make(
            redisURL: redisURL ?? "redis://127.0.0.1:6379",
            memcached: memcached ?? "127.0.0.1:11211",
            namespace: namespace,
            resilience: resilience
        )
    }

    func validate() throws {
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
            strategy: BenchStrategy.named(strategy, rate: rate) ?? .fixedWindow,
            backend: try makeBackend(),
            errorPolicy: onError.policy,
            mode: mode,
            logger: logger
        )
        try await framework.run(app)
    }
}
