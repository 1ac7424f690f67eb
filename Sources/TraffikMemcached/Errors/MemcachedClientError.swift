import TraffikConnectionPool

/// A failure of the client itself: a server could not be reached or did not answer in time, a connection broke,
/// a node is marked down, the client was closed, or the bytes on the wire were not the meta protocol.
///
/// Replies in which a server reports an error (`CLIENT_ERROR`, `SERVER_ERROR`) are ``MemcachedServerError``s.
public struct MemcachedClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case connectTimeout, connectionFailed, commandTimeout, connectionClosed, clientClosed, nodeDown
            case protocolError, invalidCommand
        }
        let base: Base

        /// No connection was established within the configured connect timeout.
        public static let connectTimeout = Kind(base: .connectTimeout)
        /// The server could not be reached, or its pool is waiting out its reconnect backoff after that.
        public static let connectionFailed = Kind(base: .connectionFailed)
        /// The command got no reply within the configured command timeout; its connection is replaced.
        public static let commandTimeout = Kind(base: .commandTimeout)
        /// The connection closed or broke before the reply arrived; whether the server ran the command is unknown.
        public static let connectionClosed = Kind(base: .connectionClosed)
        /// The client was closed.
        public static let clientClosed = Kind(base: .clientClosed)
        /// The key's node failed recently and is skipped until its down interval has passed; its keys are not
        /// moved to another node.
        public static let nodeDown = Kind(base: .nodeDown)
        /// The server sent bytes that are not a meta-protocol reply.
        public static let protocolError = Kind(base: .protocolError)
        /// The command cannot be sent (a flag with a space in it, a command code that is not two letters).
        public static let invalidCommand = Kind(base: .invalidCommand)

        /// The kind's name, such as `commandTimeout`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// A sentence for logs.
    public var message: String
    /// The error underneath, if any (a NIO connect error, or the failure that marked a node down).
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// The kind, the message and the underlying error, for logs.
    public var description: String {
        if let underlying { return "memcached client error (\(kind)): \(message): \(underlying)" }
        return "memcached client error (\(kind)): \(message)"
    }
}

extension MemcachedClientError: ConnectionFailure {
    package init(connectionFailure kind: ConnectionFailureKind, _ message: String, underlying: (any Error)?) {
        let memcachedKind: Kind =
            switch kind {
            case .connectTimeout: .connectTimeout
            case .connectionFailed: .connectionFailed
            case .commandTimeout: .commandTimeout
            case .connectionClosed: .connectionClosed
            case .clientClosed: .clientClosed
            case .protocolError: .protocolError
            }
        self.init(memcachedKind, message, underlying: underlying)
    }

    package func withMessage(_ message: String) -> MemcachedClientError {
        MemcachedClientError(kind, message, underlying: underlying)
    }
}
