import Logging
import TraffikMemcached

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
        let port = try freeLoopbackPort()
        var arguments = ["-p", "\(port)", "-l", "127.0.0.1", "-U", "0", "-m", "256"]
        if getuid() == 0 { arguments += ["-u", "root"] }  // memcached refuses to run as root unless told to
        let server = MemcachedServer(process: try ChildProcess(executable, arguments: arguments), port: port)
        var quiet = Logger(label: "traffik-bench.memcached-probe")
        quiet.logLevel = .critical
        let client = MemcachedClient(configuration: try MemcachedConfiguration(servers: server.address), logger: quiet)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if server.process.hasExited { break }
            do {
                _ = try await client.get("traffik-bench:probe")  // a miss is an answer too
                await client.close()
                return server
            } catch {}
            await pause(milliseconds: 50)
        }
        await client.close()
        await server.process.stop()
        throw ChildProcess.SpawnError(description: "memcached on port \(port) did not answer within 10 s")
    }

    func stop() async { await process.stop() }
}
