import Logging
import NIOCore
import Synchronization

/// A fixed number of slots, each holding at most one pipelined connection, opened on demand.
///
/// A command goes to the least busy live connection. When every live connection is busy and a slot is free, the
/// pool opens another connection in the background (the command does not wait for it). With no live connection,
/// the command waits for a connection attempt, which the connect timeout bounds. A connection that drops or times
/// out frees its slot at once, so the next command reconnects.
///
/// Failed attempts back off: after `n` failures in a row no attempt starts before
/// ``RedisConfiguration/ReconnectBackoff/delay(afterFailures:)`` has passed. The backoff belongs to the pool, not
/// to a slot, since every slot talks to the same server. While it runs and no connection is live, commands fail at
/// once with the last connection error.
///
/// Connection attempts run entirely on event loops, as chains of futures: connecting and replacing connections
/// never waits for a thread of the concurrency runtime, however busy the application keeps it.
final class RedisConnectionPool: Sendable {
    private struct State {
        var slots: [RedisPoolSlot]
        var isClosed = false
        var nextConnectionID = 1
        /// Failed connection attempts since the last success.
        var failures = 0
        /// No attempt starts before this.
        var retryAt: ContinuousClock.Instant?
        var lastError: RedisClientError?
    }

    private enum Lease {
        case ready(RedisConnection)
        case waitFor(EventLoopFuture<RedisConnection>)
        case fail(RedisClientError)
    }

    /// A connection attempt decided under the lock and started after it.
    private struct Attempt {
        var slot: Int
        var id: Int
        var promise: EventLoopPromise<RedisConnection>
    }

    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    init(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.state = Mutex(State(slots: Array(repeating: .idle, count: configuration.maximumConnections)))
    }

    /// A live connection to send on, connecting first if there is none.
    func connection() async throws -> RedisConnection {
        let (lease, attempt) = state.withLock { state -> (Lease, Attempt?) in
            guard !state.isClosed else {
                return (.fail(RedisClientError(.clientClosed, "the Redis client is closed")), nil)
            }
            var best: RedisConnection?
            var connecting: EventLoopFuture<RedisConnection>?
            var free: Int?
            for index in state.slots.indices {
                switch state.slots[index] {
                case .ready(let connection) where connection.isFinished:
                    // Finished, but its close callback has not run yet: the slot is free already.
                    state.slots[index] = .idle
                    free = free ?? index
                case .ready(let connection):
                    if best.map({ connection.commandsInFlight < $0.commandsInFlight }) ?? true { best = connection }
                case .connecting(let future):
                    connecting = connecting ?? future
                case .idle:
                    free = free ?? index
                }
            }
            let mayConnect = state.retryAt.map { $0 <= .now } ?? true
            if let best {
                // Every live connection is busy: open another in the background.
                guard best.commandsInFlight > 0, connecting == nil, mayConnect, let free else {
                    return (.ready(best), nil)
                }
                return (.ready(best), reserve(slot: free, in: &state))
            }
            if let connecting { return (.waitFor(connecting), nil) }
            guard mayConnect, let free else { return (.fail(Self.backingOffError(state)), nil) }
            let attempt = reserve(slot: free, in: &state)
            return (.waitFor(attempt.promise.futureResult), attempt)
        }
        if let attempt { start(attempt) }
        switch lease {
        case .ready(let connection): return connection
        case .waitFor(let future): return try await future.get()
        case .fail(let error): throw error
        }
    }

    /// Refuses new commands, lets the replies in flight arrive, and closes every connection.
    func close() async {
        let slots = state.withLock { state in
            state.isClosed = true
            defer { state.slots = state.slots.map { _ in .idle } }
            return state.slots
        }
        await withTaskGroup(of: Void.self) { group in
            for slot in slots {
                switch slot {
                case .ready(let connection): group.addTask { await connection.close() }
                // A connection that opens after closing is closed by `opened(_:slot:)`; wait for that.
                case .connecting(let future): group.addTask { try? await future.get().channel.closeFuture.get() }
                case .idle: break
                }
            }
        }
    }

    /// Closes every connection without waiting (for a client dropped without ``close()``).
    func closeNow() {
        let slots = state.withLock { state in
            state.isClosed = true
            return state.slots
        }
        for case .ready(let connection) in slots { connection.closeNow() }
    }

    // MARK: - Connecting

    /// Marks `slot` as connecting; runs under the lock. The caller starts the attempt after releasing it.
    private func reserve(slot: Int, in state: inout State) -> Attempt {
        let attempt = Attempt(slot: slot, id: state.nextConnectionID, promise: eventLoopGroup.next().makePromise())
        state.nextConnectionID += 1
        state.slots[slot] = .connecting(attempt.promise.futureResult)
        return attempt
    }

    /// Connects on the attempt's event loop (no task of the concurrency runtime is involved).
    private func start(_ attempt: Attempt) {
        attempt.promise.futureResult.whenComplete { result in
            switch result {
            case .success(let connection):
                self.opened(connection, slot: attempt.slot)
            case .failure(let error):
                let failure =
                    error as? RedisClientError
                    ?? RedisClientError(.connectionFailed, "cannot connect to Redis", underlying: error)
                self.failed(slot: attempt.slot, error: failure)
            }
        }
        RedisConnection.connect(
            id: attempt.id,
            configuration: configuration,
            eventLoop: attempt.promise.futureResult.eventLoop,
            logger: logger
        )
        .cascade(to: attempt.promise)
    }

    private func opened(_ connection: RedisConnection, slot: Int) {
        let isClosed = state.withLock { state in
            state.failures = 0
            state.retryAt = nil
            state.lastError = nil
            if !state.isClosed { state.slots[slot] = .ready(connection) }
            return state.isClosed
        }
        guard !isClosed else {
            connection.beginClosing()
            return
        }
        connection.channel.closeFuture.whenComplete { _ in self.dropped(connection, slot: slot) }
    }

    private func failed(slot: Int, error: RedisClientError) {
        let (failures, delay) = state.withLock { state in
            state.failures += 1
            let delay = configuration.reconnectBackoff.delay(afterFailures: state.failures)
            state.retryAt = .now + delay
            state.lastError = error
            if !state.isClosed { state.slots[slot] = .idle }
            return (state.failures, delay)
        }
        logger.warning(
            "cannot connect to Redis",
            metadata: ["redis.error": "\(error)", "redis.attempts": "\(failures)", "redis.retry_in": "\(delay)"]
        )
    }

    private func dropped(_ connection: RedisConnection, slot: Int) {
        let wasInPool = state.withLock { state in
            guard case .ready(let current) = state.slots[slot], current === connection else { return false }
            state.slots[slot] = .idle
            return true
        }
        if wasInPool { logger.info("Redis connection closed", metadata: ["redis.connection": "\(connection.id)"]) }
    }

    /// The error for a command that arrives while the pool waits out its backoff with no live connection: the
    /// last connection error, and when the next attempt is due.
    private static func backingOffError(_ state: State) -> RedisClientError {
        guard let error = state.lastError, let retryAt = state.retryAt else {
            return RedisClientError(.connectionFailed, "no Redis connection is available")
        }
        let wait = (retryAt - .now).components
        let milliseconds = max(0, wait.seconds * 1000 + wait.attoseconds / 1_000_000_000_000_000)
        return RedisClientError(
            error.kind,
            "\(error.message) (next attempt in \(milliseconds) ms)",
            underlying: error.underlying
        )
    }
}
