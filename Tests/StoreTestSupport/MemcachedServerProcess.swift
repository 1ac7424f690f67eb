// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikMemcached
import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `memcached` process that a test starts on `127.0.0.1` and stops when done (see ``LoopbackServer``).
public struct MemcachedServerProcess: LoopbackServerProcess {
    public let loopback: LoopbackServer

    /// The server as a client configuration names it.
    public var address: MemcachedServer { MemcachedServer(host: loopback.host, port: loopback.port) }

    /// The path of the server binary: `$MEMCACHED`, else `/usr/bin/memcached`.
    public static var executable: String {
        getenv("MEMCACHED").map { String(cString: $0) } ?? "/usr/bin/memcached"
    }

    /// Starts a server on a free loopback port (TCP only, one worker thread, 64 MB) and returns once it answers as
    /// the process this call started.
    public static func start() async throws -> MemcachedServerProcess {
        let server = try await LoopbackServer.start(executable: executable) { port in
            var arguments = ["-p", "\(port)", "-l", "127.0.0.1", "-U", "0", "-t", "1", "-m", "64"]
            // memcached refuses to run as root unless told which user to be.
            if getuid() == 0 { arguments += ["-u", "root"] }
            return arguments
        } isReady: { port, pid in
            // `stats` names the server's process id.
            let answer = await LoopbackPort.exchange(port: port, request: Array("stats\r\n".utf8)) {
                numberField("STAT pid ", in: $0)
            }
            return answer == Int(pid)
        }
        return MemcachedServerProcess(loopback: server)
    }

}
