// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Traffik
import TraffikConnectionPool

/// One server of the client: its pool of pipelined connections, behind a circuit breaker of its own.
///
/// Commands that time out or find the server unreachable count against the node's breaker
/// (``MemcachedConfiguration/nodeBreaker``). Once it opens, the node's commands fail at once with
/// ``MemcachedClientError/Kind/nodeDown`` (no connection attempt, no timeout to wait out) until the recovery time
/// has passed; then probes try the server, and it is used again when they succeed. A failure that cannot have
/// reached the server (no connection could be opened) is retried first, as ``MemcachedConfiguration/retries`` says.
final class MemcachedNode: Sendable {
    typealias Pool = ConnectionPool<MemcachedReply, MemcachedClientError>

    let server: MemcachedServer
    private let pool: Pool
    private let breaker: CircuitBreaker?
    private let retries: RetryPolicy
    private let logger: Logger

    init(
        server: MemcachedServer,
        configuration: MemcachedConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger
    ) {
        self.server = server
        self.retries = configuration.retries
        self.logger = logger
        self.breaker = configuration.nodeBreaker.map {
            CircuitBreaker(
                name: "memcached \(server)",
                configuration: $0,
                countsAsFailure: Self.countsAgainstNode,
                logger: logger
            )
        }
        let endpoint = Pool.Connection.Endpoint(
            host: server.host,
            port: server.port,
            service: "Memcached",
            connectTimeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout
        )
        self.pool = Pool(
            service: "Memcached",
            maximumConnections: max(1, configuration.maximumConnections),
            backoff: configuration.reconnectBackoff,
            eventLoopGroup: eventLoopGroup,
            logger: logger
        ) { [maximumValueLength = configuration.maximumValueLength] id, eventLoop in
            Pool.Connection.connect(
                id: id,
                to: endpoint,
                makeDecoder: { MemcachedReplyDecoder(maximumValueLength: maximumValueLength) },
                eventLoop: eventLoop
            )
        }
    }

    /// Sends `command` and returns the server's reply.
    func send(_ command: MemcachedCommand) async throws -> MemcachedReply {
        var bytes = ByteBuffer()
        try command.encode(into: &bytes)
        let attempt = { [bytes] in
            try await self.retries.run(isSafeToRetry: Self.isSafeToRetry) {
                try await self.pool.connection().send(bytes, replies: 1)[0]
            }
        }
        guard let breaker else { return try await attempt() }
        do {
            return try await breaker.run(attempt)
        } catch let error as CircuitBreakerOpenError {
            throw MemcachedClientError(
                .nodeDown,
                "\(server) is not called while its breaker is open",
                underlying: error
            )
        }
    }

    /// Where the node's breaker stands; `nil` without one.
    var breakerState: CircuitBreaker.State? {
        breaker?.state
    }

    func close() async {
        await pool.close()
    }

    func closeNow() {
        pool.closeNow()
    }

    /// The failures that say the node is unwell: it timed out or could not be reached.
    private static func countsAgainstNode(_ error: any Error) -> Bool {
        guard let error = error as? MemcachedClientError else { return false }
        return [.commandTimeout, .connectTimeout, .connectionFailed, .connectionClosed].contains(error.kind)
    }

    /// The failures after which nothing reached the server: no connection could be opened.
    static func isSafeToRetry(_ error: any Error) -> Bool {
        guard let error = error as? MemcachedClientError else { return false }
        return error.kind == .connectTimeout || error.kind == .connectionFailed
    }
}
