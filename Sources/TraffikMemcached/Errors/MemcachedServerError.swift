// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// An error line from a Memcached server: `ERROR`, `CLIENT_ERROR <message>` or `SERVER_ERROR <message>`.
///
/// The connection stays usable after one, except after a `SERVER_ERROR` that made the server close it.
public struct MemcachedServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which error line the server sent.
    public enum Kind: Sendable, Hashable {
        /// `ERROR`: the server does not know the command.
        case unknownCommand
        /// `CLIENT_ERROR`: the command was malformed, or does not apply to the item (an increment of a value that
        /// is not a number).
        case clientError
        /// `SERVER_ERROR`: the server could not carry out the command (out of memory, an item too large).
        case serverError
    }

    /// Which error line the server sent.
    public var kind: Kind
    /// The server's message (empty for `ERROR`).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The error line as the server sent it; a long message is cut after 200 characters, with its length.
    public var description: String {
        switch kind {
        case .unknownCommand: "ERROR"
        case .clientError: "CLIENT_ERROR \(ReplyExcerpt.of(message))"
        case .serverError: "SERVER_ERROR \(ReplyExcerpt.of(message))"
        }
    }
}
