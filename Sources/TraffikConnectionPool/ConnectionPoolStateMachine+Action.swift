// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

extension ConnectionPoolStateMachine {
    /// A connection attempt the machine decided on: the pool opens connection `id` and reports how it went for
    /// `slot`.
    package struct Attempt: Hashable, Sendable {
        /// The slot the connection goes into.
        package var slot: Int
        /// The connection's number.
        package var id: Int

        /// Creates an attempt.
        package init(slot: Int, id: Int) {
            self.slot = slot
            self.id = id
        }
    }

    /// What a command asking for a connection does.
    package enum LeaseAction {
        /// Send on this connection.
        case use(Connection)
        /// Send on this connection, and start the attempt in the background: every live connection is busy.
        case useAndConnect(Connection, Attempt)
        /// Wait for the attempt under way for connection `attempt`.
        case waitFor(attempt: Int)
        /// Start the attempt and wait for it.
        case connectAndWait(Attempt)
        /// Fail at once: the pool is closed, or waits out its backoff with no live connection.
        case fail(Failure)
    }

    /// The backoff after a failed attempt, for logs.
    package struct Retry: Hashable, Sendable {
        /// Failed attempts in a row.
        package var failures: Int
        /// How long no attempt starts.
        package var delay: Duration

        /// Creates a retry.
        package init(failures: Int, delay: Duration) {
            self.failures = failures
            self.delay = delay
        }
    }

    /// What a shutdown closes.
    package struct Shutdown {
        /// The live connections.
        package var connections: [Connection]
        /// The numbers of the attempts under way.
        package var attempts: [Int]
    }
}
