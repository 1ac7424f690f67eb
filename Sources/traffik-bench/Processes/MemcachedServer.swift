// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import TraffikMemcached
import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `memcached` the harness starts on a free loopback port, for `--backend memcached` without `--memcached`.
struct MemcachedServer: Sendable {
    let process: ChildProcess
    let port: Int

    /// The `host:port` the servers are pointed at.
    var address: String { "127.0.0.1:\(port)" }

    /// Starts the server and returns once it answers a get (within 10 s).
    static func start(executable: String = "/usr/bin/memcached") async throws -> MemcachedServer {
        let port = try LoopbackPort.free()
        var arguments = ["-p", "\(port)", "-l", "127.0.0.1", "-U", "0", "-m", "256"]
        if getuid() == 0 { arguments += ["-u", "root"] }  // memcached refuses to run as root unless told to
        var quiet = Logger(label: "traffik-bench.memcached-probe")
        quiet.logLevel = .critical
        let client = MemcachedClient(
            configuration: try MemcachedConfiguration(servers: "127.0.0.1:\(port)"),
            logger: quiet
        )
        do {
            let process = try await ChildProcess.startServer(executable, arguments: arguments, port: port) {
                do {
                    _ = try await client.get("traffik-bench:probe")  // a miss is an answer too
                    return true
                } catch {
                    return false
                }
            }
            await client.close()
            return MemcachedServer(process: process, port: port)
        } catch {
            await client.close()
            throw error
        }
    }

    func stop() async { await process.stop() }
}
