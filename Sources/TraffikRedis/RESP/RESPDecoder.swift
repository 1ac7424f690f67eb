import NIOCore
import TraffikConnectionPool

/// Reads RESP2 replies from a byte stream, one complete value at a time.
///
/// Input may arrive in any chunks, down to one byte at a time: ``decode(buffer:)`` returns `nil` and consumes
/// nothing until a whole value (with all its nested elements) is buffered. Input that is not RESP2, or a reply past
/// one of the decoder's ``limits``, throws a ``RedisClientError`` of kind ``RedisClientError/Kind/protocolError``;
/// after that the stream cannot be trusted and the connection must be closed.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
/// ```
public struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    /// The decoder produces one reply per message.
    public typealias InboundOut = RESPValue

    /// The largest reply accepted.
    public var limits: RESPReplyLimits

    /// Creates a decoder with the given limits.
    public init(limits: RESPReplyLimits = RESPReplyLimits()) {
        self.limits = limits
    }

    /// Decodes one value from the front of `buffer`, or returns `nil` (consuming nothing) when it is incomplete.
    ///
    /// - Throws: ``RedisClientError/Kind/protocolError`` for input that is not RESP2, and for a reply past the
    ///   limits, including one whose bytes buffered so far already exceed ``RESPReplyLimits/maximumReplySize``.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        let view = buffer.readableBytesView
        var parser = Parser(view: view, limits: limits)
        var index = view.startIndex
        guard let value = try parser.parseValue(at: &index, depth: 0) else {
            // Everything buffered belongs to the reply still arriving.
            guard view.count <= limits.maximumReplySize else {
                throw RedisClientError.protocolError(
                    "a reply longer than \(limits.maximumReplySize) bytes (\(view.count) buffered so far)"
                )
            }
            return nil
        }
        buffer.moveReaderIndex(forwardBy: index - view.startIndex)
        return value
    }

    /// Decodes what is left when the stream ends; a truncated value is dropped (the connection is gone anyway).
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }
}

/// One attempt at reading a value from the front of the buffered bytes.
private struct Parser {
    let view: ByteBufferView
    let limits: RESPReplyLimits
    /// How many more values the reply may hold.
    var elementsLeft: Int

    init(view: ByteBufferView, limits: RESPReplyLimits) {
        self.view = view
        self.limits = limits
        self.elementsLeft = limits.maximumElements
    }

    /// The bytes of the reply from its start to `index`.
    private func replySize(to index: Int) -> Int {
        index - view.startIndex
    }

    mutating func parseValue(at index: inout Int, depth: Int) throws -> RESPValue? {
        guard index < view.endIndex else { return nil }
        elementsLeft -= 1
        guard elementsLeft >= 0 else {
            throw RedisClientError.protocolError("a reply of more than \(limits.maximumElements) values")
        }
        let type = view[index]
        var cursor = index + 1
        guard let line = try parseLine(at: &cursor) else { return nil }
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
            guard length >= 0, length <= limits.maximumBulkLength else {
                throw RedisClientError.protocolError(
                    "invalid bulk string length \(length) (the limit is \(limits.maximumBulkLength) bytes)"
                )
            }
            guard length <= limits.maximumReplySize - replySize(to: cursor) else {
                throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
            }
            // The reply's bytes so far and `length` fit in the reply size, so this cannot overflow.
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
            guard count >= 0, count <= limits.maximumArrayLength else {
                throw RedisClientError.protocolError(
                    "invalid array length \(count) (the limit is \(limits.maximumArrayLength) elements)"
                )
            }
            guard depth < limits.maximumDepth else {
                throw RedisClientError.protocolError("arrays nested deeper than \(limits.maximumDepth) levels")
            }
            guard count <= elementsLeft else {
                throw RedisClientError.protocolError("a reply of more than \(limits.maximumElements) values")
            }
            // Every element takes at least three bytes (`+\r\n`): wait for them before parsing any.
            guard count <= (limits.maximumReplySize - replySize(to: cursor)) / 3 else {
                throw RedisClientError.protocolError("a reply longer than \(limits.maximumReplySize) bytes")
            }
            guard count <= (view.endIndex - cursor) / 3 else { return nil }
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let element = try parseValue(at: &cursor, depth: depth + 1) else { return nil }
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
    private func parseLine(at index: inout Int) throws -> Range<Int>? {
        // Look no further than the longest line allowed: a line that never ends is refused, not buffered.
        let remaining = view.endIndex - index
        let searchEnd = index + (limits.maximumLineLength < remaining ? limits.maximumLineLength + 1 : remaining)
        guard let cr = view[index..<searchEnd].firstIndex(of: UInt8(ascii: "\r")) else {
            guard searchEnd - index <= limits.maximumLineLength else {
                throw RedisClientError.protocolError("line longer than \(limits.maximumLineLength) bytes")
            }
            return nil
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
                throw RedisClientError.protocolError("invalid integer '\(ReplyExcerpt.of(bytes: digits))'")
            }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else {
                throw RedisClientError.protocolError("integer out of range '\(ReplyExcerpt.of(bytes: digits))'")
            }
            value = next
        }
        return value
    }
}
