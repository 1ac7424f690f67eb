// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Traffik
import TraffikBenchContract

/// The options of `traffik-bench deny-cache`: one client hammering past its limit, with and without a deny cache.
struct DenyCacheOptions: ParsableArguments, Sendable {
    @Option(help: "Requests per run, all from one client.") var requests = 2_000
    @Option(help: "Requests in flight at once.") var concurrency = 20
    @Option(help: "The client's rate, far below what it sends (default: 10/60s).", transform: { try Rate(parsing: $0) })
    var rate: Rate?
    @Option(help: "The deny cache's capacity in the run with one.") var capacity = 100_000
    @Option(help: "The server's web framework.") var framework = BenchFramework.hummingbird
    @Option(help: "table or json.") var output = OutputFormat.table
    @Option(help: "The traffik-demo executable (default: beside this one).") var server: String?

    func validate() throws {
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard capacity >= 1 else { throw ValidationError("--capacity must be at least 1") }
    }

    /// The client's rate: `--rate`, else 10 per minute.
    func clientRate() throws -> Rate {
        try rate ?? .perMinute(10)
    }

    /// The rate as the server reads it: `10/60000ms`.
    func rateArgument() throws -> String {
        let rate = try clientRate()
        return "\(rate.limit)/\(rate.periodMicroseconds / 1000)ms"
    }

    /// What the bench server runs besides its port, for a run with `denyCache`.
    func serverSettings(redisURL: String, denyCache: BenchDenyCache) throws -> BenchServerSettings {
        var settings = BenchServerSettings()
        settings.framework = framework
        settings.backend = .redis
        settings.redisURL = redisURL
        settings.rate = try clientRate()
        settings.namespace = "deny-\(denyCache.text)"
        settings.denyCache = denyCache
        return settings
    }
}
