// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import StoreTestSupport
import TestServerSupport
import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real memcached process on loopback where a test's client expects a Redis server or sentinel: it answers every
/// Redis command with bytes that are not RESP (`ERROR\r\n`).
struct MemcachedImpostor: Sendable {
    private let server: LoopbackServer

    /// The TCP port it listens on.
    var port: Int { server.port }

    /// Starts memcached on a free loopback port and returns once it answers as the process this call started.
    static func start() async throws -> MemcachedImpostor {
        let executable = getenv("MEMCACHED").map { String(cString: $0) } ?? "/usr/bin/memcached"
        let server = try await LoopbackServer.start(executable: executable) { port in
            var arguments = ["-p", "\(port)", "-l", "127.0.0.1", "-U", "0", "-t", "1", "-m", "8"]
            // memcached refuses to run as root unless told which user to be.
            if getuid() == 0 { arguments += ["-u", "root"] }
            return arguments
        } isReady: { port, pid in
            let answer = await LoopbackPort.exchange(port: port, request: Array("stats\r\n".utf8)) {
                numberField("STAT pid ", in: $0)
            }
            return answer == Int(pid)
        }
        return MemcachedImpostor(server: server)
    }

    /// Stops it and waits for it to exit.
    func stop() async {
        await server.stop()
    }
}
