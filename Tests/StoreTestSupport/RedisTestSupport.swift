// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import TraffikRedis

/// Starts a server (see ``RedisServerProcess``), runs `body` with a client of it, then closes both. Everything runs
/// on ``DedicatedTaskExecutor``, so time bounds in `body` hold however busy other tests keep the process.
///
/// - Parameters:
///   - password: The server's `requirepass`, also given to the client.
///   - users: ACL users the server creates.
///   - serverArguments: More `redis-server` arguments.
///   - configure: Changes to the client's configuration (it starts with the server's host and port, the password,
///     and timeouts short enough that a failing test never waits long, long enough for a loaded machine).
public func withRedis(
    password: String? = nil,
    users: [RedisServerProcess.User] = [],
    serverArguments: [String] = [],
    configure: (inout RedisConfiguration) -> Void = { _ in },
    _ body: (RedisServerProcess, RedisClient) async throws -> Void
) async throws {
    try await onDedicatedThreads {
        try await RedisServerProcess.with(password: password, users: users, extraArguments: serverArguments) { server in
            let client = makeClient(makeConfiguration(server, password: password, configure: configure))
            do {
                try await body(server, client)
                await client.close()
            } catch {
                await client.close()
                throw error
            }
        }
    }
}

/// A configuration for `server` with short timeouts, changed by `configure`.
public func makeConfiguration(
    _ server: RedisServerProcess,
    password: String? = nil,
    configure: (inout RedisConfiguration) -> Void = { _ in }
) -> RedisConfiguration {
    var configuration = RedisConfiguration(
        host: server.host,
        port: server.port,
        password: password,
        connectTimeout: .seconds(5),
        commandTimeout: .seconds(5),
        reconnectBackoff: .init(minimum: .milliseconds(20), maximum: .milliseconds(200))
    )
    configure(&configuration)
    return configuration
}

/// Waits until `server` reports `count` clients blocked in a command such as `BLPOP` (at most five seconds), so that
/// a test knows its blocking command has reached the server.
public func waitForBlockedClients(_ server: RedisServerProcess, count: Int = 1, password: String? = nil) async throws {
    let observer = makeClient(makeConfiguration(server, password: password))
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(5)
    while clock.now < deadline {
        let info = try await observer.send("INFO", "clients").string ?? ""
        if info.contains("blocked_clients:\(count)\r\n") {
            await observer.close()
            return
        }
        try await pause(for: .milliseconds(5))
    }
    await observer.close()
    throw RedisClientError(.commandTimeout, "\(count) blocked client(s) never showed up")
}

/// The ``RedisClientError`` kind of `error`, or `nil` when it is something else.
public func clientErrorKind(_ error: any Error) -> RedisClientError.Kind? {
    (error as? RedisClientError)?.kind
}

/// The ``RedisServerError`` kind of `error`, or `nil` when it is something else.
public func serverErrorKind(_ error: any Error) -> RedisServerError.Kind? {
    (error as? RedisServerError)?.kind
}

extension Result where Failure == any Error {
    /// Runs `body` and keeps its outcome.
    public init(awaiting body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }

    /// The ``RedisClientError`` kind of a failure.
    public var failureKind: RedisClientError.Kind? {
        if case .failure(let error) = self { clientErrorKind(error) } else { nil }
    }
}
