// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TestServerSupport
import Traffik
import TraffikMemcached

/// Starts `nodes` servers (see ``MemcachedServerProcess``), runs `body` with a client of all of them, then closes
/// the client and stops the servers however `body` ends. Everything runs on ``DedicatedThreads``, so time bounds
/// in `body` hold however busy other tests keep the process.
///
/// - Parameter configure: Changes to the client's configuration (it starts with the servers and timeouts short
///   enough that a failing test never waits long, and long enough for a loaded two-core machine).
public func withMemcached(
    nodes: Int = 1,
    configure: (inout MemcachedConfiguration) -> Void = { _ in },
    _ body: ([MemcachedServerProcess], MemcachedClient) async throws -> Void
) async throws {
    try await onDedicatedThreads {
        var servers: [MemcachedServerProcess] = []
        do {
            for _ in 0..<nodes { servers.append(try await MemcachedServerProcess.start()) }
            let client = makeClient(makeConfiguration(servers, configure: configure))
            do {
                try await body(servers, client)
                await client.close()
            } catch {
                await client.close()
                throw error
            }
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        for server in servers { await server.stop() }
    }
}

/// A configuration for `servers` with short timeouts, changed by `configure`.
public func makeConfiguration(
    _ servers: [MemcachedServerProcess],
    configure: (inout MemcachedConfiguration) -> Void = { _ in }
) -> MemcachedConfiguration {
    var configuration = MemcachedConfiguration(
        servers: servers.map(\.address),
        connectTimeout: .seconds(2),
        commandTimeout: .seconds(5),
        reconnectBackoff: .init(minimum: .milliseconds(20), maximum: .milliseconds(200)),
        nodeBreaker: CircuitBreakerConfiguration(failureThreshold: 1, recoveryTime: .milliseconds(500))
    )
    configure(&configuration)
    return configuration
}

/// A client whose connections run on ``DedicatedThreads/eventLoops``.
public func makeClient(_ configuration: MemcachedConfiguration) -> MemcachedClient {
    MemcachedClient(configuration: configuration, eventLoopGroup: DedicatedThreads.eventLoops)
}

/// The ``MemcachedClientError`` kind of `error`, or `nil` when it is something else.
public func memcachedErrorKind(_ error: any Error) -> MemcachedClientError.Kind? {
    (error as? MemcachedClientError)?.kind
}
