// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// An error reply from the server (`-NOSCRIPT No matching script…`), thrown by ``RedisClient``.
///
/// ``kind`` is the reply's first word, so callers can react to the errors they expect:
///
/// ```swift
/// do {
///     return try await client.send("EVALSHA", sha, 1, key)
/// } catch let error as RedisServerError where error.kind == .noScript {
///     return try await client.send("EVAL", script, 1, key)
/// }
/// ```
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of an error reply: its first word.
    public enum Kind: Sendable, Hashable {
        /// `ERR`: the generic error (wrong arguments, unknown command, a Lua runtime error).
        case generic
        /// `NOSCRIPT`: `EVALSHA` named a script the server does not have.
        case noScript
        /// `MOVED <slot> <host>:<port>`: in a cluster, the slot lives on another node for good. The host is empty
        /// when the server means "the host you are connected to". The slot is always in `0..<16384` and the port
        /// in `1...65535`; any other `MOVED` is ``other(_:)`` (see ``RedisServerError/isMalformedRedirect``).
        case moved(slot: Int, host: String, port: Int)
        /// `ASK <slot> <host>:<port>`: in a cluster, the slot is migrating; ask that node, once. Slot and port are
        /// checked as for ``moved(slot:host:port:)``.
        case ask(slot: Int, host: String, port: Int)
        /// `BUSY`: a script or function is running past its time limit.
        case busy
        /// `LOADING`: the server is loading its dataset and cannot answer yet.
        case loading
        /// `WRONGTYPE`: the key holds another kind of value.
        case wrongType
        /// Any other first word (`NOAUTH`, `WRONGPASS`, `NOPERM`, `READONLY`, `OOM`, `EXECABORT`, …).
        case other(String)
    }

    /// The class of the error.
    public var kind: Kind
    /// The whole error line as the server sent it, first word included.
    public var message: String

    /// Classifies the error line `message`.
    public init(message: String) {
        self.message = message
        self.kind = Self.kind(of: message)
    }

    /// The first word of the message (`ERR`, `NOSCRIPT`, …).
    public var code: String {
        String(message.prefix { $0 != " " })
    }

    /// The server's message, for logs; a long one is cut after 200 characters, with its length.
    public var description: String { "redis server error: \(ReplyExcerpt.of(message))" }

    /// Whether this is a `MOVED` or `ASK` whose slot or address cannot be used: a slot outside `0..<16384`, a port
    /// outside `1...65535`, or no `host:port`. Its ``kind`` is then ``Kind/other(_:)``; a cluster client treats it
    /// as a protocol error.
    public var isMalformedRedirect: Bool {
        guard code == "MOVED" || code == "ASK" else { return false }
        switch kind {
        case .moved, .ask: return false
        default: return true
        }
    }

    private static func kind(of message: String) -> Kind {
        let words = message.split(separator: " ", omittingEmptySubsequences: true)
        guard let code = words.first.map(String.init) else { return .other("") }
        switch code {
        case "ERR": return .generic
        case "NOSCRIPT": return .noScript
        case "BUSY": return .busy
        case "LOADING": return .loading
        case "WRONGTYPE": return .wrongType
        case "MOVED", "ASK":
            // The port follows the last colon, so IPv6 hosts (`::1:7001`) split correctly.
            guard words.count >= 3, let slot = Int(words[1]), (0..<RedisHashSlot.count).contains(slot),
                let colon = words[2].lastIndex(of: ":"),
                let port = Int(words[2][words[2].index(after: colon)...]), RedisNodeAddress.ports.contains(port)
            else { return .other(code) }
            let host = String(words[2][..<colon])
            return code == "MOVED"
                ? .moved(slot: slot, host: host, port: port) : .ask(slot: slot, host: host, port: port)
        default: return .other(code)
        }
    }
}
