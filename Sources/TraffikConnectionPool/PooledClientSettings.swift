// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The settings of a client's pools that every store's configuration has (Redis, Memcached), so that they are
/// checked one way for all of them.
package protocol PooledClientSettings {
    /// The most connections a pool opens (at least 1).
    var maximumConnections: Int { get }
    /// How long establishing a connection may take.
    var connectTimeout: Duration { get }
    /// How long a command may wait for its reply.
    var commandTimeout: Duration { get }
    /// How long a pool waits before connecting again after failed attempts.
    var reconnectBackoff: ReconnectBackoff { get }
}

extension PooledClientSettings {
    /// The first of these settings that cannot work, as a sentence naming it, or `nil`.
    package var poolProblem: String? {
        if maximumConnections < 1 { return "maximumConnections must be at least 1, got \(maximumConnections)" }
        if connectTimeout <= .zero { return "connectTimeout must be positive, got \(connectTimeout)" }
        if commandTimeout <= .zero { return "commandTimeout must be positive, got \(commandTimeout)" }
        if connectTimeout > .longestWait { return "connectTimeout must be at most 24 hours, got \(connectTimeout)" }
        if commandTimeout > .longestWait { return "commandTimeout must be at most 24 hours, got \(commandTimeout)" }
        if reconnectBackoff.maximum > .longestWait {
            return "reconnectBackoff maximum must be at most 24 hours, got \(reconnectBackoff.maximum)"
        }
        if !(reconnectBackoff.minimum > .zero && reconnectBackoff.maximum >= reconnectBackoff.minimum) {
            return "reconnectBackoff needs 0 < minimum <= maximum, got \(reconnectBackoff)"
        }
        return nil
    }
}
