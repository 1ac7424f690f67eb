// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import Traffik
import TraffikConnectionPool

/// A failure of the client itself: a server could not be reached or did not answer in time, a connection broke,
/// a node is skipped by its breaker, the client was closed, or the bytes on the wire were not the meta protocol.
///
/// Replies in which a server reports an error (`CLIENT_ERROR`, `SERVER_ERROR`) are ``MemcachedServerError``s.
public struct MemcachedClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, by name; new kinds may be added, so switch with a `default`.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, such as `nodeDown`.
        public let rawValue: String

        /// A kind by its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A node did not accept a TCP connection within ``MemcachedConfiguration/connectTimeout``.
        public static let connectTimeout = Kind(rawValue: "connectTimeout")
        /// A node refused the connection or could not be resolved, or its pool is backing off after that.
        public static let connectionFailed = Kind(rawValue: "connectionFailed")
        /// A node sent no reply within ``MemcachedConfiguration/commandTimeout``; the connection is replaced.
        public static let commandTimeout = Kind(rawValue: "commandTimeout")
        /// A connection ended while a reply was awaited, so the command may or may not have run.
        public static let connectionClosed = Kind(rawValue: "connectionClosed")
        /// ``MemcachedClient/close()`` was called.
        public static let clientClosed = Kind(rawValue: "clientClosed")
        /// The key's node is skipped while its breaker is open (``MemcachedConfiguration/nodeBreaker``: it kept
        /// timing out or could not be reached); its keys are not moved to another node.
        public static let nodeDown = Kind(rawValue: "nodeDown")
        /// A node sent bytes that are not a meta-protocol reply, or a line or value past the limits
        /// (``MemcachedConfiguration/maximumValueLength``); the connection is closed.
        public static let protocolError = Kind(rawValue: "protocolError")
        /// The command cannot be sent (a flag with a space in it, `q`, an address that cannot be read).
        public static let invalidCommand = Kind(rawValue: "invalidCommand")

        /// A setting of the client's configuration cannot work (no nodes, a port outside 1...65535, a timeout
        /// that is not positive). Every command of a client created with it fails so; call
        /// ``MemcachedConfiguration/validate()`` to find out at start-up.
        public static let invalidConfiguration = Kind(rawValue: "invalidConfiguration")

        /// The kind's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var kind: Kind
    /// What happened, naming the node where there is one.
    public var message: String
    /// The cause, if any: a NIO error, or the failure that marked a node down.
    public var underlying: (any Error)?

    /// Creates an error of `kind`.
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// `memcached client error (kind): message`, then the cause.
    public var description: String { codedDescription }
}

extension MemcachedClientError: CodedError {
    /// `memcached client error`, as the description begins.
    package static var errorName: String { "memcached client error" }
}

extension MemcachedClientError: ConnectionFailure {
    package init(connectionFailure kind: ConnectionFailureKind, _ message: String, underlying: (any Error)?) {
        self.init(Kind(rawValue: kind.rawValue), message, underlying: underlying)
    }

    package func withMessage(_ message: String) -> MemcachedClientError {
        MemcachedClientError(kind, message, underlying: underlying)
    }
}
