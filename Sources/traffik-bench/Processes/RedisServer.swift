// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import TraffikProcessSupport
import TraffikRedis

/// A `redis-server` the harness starts on a free loopback port (no persistence), for `--backend redis` without
/// `--redis-url` and for the fault of `error_recovery`.
struct RedisServer: Sendable {
    let process: ChildProcess
    let port: Int

    var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server and returns once it answers `PING` (within 10 s).
    static func start(executable: String = "/usr/bin/redis-server") async throws -> RedisServer {
        let port = try LoopbackPort.free()
        let arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        ]
        var quiet = Logger(label: "traffik-bench.redis-probe")
        quiet.logLevel = .critical
        let client = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(port)"), logger: quiet)
        do {
            let process = try await ChildProcess.startServer(executable, arguments: arguments, port: port) {
                (try? await client.send("PING")) != nil
            }
            await client.close()
            return RedisServer(process: process, port: port)
        } catch {
            await client.close()
            throw error
        }
    }

    func stop() async { await process.stop() }
}
