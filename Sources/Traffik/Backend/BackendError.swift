/// A failure of a backend: the store is unreachable, timed out, full, or refused an operation.
///
/// Throttles pass these through their ``ErrorPolicy``.
public struct BackendError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable, Hashable {
            case unavailable, timeout, closed, keyCapacity, lockTimeout, contention, invalidValue, server
        }
        let base: Base

        /// The store cannot be reached.
        public static let unavailable = Kind(base: .unavailable)
        /// The store did not answer in time.
        public static let timeout = Kind(base: .timeout)
        /// The backend was closed.
        public static let closed = Kind(base: .closed)
        /// The in-memory table is full of live keys.
        public static let keyCapacity = Kind(base: .keyCapacity)
        /// A lock could not be taken in time.
        public static let lockTimeout = Kind(base: .lockTimeout)
        /// Too many concurrent writers on one key (compare-and-swap retries ran out).
        public static let contention = Kind(base: .contention)
        /// A stored value is not what the operation expects (an increment on non-integer bytes).
        public static let invalidValue = Kind(base: .invalidValue)
        /// The store answered with an error.
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

    public var description: String {
        if let underlying { return "backend error (\(kind)): \(message): \(underlying)" }
        return "backend error (\(kind)): \(message)"
    }
}
