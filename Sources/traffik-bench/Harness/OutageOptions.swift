// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikBenchContract

/// The options of `traffik-bench outage`: the bench server's resilience, the load, and how long each phase lasts.
struct OutageOptions: ParsableArguments, Sendable {
    @OptionGroup var resilience: ResilienceOptions
    @Option(help: "Seconds of load before Redis is paused.") var lead = 5.0
    @Option(help: "Seconds Redis is paused for (CLIENT PAUSE <ms> ALL).") var pause = 20.0
    @Option(help: "Seconds of load after the pause ends.") var tail = 10.0
    @Option(help: "Requests in flight at once.") var concurrency = 50
    @Option(help: "Distinct X-Client-IDs the requests take in turn.") var clients = 1_000
    @Option(help: "The server's rate, high enough that the limiter refuses nothing.") var rate = "1000000/s"
    @Option(help: "The server's web framework.") var framework = BenchFramework.hummingbird
    @Option(help: "table or json.") var output = OutputFormat.table
    @Option(help: "The traffik-demo executable (default: beside this one).") var server: String?

    func validate() throws {
        for (name, value) in [("lead", lead), ("pause", pause), ("tail", tail)] where !(value > 0 && value <= 3_600) {
            throw ValidationError("--\(name) must be more than 0 and at most 3600 seconds")
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard clients >= 1 else { throw ValidationError("--clients must be at least 1") }
        guard (try? Rate(parsing: rate)) != nil else { throw ValidationError("--rate '\(rate)' is not a rate") }
    }

    /// The pause in whole milliseconds, as `CLIENT PAUSE` takes it.
    var pauseMilliseconds: Int { Int((pause * 1000).rounded()) }

    /// What the bench server runs besides its port: the framework, Redis at `redisURL`, the rate, and the
    /// resilience options.
    func serverSettings(redisURL: String) throws -> BenchServerSettings {
        var settings = BenchServerSettings()
        settings.framework = framework
        settings.backend = .redis
        settings.redisURL = redisURL
        settings.rate = try Rate(parsing: rate)
        settings.namespace = "outage"
        resilience.configure(&settings)
        return settings
    }

    /// Seconds as microseconds.
    static func microseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1e6).rounded()) }
}
