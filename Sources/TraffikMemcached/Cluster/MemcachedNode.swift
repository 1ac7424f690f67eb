import Logging
import NIOCore
import Synchronization
import TraffikConnectionPool

/// One server of the client: its pool of pipelined connections, and whether it is marked down.
///
/// A command that times out, or finds the server unreachable, marks the node down for the configured interval.
/// While it is down, its commands fail at once with ``MemcachedClientError/Kind/nodeDown`` (no connection attempt,
/// no timeout to wait out); the first command after the interval tries the server again.
final class MemcachedNode: Sendable {
    typealias Pool = ConnectionPool<MemcachedReply, MemcachedClientError>

    let server: MemcachedServer
    private let pool: Pool
    private let downInterval: Duration
    private let logger: Logger
    /// Until when the node is skipped, and the failure that marked it down.
    private let down = Mutex<(until: ContinuousClock.Instant, cause: MemcachedClientError)?>(nil)

    init(
        server: MemcachedServer,
        configuration: MemcachedConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger
    ) {
        self.server = server
        self.downInterval = configuration.downInterval
        self.logger = logger
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
        if let (until, cause) = down.withLock({ $0 }), ContinuousClock.now < until {
            throw MemcachedClientError(.nodeDown, "\(server) is marked down after a failure", underlying: cause)
        }
        do {
            return try await pool.connection().send(bytes, replies: 1)[0]
        } catch let error as MemcachedClientError {
            if [.commandTimeout, .connectTimeout, .connectionFailed].contains(error.kind) { markDown(error) }
            throw error
        }
    }

    /// Whether the node is marked down now.
    var isDown: Bool {
        down.withLock { $0.map { ContinuousClock.now < $0.until } ?? false }
    }

    func close() async {
        await pool.close()
    }

    func closeNow() {
        pool.closeNow()
    }

    private func markDown(_ cause: MemcachedClientError) {
        guard downInterval > .zero else { return }
        let isNew = down.withLock { state in
            let wasDown = state.map { ContinuousClock.now < $0.until } ?? false
            state = (ContinuousClock.now + downInterval, cause)
            return !wasDown
        }
        if isNew {
            logger.warning(
                "Memcached node marked down",
                metadata: [
                    "memcached.node": "\(server)", "memcached.error": "\(cause)", "memcached.for": "\(downInterval)",
                ]
            )
        }
    }
}
