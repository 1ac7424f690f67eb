// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Synchronization
import Traffik

/// A fixed number of slots, each holding at most one pipelined connection, opened on demand.
///
/// A command goes to the least busy live connection. When every live connection is busy and a slot is free, the
/// pool opens another connection in the background (the command does not wait for it). With no live connection,
/// the command waits for a connection attempt, which the connect timeout bounds. A connection that drops or times
/// out frees its slot at once, so the next command reconnects.
///
/// Failed attempts back off: after `n` failures in a row no attempt starts before
/// `ReconnectBackoff.delay(afterFailures:)` has passed. The backoff belongs to the pool, not
/// to a slot, since every slot talks to the same server. While it runs and no connection is live, commands fail at
/// once with the last connection error.
///
/// Connection attempts run entirely on event loops, as chains of futures: connecting and replacing connections
/// never waits for a thread of the concurrency runtime, however busy the application keeps it.
///
/// The pool knows nothing of the protocol: its `connect` function opens a connection and runs any set-up
/// (authentication, database selection) before handing it over.
package final class ConnectionPool<Reply: Sendable, Failure: ConnectionFailure>: Sendable {
    /// A connection of this pool.
    package typealias Connection = PipelinedConnection<Reply, Failure>
    /// Opens a connection, numbered for logs, on the given event loop.
    package typealias Connect = @Sendable (_ id: Int, _ eventLoop: any EventLoop) -> EventLoopFuture<Connection>

    /// One place in the pool: empty, connecting, or holding a live connection.
    private enum Slot {
        case idle
        case connecting(EventLoopFuture<Connection>)
        case ready(Connection)
    }

    private struct State {
        var slots: [Slot]
        var isClosed = false
        var nextConnectionID = 1
        /// Failed connection attempts since the last success.
        var failures = 0
        /// No attempt starts before this.
        var retryAt: ContinuousClock.Instant?
        var lastError: Failure?
    }

    private enum Lease {
        case ready(Connection)
        case waitFor(EventLoopFuture<Connection>)
        case fail(Failure)
    }

    /// A connection attempt decided under the lock and started after it.
    private struct Attempt {
        var slot: Int
        var id: Int
        var promise: EventLoopPromise<Connection>
    }

    private let service: String
    private let backoff: ReconnectBackoff
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let connect: Connect
    private let state: Mutex<State>

    /// Creates a pool; nothing connects until the first ``connection()``.
    ///
    /// - Parameters:
    ///   - service: The store's name for messages and log metadata, such as `Redis`.
    ///   - maximumConnections: The number of slots.
    ///   - backoff: The delays between failed connection attempts.
    ///   - eventLoopGroup: The event loops connections run on.
    ///   - logger: Where connection events go.
    ///   - connect: Opens one connection.
    package init(
        service: String,
        maximumConnections: Int,
        backoff: ReconnectBackoff,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        connect: @escaping Connect
    ) {
        self.service = service
        self.backoff = backoff
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.connect = connect
        self.state = Mutex(State(slots: Array(repeating: .idle, count: maximumConnections)))
    }

    /// A live connection to send on, connecting first if there is none.
    package func connection() async throws -> Connection {
        let (lease, attempt) = state.withLock { state -> (Lease, Attempt?) in
            guard !state.isClosed else {
                return (
                    .fail(
                        Failure(connectionFailure: .clientClosed, "the \(service) client is closed", underlying: nil)
                    ), nil
                )
            }
            var best: Connection?
            var connecting: EventLoopFuture<Connection>?
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
            guard mayConnect, let free else { return (.fail(backingOffError(state)), nil) }
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
    package func close() async {
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

    /// Retires every live connection numbered `id` or lower: each refuses new commands and closes once its replies
    /// in flight have arrived, and its slot is free at once, so the next command connects afresh.
    ///
    /// For a server that turned out to be the wrong one (a Redis primary demoted to a read-only replica, found by
    /// connection `id`): connecting again reaches whatever the server's name points to now. Connections opened
    /// after `id` are kept, so many commands reporting the same demotion retire the old connections only once.
    package func retire(upTo id: Int) {
        let retired = state.withLock { state -> [Connection] in
            var retired: [Connection] = []
            for index in state.slots.indices {
                guard case .ready(let connection) = state.slots[index], connection.id <= id else { continue }
                retired.append(connection)
                state.slots[index] = .idle
            }
            return retired
        }
        for connection in retired { connection.beginClosing() }
        if !retired.isEmpty {
            logger.notice(
                "\(service) connections retired; the next command connects again",
                metadata: ["\(service.lowercased()).connections": "\(retired.map(\.id))"]
            )
        }
    }

    /// Closes every connection without waiting (for a client dropped without ``close()``).
    package func closeNow() {
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
                    error as? Failure
                    ?? Failure(
                        connectionFailure: .connectionFailed,
                        "cannot connect to \(self.service)",
                        underlying: error
                    )
                self.failed(slot: attempt.slot, error: failure)
            }
        }
        connect(attempt.id, attempt.promise.futureResult.eventLoop).cascade(to: attempt.promise)
    }

    private func opened(_ connection: Connection, slot: Int) {
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

    private func failed(slot: Int, error: Failure) {
        let (failures, delay) = state.withLock { state in
            state.failures += 1
            let delay = backoff.delay(afterFailures: state.failures)
            state.retryAt = .now + delay
            state.lastError = error
            if !state.isClosed { state.slots[slot] = .idle }
            return (state.failures, delay)
        }
        let prefix = service.lowercased()
        logger.warning(
            "cannot connect to \(service)",
            metadata: [
                "\(prefix).error": "\(error)", "\(prefix).attempts": "\(failures)", "\(prefix).retry_in": "\(delay)",
            ]
        )
    }

    private func dropped(_ connection: Connection, slot: Int) {
        let wasInPool = state.withLock { state in
            guard case .ready(let current) = state.slots[slot], current === connection else { return false }
            state.slots[slot] = .idle
            return true
        }
        guard wasInPool else { return }
        logger.info(
            "\(service) connection closed",
            metadata: ["\(service.lowercased()).connection": "\(connection.id)"]
        )
    }

    /// The error for a command that arrives while the pool waits out its backoff with no live connection: the
    /// last connection error, and when the next attempt is due.
    private func backingOffError(_ state: State) -> Failure {
        guard let error = state.lastError, let retryAt = state.retryAt else {
            return Failure(
                connectionFailure: .connectionFailed,
                "no \(service) connection is available",
                underlying: nil
            )
        }
        let wait = (retryAt - .now).components
        // Overflow-safe for any backoff: a wait past a year is shown as a year.
        let seconds = min(max(0, wait.seconds), 365 * 24 * 3600)
        let milliseconds = max(0, seconds * 1000 + wait.attoseconds / 1_000_000_000_000_000)
        return error.withMessage("\(error.message) (next attempt in \(milliseconds) ms)")
    }
}
