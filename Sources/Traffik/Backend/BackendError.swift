// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// A failure of a backend: the store is unreachable, timed out, full, or refused an operation.
///
/// Every backend reports its store's failures as these, whatever its client throws underneath (kept as
/// ``underlying``), so an ``ErrorPolicy``, a ``CircuitBreaker`` or your own code can tell the kinds apart without
/// importing a store module:
///
/// ```swift
/// // Let requests through while the store is away; refuse them for a second when it answers wrongly.
/// let policy = ErrorPolicy.custom { failure in
///     let kind = (failure.error as? BackendError)?.kind
///     return kind == .unavailable || kind == .timeout
///         ? .unrestricted(.errorPolicy) : .refused(.errorPolicy, retryAfter: .seconds(1), rate: failure.rate)
/// }
/// ```
///
/// Throttles pass these through their ``ErrorPolicy``.
public struct BackendError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case unavailable, timeout, closed, `protocol`, keyCapacity, lockTimeout, contention, invalidValue, server
        }
        let base: Base

        /// The store cannot be reached or cannot serve now: no connection could be opened, a connection broke
        /// with a command in flight, the store is loading or read-only, a breaker is open.
        public static let unavailable = Kind(base: .unavailable)
        /// The store did not answer in time (a command timeout, or a ``ResilientBackend`` deadline).
        public static let timeout = Kind(base: .timeout)
        /// The backend or its client was closed.
        public static let closed = Kind(base: .closed)
        /// The store's reply could not be read: bytes that are not the protocol, a reply past the client's limits,
        /// or one that makes no sense for its command. The connection is dropped.
        public static let `protocol` = Kind(base: .protocol)
        /// The in-memory table is full of live keys.
        public static let keyCapacity = Kind(base: .keyCapacity)
        /// A lock could not be taken in time.
        public static let lockTimeout = Kind(base: .lockTimeout)
        /// Too many concurrent writers on one key (compare-and-swap retries ran out).
        public static let contention = Kind(base: .contention)
        /// A stored value is not what the operation expects (an increment on non-integer bytes).
        public static let invalidValue = Kind(base: .invalidValue)
        /// The store answered with an error (a script error, an authentication refusal, a reply of the wrong
        /// shape for a script).
        public static let server = Kind(base: .server)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// A sentence for logs.
    public var message: String
    /// The error underneath, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// The kind, the message and the underlying error, for logs.
    public var description: String { codedDescription }
}

extension BackendError: CodedError {
    /// `backend error`, as the description begins.
    package static var errorName: String { "backend error" }
}
