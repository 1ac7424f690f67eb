// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore

/// What every harness command sets up the same way: the HTTP client that drives the load, and a `redis-server` with
/// the harness's own connection to it.
enum HarnessSetUp {
    /// An HTTP client whose pool keeps up to `connections` keep-alive connections to each bench server.
    static func loadClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connections
        )
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Starts a `redis-server` and opens the harness's control connection to it; stops the server again if the
    /// connection cannot be opened.
    static func redis() async throws -> (server: RedisServer, control: RedisControl) {
        let redis = try await RedisServer.start()
        do {
            return (redis, try RedisControl(url: redis.url))
        } catch {
            await redis.stop()
            throw error
        }
    }
}
