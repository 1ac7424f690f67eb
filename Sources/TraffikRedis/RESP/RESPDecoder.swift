import NIOCore

/// Reads RESP2 replies from a byte stream, one complete value at a time.
///
/// Input may arrive in any chunks, down to one byte at a time: ``decode(buffer:)`` returns `nil` and consumes
/// nothing until a whole value (with all its nested elements) is buffered. Input that is not RESP2 throws a
/// ``RedisClientError`` of kind ``RedisClientError/Kind/protocolError``; after that the stream cannot be trusted
/// and the connection must be closed.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
/// ```
public struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoder produces one reply per message.
    public typealias InboundOut = RESPValue

    /// How deeply arrays may nest before the input is refused.
    public var maximumDepth: Int
    /// The longest bulk string accepted, in bytes (Redis's own `proto-max-bulk-len` defaults to 512 MiB).
    public var maximumBulkLength: Int
    /// The longest simple string, error or length line accepted, in bytes.
    public var maximumLineLength: Int

    /// Creates a decoder with the given limits.
    public init(
        maximumDepth: Int = 256,
        maximumBulkLength: Int = 512 * 1024 * 1024,
        maximumLineLength: Int = 1024 * 1024
    ) {
        self.maximumDepth = maximumDepth
        self.maximumBulkLength = maximumBulkLength
        self.maximumLineLength = maximumLineLength
    }

    /// Decodes one value from the front of `buffer`, or returns `nil` (consuming nothing) when it is incomplete.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        let view = buffer.readableBytesView
        var index = view.startIndex
        guard let value = try parseValue(view, at: &index, depth: 0) else { return nil }
        buffer.moveReaderIndex(forwardBy: index - view.startIndex)
        return value
    }

    /// Decodes what is left when the stream ends; a truncated value is dropped (the connection is gone anyway).
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    // MARK: - Parsing

    private func parseValue(_ view: ByteBufferView, at index: inout Int, depth: Int) throws -> RESPValue? {
        guard index < view.endIndex else { return nil }
        let type = view[index]
        var cursor = index + 1
        guard let line = try parseLine(view, at: &cursor) else { return nil }
        let value: RESPValue
        switch type {
        case UInt8(ascii: "+"):
            value = .simpleString(String(decoding: view[line], as: UTF8.self))
        case UInt8(ascii: "-"):
            value = .error(String(decoding: view[line], as: UTF8.self))
        case UInt8(ascii: ":"):
            value = .integer(try parseInteger(view[line]))
        case UInt8(ascii: "$"):
            let length = try parseInteger(view[line])
            if length == -1 {
                value = .null
                break
            }
            guard length >= 0, length <= maximumBulkLength else {
                throw RedisClientError.protocolError("invalid bulk string length \(length)")
            }
            let end = cursor + Int(length)
            guard end + 2 <= view.endIndex else { return nil }
            guard view[end] == UInt8(ascii: "\r"), view[end + 1] == UInt8(ascii: "\n") else {
                throw RedisClientError.protocolError("bulk string of \(length) bytes is not followed by CRLF")
            }
            value = .bulkString(Array(view[cursor..<end]))
            cursor = end + 2
        case UInt8(ascii: "*"):
            let count = try parseInteger(view[line])
            if count == -1 {
                value = .null
                break
            }
            guard count >= 0, count <= Int32.max else {
                throw RedisClientError.protocolError("invalid array length \(count)")
            }
            guard depth < maximumDepth else {
                throw RedisClientError.protocolError("arrays nested deeper than \(maximumDepth) levels")
            }
            // Every element takes at least three bytes (`+\r\n`): wait for them before parsing any.
            guard count <= (view.endIndex - cursor) / 3 else { return nil }
            var elements: [RESPValue] = []
            for _ in 0..<count {
                guard let element = try parseValue(view, at: &cursor, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            value = .array(elements)
        case UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: "!"),
            UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw RedisClientError.protocolError("RESP3 type '\(Character(Unicode.Scalar(type)))' is not supported")
        default:
            throw RedisClientError.protocolError("unexpected type byte 0x\(String(type, radix: 16))")
        }
        index = cursor
        return value
    }

    /// The range of the line starting at `index` (without CRLF), moving `index` past the CRLF; `nil` when the line
    /// is not complete yet.
    private func parseLine(_ view: ByteBufferView, at index: inout Int) throws -> Range<Int>? {
        guard let cr = view[index...].firstIndex(of: UInt8(ascii: "\r")) else {
            guard view.endIndex - index <= maximumLineLength else {
                throw RedisClientError.protocolError("line longer than \(maximumLineLength) bytes")
            }
            return nil
        }
        guard cr - index <= maximumLineLength else {
            throw RedisClientError.protocolError("line longer than \(maximumLineLength) bytes")
        }
        guard cr + 1 < view.endIndex else { return nil }
        guard view[cr + 1] == UInt8(ascii: "\n") else {
            throw RedisClientError.protocolError("carriage return not followed by line feed")
        }
        let line = index..<cr
        index = cr + 2
        return line
    }

    /// A decimal `Int64` with an optional minus sign; anything else throws.
    private func parseInteger(_ digits: ByteBufferView.SubSequence) throws -> Int64 {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { throw RedisClientError.protocolError("empty integer") }
        var value: Int64 = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw RedisClientError.protocolError("invalid integer '\(String(decoding: digits, as: UTF8.self))'")
            }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else {
                throw RedisClientError.protocolError(
                    "integer out of range '\(String(decoding: digits, as: UTF8.self))'"
                )
            }
            value = next
        }
        return value
    }
}
