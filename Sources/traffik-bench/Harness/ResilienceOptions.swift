// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The bench server's resilience options, passed through: what stands between its throttle and Redis. With none
/// given the server decides on Redis alone, as the other commands run it.
struct ResilienceOptions: ParsableArguments, Sendable {
    @Option(help: "A circuit breaker in front of Redis on the server.") var breaker = HarnessSwitch.off
    @Option(help: "The longest one Redis call may take on the server, in milliseconds (default: none).")
    var deadline: Int?
    @Option(help: "What decides on the server while Redis fails.") var failover = HarnessFailover.none
    @Option(name: .customLong("deny-cache"), help: "A deny cache of this capacity on the server, or off.")
    var denyCache = DenyCacheCapacity.off
    @Option(name: .customLong("on-error"), help: "The server's error policy: allow, throttle or raise (default raise).")
    var onError: String?

    func validate() throws {
        if let deadline, deadline < 1 { throw ValidationError("--deadline must be at least 1 ms") }
        if let onError, !["allow", "throttle", "raise"].contains(onError) {
            throw ValidationError("--on-error must be allow, throttle or raise, not '\(onError)'")
        }
    }

    /// The `traffik-demo bench-server` arguments for the options given; none for those left at their defaults.
    var serverArguments: [String] {
        var arguments: [String] = []
        if breaker == .on { arguments += ["--breaker", "on"] }
        if let deadline { arguments += ["--deadline", "\(deadline)"] }
        if failover != .none { arguments += ["--failover", failover.rawValue] }
        if let capacity = denyCache.capacity { arguments += ["--deny-cache", "\(capacity)"] }
        if let onError { arguments += ["--on-error", onError] }
        return arguments
    }

    /// The options in a few words, for the table's heading: `breaker on, deadline 100 ms, failover memory`.
    var summary: String {
        var parts = ["breaker \(breaker.rawValue)", "deadline " + (deadline.map { "\($0) ms" } ?? "none")]
        parts.append("failover \(failover.rawValue)")
        parts.append("deny cache \(denyCache.text)")
        parts.append("on-error \(onError ?? "raise")")
        return parts.joined(separator: ", ")
    }
}
