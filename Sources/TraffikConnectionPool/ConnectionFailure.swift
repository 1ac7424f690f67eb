// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

/// The ways a pipelined connection fails, as the shared connection layer names them. Each client's error type has
/// kinds of the same names.
package enum ConnectionFailureKind: String, Sendable, Hashable {
    /// No connection within the connect timeout.
    case connectTimeout
    /// The server could not be reached, or the pool is waiting out its backoff after that.
    case connectionFailed
    /// A reply did not arrive within the command timeout.
    case commandTimeout
    /// The connection closed or broke before the reply arrived.
    case connectionClosed
    /// The client was closed.
    case clientClosed
    /// The server sent bytes that are not its protocol.
    case protocolError
}

/// A client's own error type, which the shared connection layer builds its failures as, so that callers of each
/// client see one typed error (``ConnectionFailureKind`` never reaches them).
package protocol ConnectionFailure: Error, Sendable {
    /// An error of `kind`.
    init(connectionFailure kind: ConnectionFailureKind, _ message: String, underlying: (any Error)?)
    /// The same error with another sentence for logs.
    func withMessage(_ message: String) -> Self
    /// A sentence for logs.
    var message: String { get }
}
