// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
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

/// A `redis-sentinel` process on `127.0.0.1` that watches one primary, for tests (see ``RedisSentinelGroup``).
///
/// Sentinel rewrites its configuration file as it learns (its id, the replicas and other sentinels, a new primary),
/// so each sentinel has a file of its own.
struct RedisSentinelProcess: LoopbackServerProcess {
    /// How quickly the sentinels act: short, so that a failover test takes seconds; long enough that a busy machine
    /// does not make a live primary look down.
    enum Timing {
        /// How long a primary may not answer before a sentinel thinks it down.
        static let downAfterMilliseconds = 1_000
        /// How long a failover may take before it is abandoned (and retried after twice as long).
        static let failoverTimeoutMilliseconds = 2_000
    }

    public let loopback: LoopbackServer
    /// The password clients give the sentinel, if it has one.
    let password: String?

    /// The loopback address the sentinel listens on.
    var host: String { loopback.host }
    /// The sentinel's TCP port.
    var port: Int { loopback.port }
    /// The sentinel's address, as a client configuration names it.
    var address: RedisNodeAddress { RedisNodeAddress(host: host, port: port) }

    /// The path of the sentinel binary: `$REDIS_SENTINEL`, else `/usr/bin/redis-sentinel`.
    static var executable: String {
        getenv("REDIS_SENTINEL").map { String(cString: $0) } ?? "/usr/bin/redis-sentinel"
    }

    /// Starts a sentinel on a free loopback port that watches `primary` under `name`, and returns once it answers
    /// as the process this call started.
    ///
    /// - Parameters:
    ///   - configurationFile: The sentinel's own configuration file, written here.
    ///   - quorum: How many sentinels must agree that the primary is down.
    ///   - password: The sentinel's `requirepass`, also what sentinels give each other.
    ///   - primaryPassword: The password of the primary and replica (`sentinel auth-pass`).
    static func start(
        watching primary: RedisServerProcess,
        name: String,
        quorum: Int,
        configurationFile: String,
        directory: String,
        password: String? = nil,
        primaryPassword: String? = nil
    ) async throws -> RedisSentinelProcess {
        var lines = [
            "bind 127.0.0.1", "daemonize no", "logfile \"\"", "dir \(directory)",
            "sentinel monitor \(name) \(primary.host) \(primary.port) \(quorum)",
            "sentinel down-after-milliseconds \(name) \(Timing.downAfterMilliseconds)",
            "sentinel failover-timeout \(name) \(Timing.failoverTimeoutMilliseconds)",
            "sentinel parallel-syncs \(name) 1",
        ]
        if let primaryPassword { lines.append("sentinel auth-pass \(name) \(primaryPassword)") }
        if let password { lines += ["requirepass \(password)", "sentinel sentinel-pass \(password)"] }
        try TemporaryDirectory.write(lines.joined(separator: "\n") + "\n", to: configurationFile)
        let server = try await LoopbackServer.start(executable: executable) { port in
            [configurationFile, "--port", "\(port)"]
        } isReady: { port, pid in
            await RedisServerProcess.answers(port: port, asProcess: pid, password: password)
        }
        return RedisSentinelProcess(loopback: server, password: password)
    }

}
