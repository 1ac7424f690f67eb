// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` process that a test starts on `127.0.0.1` and stops when done (see ``LoopbackServer``), with an
/// optional password and ACL users.
///
/// ```swift
/// try await RedisServerProcess.with(password: "secret") { server in
///     let client = RedisClient(configuration: try RedisConfiguration(url: server.url(password: "secret")))
///     …
/// }
/// ```
public struct RedisServerProcess: LoopbackServerProcess {
    /// An ACL user created at start-up with every permission.
    public struct User: Sendable {
        public var name: String
        public var password: String

        public init(name: String, password: String) {
            self.name = name
            self.password = password
        }
    }

    public let loopback: LoopbackServer

    /// The path of the server binary: `$REDIS_SERVER`, else `/usr/bin/redis-server`.
    public static var executable: String {
        getenv("REDIS_SERVER").map { String(cString: $0) } ?? "/usr/bin/redis-server"
    }

    /// Starts a server on a free loopback port and returns once it answers, as the process this call started.
    ///
    /// - Parameters:
    ///   - password: The `default` user's password (`--requirepass`).
    ///   - users: ACL users to create, each allowed every command and key.
    ///   - extraArguments: More `redis-server` arguments, such as `["--enable-debug-command", "local"]`.
    ///   - clusterDirectory: For a cluster node: the directory of its cluster configuration file. Its port is chosen
    ///     so that the cluster bus port (the port + 10,000) is free too.
    public static func start(
        password: String? = nil,
        users: [User] = [],
        extraArguments: [String] = [],
        clusterDirectory: String? = nil
    ) async throws -> RedisServerProcess {
        let server = try await LoopbackServer.start(
            executable: executable,
            alsoFreeAt: clusterDirectory == nil ? nil : 10_000  // a cluster node's bus port
        ) { port in
            var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            arguments += ["--daemonize", "no", "--logfile", ""]
            if let clusterDirectory {
                arguments += [
                    "--cluster-enabled", "yes", "--cluster-config-file", "\(clusterDirectory)/nodes-\(port).conf",
                ]
                arguments += ["--cluster-node-timeout", "2000", "--dir", clusterDirectory]
            }
            if let password { arguments += ["--requirepass", password] }
            for user in users { arguments += ["--user", user.name, "on", ">\(user.password)", "~*", "&*", "+@all"] }
            return arguments + extraArguments
        } isReady: { port, pid in
            await answers(port: port, asProcess: pid, password: password)
        }
        return RedisServerProcess(loopback: server)
    }

    /// Whether the Redis server or sentinel on `port` is process `pid`: `INFO server` (after `AUTH` with `password`,
    /// if given) names its process id.
    public static func answers(port: Int, asProcess pid: Int32, password: String?) async -> Bool {
        var request = ""
        if let password { request += "*2\r\n$4\r\nAUTH\r\n$\(password.utf8.count)\r\n\(password)\r\n" }
        request += "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n"
        let answer = await LoopbackPort.exchange(port: port, request: Array(request.utf8)) {
            numberField("process_id:", in: $0)
        }
        return answer == Int(pid)
    }

    /// Starts a server, runs `body` with it, and stops the server however `body` ends.
    public static func with<T: Sendable>(
        password: String? = nil,
        users: [User] = [],
        extraArguments: [String] = [],
        _ body: (RedisServerProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(password: password, users: users, extraArguments: extraArguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A `redis://` URL for this server.
    public func url(username: String? = nil, password: String? = nil, database: Int = 0) -> String {
        let credentials = password.map { "\(username ?? ""):\($0)@" } ?? ""
        return "redis://\(credentials)\(host):\(port)/\(database)"
    }

}
