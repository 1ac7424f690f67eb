// Traffik for Swift. Licensed under the Apache License 2.0 (see LICENSE).
// SPDX-License-Identifier: Apache-2.0

import TraffikConnectionPool

/// A value of the Redis serialization protocol, version 2 (RESP2): one reply from the server.
///
/// A server error reply never reaches callers of ``RedisClient`` as a value: it is thrown as
/// ``RedisServerError``. ``error(_:)`` values appear only nested inside arrays (for example in the results of
/// `EXEC`, or a table returned by a Lua script).
///
/// ```swift
/// let reply = try await client.send("INCR", "visits")
/// let visits = reply.int  // 1, 2, 3, …
/// ```
public enum RESPValue: Sendable, Hashable {
    /// A status line such as `OK` or `PONG` (`+OK\r\n`).
    case simpleString(String)
    /// An error line such as `ERR unknown command` (`-ERR …\r\n`).
    case error(String)
    /// A signed 64-bit integer (`:42\r\n`).
    case integer(Int64)
    /// Binary-safe bytes (`$3\r\nfoo\r\n`).
    case bulkString([UInt8])
    /// The null bulk string (`$-1\r\n`) or the null array (`*-1\r\n`): a missing key, a timed-out `BLPOP`.
    case null
    /// An array of values, possibly nested (`*2\r\n…`).
    case array([RESPValue])
}

extension RESPValue {
    /// The integer: the value of ``integer(_:)``, or a bulk or simple string that holds a decimal integer (as `GET`
    /// returns for a counter); `nil` otherwise.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulkString(let bytes): Int64(String(decoding: bytes, as: UTF8.self))
        case .simpleString(let text): Int64(text)
        default: nil
        }
    }

    /// The bytes of a bulk string, or the UTF-8 bytes of a simple string; `nil` otherwise.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// A simple string, or a bulk string that is valid UTF-8; `nil` otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The elements of an array; `nil` otherwise (also for the null array, which decodes as ``null``).
    public var array: [RESPValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        self == .null
    }
}

extension RESPValue: CustomStringConvertible {
    /// A short, readable rendering for logs, errors and test failures: bulk strings as quoted text when they are
    /// UTF-8, as a byte count otherwise. A reply is a server's to choose, so the rendering stops after about 200
    /// characters with an ellipsis and the reply's size: `["a", "b", …] (1048576 values, 3000000 bytes in all)`.
    public var description: String {
        var rendering = Rendering()
        rendering.append(self)
        guard rendering.isCut else { return rendering.text }
        guard case .array = self else { return rendering.text + "… (\(encodedSize) bytes in all)" }
        return rendering.text + "… (\(valueCount) values, \(encodedSize) bytes in all)"
    }

    /// How many values this is: one, plus the values of its elements for an array.
    var valueCount: Int {
        guard case .array(let elements) = self else { return 1 }
        return elements.reduce(1) { $0 + $1.valueCount }
    }

    /// How many bytes this takes on the wire.
    var encodedSize: Int {
        switch self {
        case .simpleString(let text), .error(let text): return 3 + text.utf8.count
        case .integer(let value): return 3 + String(value).utf8.count
        case .null: return 5
        case .bulkString(let bytes): return 5 + String(bytes.count).utf8.count + bytes.count
        case .array(let elements):
            return elements.reduce(3 + String(elements.count).utf8.count) { $0 + $1.encodedSize }
        }
    }
}

/// A rendering of a ``RESPValue`` that stops once it is long enough to quote.
private struct Rendering {
    static let limit = ReplyExcerpt.limit
    private(set) var text = ""
    private(set) var isCut = false

    mutating func append(_ value: RESPValue) {
        guard !isCut else { return }
        switch value {
        case .simpleString(let text): write(ReplyExcerpt.of(text))
        case .error(let text): write("(error) " + ReplyExcerpt.of(text))
        case .integer(let value): write("(integer) \(value)")
        case .null: write("(nil)")
        case .bulkString(let bytes):
            // Text is quoted (control characters escaped); other bytes are counted.
            let head = bytes.prefix(Self.limit * 4)
            let isText =
                head.count == bytes.count
                ? String(validating: head, as: UTF8.self) != nil
                : (0...3).contains { String(validating: head.dropLast($0), as: UTF8.self) != nil }
            write(isText ? "\"" + ReplyExcerpt.of(bytes: bytes) + "\"" : "(\(bytes.count) bytes)")
        case .array(let elements):
            write("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { write(", ") }
                append(element)
                if isCut { return }
            }
            write("]")
        }
    }

    private mutating func write(_ piece: String) {
        guard !isCut else { return }
        let room = Self.limit - text.count
        if piece.count <= room {
            text += piece
        } else {
            text += piece.prefix(max(0, room))
            isCut = true
        }
    }
}
