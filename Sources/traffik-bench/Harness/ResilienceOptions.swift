// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import TraffikBenchContract

/// The bench server's resilience options, passed through: what stands between its throttle and Redis. With none
/// given the server decides on Redis alone, as the other commands run it.
struct ResilienceOptions: ParsableArguments, Sendable {
    @Option(help: "A circuit breaker in front of Redis on the server.") var breaker = BenchSwitch.off
    @Option(help: "The longest one Redis call may take on the server, in milliseconds (default: none).")
    var deadline: Int?
    @Option(help: "What decides on the server while Redis fails.") var failover = FailoverChoice.none
    @Option(name: .customLong("deny-cache"), help: "A deny cache of this capacity on the server, or off.")
    var denyCache = BenchDenyCache.off
    @Option(name: .customLong("on-error"), help: "The server's error policy: allow, throttle or raise (default raise).")
    var onError: BenchErrorPolicy?

    func validate() throws {
        if let deadline, deadline < 1 { throw ValidationError("--deadline must be at least 1 ms") }
    }

    /// Gives a server's settings these options.
    func configure(_ settings: inout BenchServerSettings) {
        settings.breaker = breaker
        settings.deadlineMilliseconds = deadline
        settings.failover = failover
        settings.denyCache = denyCache
        if let onError { settings.onError = onError }
    }

    /// The `traffik-demo bench-server` arguments for these options alone; none for those left at their defaults.
    var serverArguments: [String] {
        var settings = BenchServerSettings()
        configure(&settings)
        return settings.arguments
    }

    /// The options in a few words, for the table's heading: `breaker on, deadline 100 ms, failover memory`.
    var summary: String {
        var parts = ["breaker \(breaker.rawValue)", "deadline " + (deadline.map { "\($0) ms" } ?? "none")]
        parts.append("failover \(failover.rawValue)")
        parts.append("deny cache \(denyCache.text)")
        parts.append("on-error \((onError ?? .raise).rawValue)")
        return parts.joined(separator: ", ")
    }
}
