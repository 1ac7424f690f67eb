// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// What a ``ConnectionPoolStateMachine`` reads of a connection to choose one: its number, whether it still takes
/// commands, and how busy it is.
package protocol PooledConnection {
    /// A number unique within the pool, in the order the connections were asked for.
    var id: Int { get }
    /// Whether the connection has stopped taking commands.
    var isFinished: Bool { get }
    /// How many commands are waiting for replies.
    var commandsInFlight: Int { get }
}

extension PipelinedConnection: PooledConnection {}
