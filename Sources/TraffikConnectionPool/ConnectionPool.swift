// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

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
/// `ReconnectBackoff.delay(afterFailures:)` has passed. The backoff belongs to the pool, not
/// to a slot, since every slot talks to the same server. While it runs and no connection is live, commands fail at
/// once with the last connection error.
///
/// Connection attempts run entirely on event loops, as chains of futures: connecting and replacing connections
/// never waits for a thread of the concurrency runtime, however busy the application keeps it.
///
/// The pool knows nothing of the protocol: its `connect` function opens a connection and runs any set-up
/// (authentication, database selection) before handing it over. Its decisions are a
/// ``ConnectionPoolStateMachine``'s, made under a lock; the pool carries them out after it.
package final class ConnectionPool<Reply: Sendable, Failure: ConnectionFailure>: Sendable {
    /// A connection of this pool.
    package typealias Connection = PipelinedConnection<Reply, Failure>
    /// Opens a connection, numbered for logs, on the given event loop.
    package typealias Connect = @Sendable (_ id: Int, _ eventLoop: any EventLoop) -> EventLoopFuture<Connection>

    private typealias Machine = ConnectionPoolStateMachine<Connection, Failure>

    /// What the lock guards: the machine's decisions, and the futures of the attempts under way, by number.
    private struct State {
        var machine: Machine
        var attempts: [Int: EventLoopFuture<Connection>] = [:]
    }

    /// An attempt decided under the lock and started after it.
    private struct Start {
        var attempt: Machine.Attempt
        var promise: EventLoopPromise<Connection>
    }

    private let service: String
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
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.connect = connect
        self.state = Mutex(
            State(
                machine: Machine(service: service, maximumConnections: maximumConnections, backoff: backoff)
            )
        )
    }

    /// A live connection to send on, connecting first if there is none.
    package func connection() async throws -> Connection {
        typealias Decision = (action: Machine.LeaseAction, waitFor: EventLoopFuture<Connection>?, start: Start?)
        let (action, waitFor, start) = state.withLock { state -> Decision in
            let action = state.machine.lease(now: .now)
            switch action {
            case .useAndConnect(_, let attempt):
                return (action, nil, reserve(attempt, in: &state))
            case .connectAndWait(let attempt):
                let start = reserve(attempt, in: &state)
                return (action, start.promise.futureResult, start)
            case .waitFor(let id):
                return (action, state.attempts[id], nil)
            case .use, .fail:
                return (action, nil, nil)
            }
        }
        if let start { self.start(start) }
        switch action {
        case .use(let connection), .useAndConnect(let connection, _): return connection
        case .waitFor, .connectAndWait:
            guard let waitFor else {
                // The machine names only attempts the pool has started; this is not reached.
                throw Failure(
                    connectionFailure: .connectionFailed,
                    "no \(service) connection is available",
                    underlying: nil
                )
            }
            return try await waitFor.get()
        case .fail(let error): throw error
        }
    }

    /// Refuses new commands, lets the replies in flight arrive, and closes every connection.
    package func close() async {
        let (connections, attempts) = state.withLock { state in
            let shutdown = state.machine.close()
            return (shutdown.connections, shutdown.attempts.compactMap { state.attempts[$0] })
        }
        await withTaskGroup(of: Void.self) { group in
            for connection in connections { group.addTask { await connection.close() } }
            // A connection that opens after closing is closed by `opened(_:attempt:)`; wait for that.
            for attempt in attempts { group.addTask { try? await attempt.get().channel.closeFuture.get() } }
        }
    }

    /// Retires every live connection numbered `id` or lower: each refuses new commands and closes once its replies
    /// in flight have arrived, and its slot is free at once, so the next command connects afresh.
    ///
    /// For a server that turned out to be the wrong one (a Redis primary demoted to a read-only replica, found by
    /// connection `id`): connecting again reaches whatever the server's name points to now. Connections opened
    /// after `id` are kept, so many commands reporting the same demotion retire the old connections only once.
    package func retire(upTo id: Int) {
        let retired = state.withLock { $0.machine.retire(upTo: id) }
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
        let connections = state.withLock { $0.machine.closeNow() }
        for connection in connections { connection.closeNow() }
    }

    // MARK: - Connecting

    /// Makes the promise of an attempt the machine decided on; runs under the lock, and the caller starts the
    /// attempt after releasing it.
    private func reserve(_ attempt: Machine.Attempt, in state: inout State) -> Start {
        let start = Start(attempt: attempt, promise: eventLoopGroup.next().makePromise())
        state.attempts[attempt.id] = start.promise.futureResult
        return start
    }

    /// Connects on the attempt's event loop (no task of the concurrency runtime is involved).
    private func start(_ start: Start) {
        let attempt = start.attempt
        start.promise.futureResult.whenComplete { result in
            switch result {
            case .success(let connection):
                self.opened(connection, attempt: attempt)
            case .failure(let error):
                let failure =
                    error as? Failure
                    ?? Failure(
                        connectionFailure: .connectionFailed,
                        "cannot connect to \(self.service)",
                        underlying: error
                    )
                self.failed(attempt, error: failure)
            }
        }
        connect(attempt.id, start.promise.futureResult.eventLoop).cascade(to: start.promise)
    }

    private func opened(_ connection: Connection, attempt: Machine.Attempt) {
        let kept = state.withLock { state in
            state.attempts[attempt.id] = nil
            return state.machine.connected(connection, slot: attempt.slot)
        }
        guard kept else {
            connection.beginClosing()
            return
        }
        connection.channel.closeFuture.whenComplete { _ in self.dropped(connection, slot: attempt.slot) }
    }

    private func failed(_ attempt: Machine.Attempt, error: Failure) {
        let retry = state.withLock { state in
            state.attempts[attempt.id] = nil
            return state.machine.connectFailed(slot: attempt.slot, error: error, now: .now)
        }
        let prefix = service.lowercased()
        logger.warning(
            "cannot connect to \(service)",
            metadata: [
                "\(prefix).error": "\(error)", "\(prefix).attempts": "\(retry.failures)",
                "\(prefix).retry_in": "\(retry.delay)",
            ]
        )
    }

    private func dropped(_ connection: Connection, slot: Int) {
        let wasInPool = state.withLock { $0.machine.dropped(connectionID: connection.id, slot: slot) }
        guard wasInPool else { return }
        logger.info(
            "\(service) connection closed",
            metadata: ["\(service.lowercased()).connection": "\(connection.id)"]
        )
    }
}
