import Logging
import TraffikRedis

/// A `redis-server` the harness starts on a free loopback port (no persistence), for `--backend redis` without
/// `--redis-url` and for the fault of `error_recovery`.
struct RedisServer: Sendable {
    let process: ChildProcess
    let port: Int

    var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server and returns once it answers `PING` (within 10 s).
    static func start(executable: String = "/usr/bin/redis-server") async throws -> RedisServer {
        let port = try freeLoopbackPort()
        let arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        ]
        let server = RedisServer(process: try ChildProcess(executable, arguments: arguments), port: port)
        var quiet = Logger(label: "traffik-bench.redis-probe")
        quiet.logLevel = .critical
        let client = RedisClient(configuration: try RedisConfiguration(url: server.url), logger: quiet)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if server.process.hasExited { break }
            if (try? await client.send("PING")) != nil {
                await client.close()
                return server
            }
            await pause(milliseconds: 50)
        }
        await client.close()
        await server.process.stop()
        throw ChildProcess.SpawnError(description: "redis-server on port \(port) did not answer within 10 s")
    }

    func stop() async { await process.stop() }
}
