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
    /// A short, readable rendering for logs and test failures: bulk strings as quoted text when they are UTF-8, as
    /// a byte count otherwise.
    public var description: String {
        switch self {
        case .simpleString(let text): return text
        case .error(let text): return "(error) \(text)"
        case .integer(let value): return "(integer) \(value)"
        case .null: return "(nil)"
        case .bulkString(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { return "\"\(text)\"" }
            return "(\(bytes.count) bytes)"
        case .array(let elements):
            return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
