// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// A failure of the client itself: the server could not be reached or did not answer in time, the connection broke,
/// the client was closed, or the bytes on the wire were not RESP.
///
/// Replies in which the server reports an error are ``RedisServerError``s instead.
public struct RedisClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case connectTimeout, connectionFailed, handshakeFailed, commandTimeout, connectionClosed, clientClosed
            case protocolError, invalidCommand, crossSlot, tooManyRedirects, slotUnassigned, invalidConfiguration
        }
        let base: Base

        /// No connection was established within the configured connect timeout.
        public static let connectTimeout = Kind(base: .connectTimeout)
        /// The server could not be reached (refused, unresolvable, unreachable), or the pool is waiting out its
        /// reconnect backoff after such a failure.
        public static let connectionFailed = Kind(base: .connectionFailed)
        /// The server was reached but refused the connection's set-up (`AUTH` or `SELECT`).
        public static let handshakeFailed = Kind(base: .handshakeFailed)
        /// The command got no reply within the configured command timeout. Its connection is closed and replaced.
        public static let commandTimeout = Kind(base: .commandTimeout)
        /// The connection closed or broke before the reply arrived; whether the server ran the command is unknown.
        public static let connectionClosed = Kind(base: .connectionClosed)
        /// The client was closed.
        public static let clientClosed = Kind(base: .clientClosed)
        /// The server sent bytes that are not a RESP2 reply, a reply past the decoder's ``RESPReplyLimits`` (the
        /// connection is then closed), or a reply that makes no sense for its command (a `MOVED` to slot 20000, a
        /// `CLUSTER SLOTS` with port 0).
        public static let protocolError = Kind(base: .protocolError)
        /// The command cannot be sent (it has no arguments).
        public static let invalidCommand = Kind(base: .invalidCommand)
        /// In a cluster, the keys of one command (or pipeline) hash to different slots, so no single node can run
        /// it. Nothing was sent. Give related keys one hash tag (`{user42}:a`, `{user42}:b`) to keep them together.
        public static let crossSlot = Kind(base: .crossSlot)
        /// In a cluster, the command was redirected (`MOVED`, `ASK`) more times than
        /// ``RedisClusterConfiguration/maximumRedirects`` allows, as can happen while slots move.
        public static let tooManyRedirects = Kind(base: .tooManyRedirects)
        /// In a cluster, no node serves the key's slot (the cluster is incomplete or down), or no node could say.
        public static let slotUnassigned = Kind(base: .slotUnassigned)

        /// A setting of the client's configuration cannot work (a port outside 1...65535, a pool of no
        /// connections, a timeout that is not positive). Every command of a client created with it fails so; call
        /// ``RedisConfiguration/validate()`` to find out at start-up.
        public static let invalidConfiguration = Kind(base: .invalidConfiguration)

        /// The kind's name, such as `commandTimeout`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// A sentence for logs.
    public var message: String
    /// The error underneath, if any (a NIO connect error, or the ``RedisServerError`` that refused `AUTH`).
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// The kind, the message and the underlying error, for logs.
    public var description: String { codedDescription }

    static func protocolError(_ message: String) -> RedisClientError {
        RedisClientError(.protocolError, message)
    }
}

extension RedisClientError: CodedError {
    /// `redis client error`, as the description begins.
    package static var errorName: String { "redis client error" }
}

extension RedisClientError: ConnectionFailure {
    package init(connectionFailure kind: ConnectionFailureKind, _ message: String, underlying: (any Error)?) {
        // The shared kinds are named as Redis's own.
        self.init(Kind(base: Kind.Base(rawValue: kind.rawValue) ?? .connectionClosed), message, underlying: underlying)
    }

    package func withMessage(_ message: String) -> RedisClientError {
        RedisClientError(kind, message, underlying: underlying)
    }
}
