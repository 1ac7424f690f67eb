// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import TraffikRedis

/// The harness's own connection to the Redis it started: to stall it (`CLIENT PAUSE`) and to count the commands
/// it ran (`INFO commandstats`).
struct RedisControl: Sendable {
    private let client: RedisClient

    /// A one-connection client of the Redis at `url`.
    init(url: String) throws {
        var quiet = Logger(label: "traffik-bench.redis-control")
        quiet.logLevel = .critical
        client = RedisClient(configuration: try RedisConfiguration(url: url, maximumConnections: 1), logger: quiet)
    }

    /// Stops Redis from running any client's commands for `milliseconds` (`CLIENT PAUSE <ms> ALL`); the commands
    /// wait, and run when the pause ends. Returns once Redis has accepted the pause.
    func pause(milliseconds: Int) async throws {
        try await client.send("CLIENT", "PAUSE", RESPArgument(milliseconds), "ALL")
    }

    /// The call counts of every command Redis has run since it started.
    func commandStats() async throws -> CommandStats {
        let reply = try await client.send("INFO", "commandstats")
        return CommandStats(info: reply.string ?? "")
    }

    func close() async { await client.close() }
}
