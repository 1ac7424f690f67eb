// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The decisions of a ``ConnectionPool``, without its I/O: which connection a command uses, when another connection
/// opens, how long failed attempts back off, which connections a retirement or a shutdown closes.
///
/// The pool keeps it under its lock, feeds it events (a lease, an attempt's outcome, a dropped connection) and
/// carries out what each method returns. Connections are chosen by what ``PooledConnection`` tells of them; time is
/// passed in as values, so the machine is tested without sockets, event loops or sleeping.
package struct ConnectionPoolStateMachine<Connection: PooledConnection, Failure: ConnectionFailure> {
    /// One place in the pool: empty, waiting for the attempt with this connection number, or holding a connection.
    private enum Slot {
        case idle
        case connecting(id: Int)
        case ready(Connection)
    }

    private let service: String
    private let backoff: ReconnectBackoff
    private var slots: [Slot]
    private var nextConnectionID = 1
    /// Failed connection attempts since the last success.
    private var failures = 0
    /// No attempt starts before this.
    private var retryAt: ContinuousClock.Instant?
    private var lastError: Failure?

    /// Whether the pool has shut down: every lease fails.
    package private(set) var isClosed = false

    /// Creates a machine with `maximumConnections` empty slots.
    ///
    /// - Parameters:
    ///   - service: The store's name for messages, such as `Redis`.
    ///   - maximumConnections: The number of slots.
    ///   - backoff: The delays between failed connection attempts.
    package init(service: String, maximumConnections: Int, backoff: ReconnectBackoff) {
        self.service = service
        self.backoff = backoff
        self.slots = Array(repeating: .idle, count: maximumConnections)
    }

    /// A command asks for a connection at `now`.
    ///
    /// It gets the least busy live connection. When every live connection is busy, no attempt is under way, the
    /// backoff allows one and a slot is free, another connection opens beside it. With no live connection the
    /// command waits for an attempt under way, or starts one, or (backing off, or with no free slot) fails at once.
    package mutating func lease(now: ContinuousClock.Instant) -> LeaseAction {
        guard !isClosed else {
            return .fail(Failure(connectionFailure: .clientClosed, "the \(service) client is closed", underlying: nil))
        }
        var best: Connection?
        var connecting: Int?
        var free: Int?
        for index in slots.indices {
            switch slots[index] {
            case .ready(let connection) where connection.isFinished:
                // Finished, but the pool has not heard it dropped yet: the slot is free already.
                slots[index] = .idle
                free = free ?? index
            case .ready(let connection):
                if best.map({ connection.commandsInFlight < $0.commandsInFlight }) ?? true { best = connection }
            case .connecting(let id):
                connecting = connecting ?? id
            case .idle:
                free = free ?? index
            }
        }
        let mayConnect = retryAt.map { $0 <= now } ?? true
        if let best {
            guard best.commandsInFlight > 0, connecting == nil, mayConnect, let free else { return .use(best) }
            return .useAndConnect(best, reserve(slot: free))
        }
        if let connecting { return .waitFor(attempt: connecting) }
        guard mayConnect, let free else { return .fail(backingOffError(now: now)) }
        return .connectAndWait(reserve(slot: free))
    }

    /// Marks `slot` as connecting with a new connection number.
    private mutating func reserve(slot: Int) -> Attempt {
        let attempt = Attempt(slot: slot, id: nextConnectionID)
        nextConnectionID += 1
        slots[slot] = .connecting(id: attempt.id)
        return attempt
    }

    /// The error for a command that arrives while the pool waits out its backoff with no live connection: the
    /// last connection error, and when the next attempt is due.
    private func backingOffError(now: ContinuousClock.Instant) -> Failure {
        guard let error = lastError, let retryAt else {
            return Failure(
                connectionFailure: .connectionFailed,
                "no \(service) connection is available",
                underlying: nil
            )
        }
        let wait = (retryAt - now).components
        // Overflow-safe for any backoff: a wait past a year is shown as a year.
        let seconds = min(max(0, wait.seconds), 365 * 24 * 3600)
        let milliseconds = max(0, seconds * 1000 + wait.attoseconds / 1_000_000_000_000_000)
        return error.withMessage("\(error.message) (next attempt in \(milliseconds) ms)")
    }
}

extension ConnectionPoolStateMachine {
    /// An attempt opened `connection` for `slot`.
    ///
    /// - Returns: Whether the pool keeps it; a pool that shut down meanwhile does not, and the caller closes it.
    package mutating func connected(_ connection: Connection, slot: Int) -> Bool {
        failures = 0
        retryAt = nil
        lastError = nil
        guard !isClosed else { return false }
        slots[slot] = .ready(connection)
        return true
    }

    /// The attempt for `slot` failed with `error` at `now`: the slot is free, and no attempt starts before the
    /// backoff has passed.
    package mutating func connectFailed(slot: Int, error: Failure, now: ContinuousClock.Instant) -> Retry {
        failures += 1
        let delay = backoff.delay(afterFailures: failures)
        retryAt = now + delay
        lastError = error
        if !isClosed { slots[slot] = .idle }
        return Retry(failures: failures, delay: delay)
    }

    /// The connection numbered `id` in `slot` closed.
    ///
    /// - Returns: Whether it was still in the pool (a retired or replaced one is not), and so is worth a log line.
    package mutating func dropped(connectionID id: Int, slot: Int) -> Bool {
        guard case .ready(let current) = slots[slot], current.id == id else { return false }
        slots[slot] = .idle
        return true
    }

    /// Takes every live connection numbered `id` or lower out of the pool, freeing their slots; the caller closes
    /// them once their replies in flight have arrived. Connections opened after `id` stay.
    package mutating func retire(upTo id: Int) -> [Connection] {
        var retired: [Connection] = []
        for index in slots.indices {
            guard case .ready(let connection) = slots[index], connection.id <= id else { continue }
            retired.append(connection)
            slots[index] = .idle
        }
        return retired
    }

    /// Shuts the pool down: every later lease fails, and every slot is emptied.
    ///
    /// - Returns: The live connections, for the caller to close, and the numbers of the attempts under way, whose
    ///   connections ``connected(_:slot:)`` refuses when they open.
    package mutating func close() -> Shutdown {
        isClosed = true
        var shutdown = Shutdown(connections: [], attempts: [])
        for slot in slots {
            switch slot {
            case .ready(let connection): shutdown.connections.append(connection)
            case .connecting(let id): shutdown.attempts.append(id)
            case .idle: break
            }
        }
        slots = slots.map { _ in .idle }
        return shutdown
    }

    /// Shuts the pool down without emptying the slots (for a pool dropped without closing).
    ///
    /// - Returns: The live connections, for the caller to close at once.
    package mutating func closeNow() -> [Connection] {
        isClosed = true
        return slots.compactMap { slot in
            guard case .ready(let connection) = slot else { return nil }
            return connection
        }
    }
}
